# The record cmdlets on a server store (Garnet, one node per file) and on an embedded store, from
# one set of behaviour definitions; the known differences of a server store are asserted as such.

BeforeDiscovery {
    # Redis 8 joins where a redis-server of version 8 or later is on PATH; otherwise its tests say why they skip.
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $RedisServer = Get-VelesRedisServer
    $Backends = @(@{ Backend = 'Mmap' }, @{ Backend = 'Garnet' }) + @(if (-not $RedisServer.SkipReason) { @{ Backend = 'Redis' } })
    $RedisSkipped = @(if ($RedisServer.SkipReason) { @{ Reason = $RedisServer.SkipReason } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    $script:Garnet = Start-VelesGarnet
    $script:Redis = if (-not (Get-VelesRedisServer).SkipReason) { Start-VelesRedis }

    function New-BackendStore {
        # A new, empty store of the backend: a folder under $TestDrive, or a fresh name on the Garnet node.
        param([string] $Backend, [int] $Dimension = 3, [string] $Metric)
        $extra = @{}
        if ($Metric) { $extra.Metric = $Metric }
        if ($Backend -eq 'Garnet') {
            return New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/t-$([guid]::NewGuid().ToString('n'))" -Dimension $Dimension @extra
        }
        if ($Backend -eq 'Redis') {
            return New-VelesStore -Uri "redis://127.0.0.1:$($script:Redis.Port)/t-$([guid]::NewGuid().ToString('n'))" -Dimension $Dimension @extra
        }
        New-VelesStore -Path (Join-Path $TestDrive "db-$([guid]::NewGuid().ToString('n'))") -Dimension $Dimension
    }
}

AfterAll {
    try { Close-EveryStore } finally {
        Stop-VelesGarnet $script:Garnet
        Stop-VelesRedis $script:Redis
    }
}

Describe 'Records on a Redis 8 store' -ForEach $RedisSkipped {
    It 'runs the record behaviours on Redis 8 too, where a redis-server of version 8 or later is on PATH' {
        Set-ItResult -Skipped -Because $Reason
    }
}

Describe 'Records on a <Backend> store' -ForEach $Backends {
    BeforeEach {
        $store = New-BackendStore -Backend $Backend
        @(
            [pscustomobject]@{ Id = 'a'; Vector = @(1, 0, 0); Colour = 'red'; Size = 3 }
            [pscustomobject]@{ Id = 'b'; Vector = @(0, 1, 0); Colour = 'blue'; Size = 5 }
            [pscustomobject]@{ Id = 'c'; Vector = @(0.9, 0.1, 0); Colour = 'red'; Size = 8 }
        ) | Add-VelesVector -Store $store
    }
    AfterEach { Close-VelesStore -Store $store }

    It 'gives back exactly the vectors and attributes that were added' {
        $got = Get-VelesVector -Store $store -Id 'c'
        $got.Vector | Should -Be ([float[]] @(0.9, 0.1, 0))
        $got.Attributes.Colour | Should -Be 'red'
        $got.Attributes.Size | Should -Be 8
        $store.Count | Should -Be 3
    }

    It 'streams every record' {
        (Get-VelesVector -Store $store | ForEach-Object Id | Sort-Object) | Should -Be @('a', 'b', 'c')
    }

    It 'removes the records piped from Get-VelesVector' {
        Get-VelesVector -Store $store -Id 'a', 'b' | Remove-VelesVector -Store $store -Confirm:$false
        $store.Count | Should -Be 1
        Get-VelesVector -Store $store -Id 'a' -ErrorAction SilentlyContinue -ErrorVariable missing | Should -BeNullOrEmpty
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.VectorNotFound,*'
    }

    It 'replaces attributes with Set-VelesVector and keeps the vector' {
        Set-VelesVector -Store $store -Id 'b' -Attributes @{ Colour = 'navy' }
        $got = Get-VelesVector -Store $store -Id 'b'
        $got.Attributes.Colour | Should -Be 'navy'
        $got.Vector | Should -Be ([float[]] @(0, 1, 0))
    }

    It 'finds the nearest records by cosine similarity, best first' {
        $hits = Find-VelesVector -Store $store -Vector @(1, 0, 0) -Top 2
        $hits.Id | Should -Be @('a', 'c')
        $hits[0].Score | Should -BeGreaterThan 0.999
        $hits[0].Metric | Should -Be 'Cosine'
    }

    It 'finds only the records a filter matches' {
        $hits = Find-VelesVector -Store $store -Vector @(0, 1, 0) -Top 3 -Filter '.Colour == "red"'
        ($hits.Id | Sort-Object) | Should -Be @('a', 'c')
        (Get-VelesVector -Store $store -Filter '.Size > 4' | ForEach-Object Id | Sort-Object) | Should -Be @('b', 'c')
    }

    It 'reports the record count and dimension in Get-VelesMetrics' {
        $metrics = Get-VelesMetrics -Store $store
        $metrics.VectorCount | Should -Be 3
        $metrics.Dimension | Should -Be 3
    }

    It 'refuses a vector of another dimension as VelesDb.DimensionMismatch' {
        Add-VelesVector -Store $store -Id 'd' -Vector @(1, 2) -ErrorAction SilentlyContinue -ErrorVariable bad
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.DimensionMismatch,*'
        $store.Count | Should -Be 3
    }

    It 'says whether its search is exact: an embedded store scans every record, a server searches approximately' {
        $hit = Find-VelesVector -Store $store -Vector @(1, 0, 0) -Top 1 -Effort 200
        $hit.Exact | Should -Be ($Backend -eq 'Mmap')
    }

    It 'compacts an embedded store; a server store answers VelesDb.NotSupported' {
        if ($Backend -eq 'Mmap') {
            { Invoke-VelesCompaction -Store $store -Confirm:$false } | Should -Not -Throw
        }
        else {
            { Invoke-VelesCompaction -Store $store -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'VelesDb.NotSupported*'
        }
    }
}

Describe 'A server store' {
    It 'keeps the metric it was created with and scores in the module''s convention' {
        $store = New-BackendStore -Backend Garnet -Metric Euclidean
        Add-VelesVector -Store $store -Id 1 -Vector @(0, 0, 0)
        Add-VelesVector -Store $store -Id 2 -Vector @(3, 4, 0)
        $hits = Find-VelesVector -Store $store -Vector @(0, 0, 0) -Top 2
        $hits.Id | Should -Be @([ulong] 1, [ulong] 2)
        $hits[1].Metric | Should -Be 'Euclidean'
        $hits[1].Score | Should -BeGreaterThan 4.99
        $hits[1].Score | Should -BeLessThan 5.01
        Close-VelesStore -Store $store
    }

    It 'opens again by -Uri with the same records' {
        $uri = "redis://127.0.0.1:$($script:Garnet.Port)/t-$([guid]::NewGuid().ToString('n'))"
        $store = New-VelesStore -Uri $uri -Dimension 2
        Add-VelesVector -Store $store -Id 7 -Vector @(0.5, 0.25)
        Close-VelesStore -Store $store
        $again = Open-VelesStore -Uri $uri
        $again.Backend | Should -Be 'Redis'
        $again.Dimension | Should -Be 2
        (Get-VelesVector -Store $again -Id 7).Vector | Should -Be ([float[]] @(0.5, 0.25))
        Close-VelesStore -Store $again
    }

    It 'answers VelesDb.ServerUnavailable when no server listens there' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        { Open-VelesStore -Uri "redis://127.0.0.1:$port/nothing" -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.ServerUnavailable*'
    }

    It 'answers VelesDb.ForeignKey for a key that holds another kind of value' {
        $name = "plain-$([guid]::NewGuid().ToString('n'))"
        $client = [StackExchange.Redis.ConnectionMultiplexer]::Connect("127.0.0.1:$($script:Garnet.Port)")
        try { $null = $client.GetDatabase().StringSet($name, 'not a store') } finally { $client.Dispose() }
        { Open-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$name" -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.ForeignKey*'
    }

    It 'never shows the password of its credential in the handle or its path' {
        $secret = ConvertTo-SecureString 'hunter2-secret' -AsPlainText -Force
        $credential = [pscredential]::new('default', $secret)
        $store = New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/t-$([guid]::NewGuid().ToString('n'))" -Dimension 2 -Credential $credential -ErrorAction SilentlyContinue -ErrorVariable failed
        "$store $($store.Path) $($failed | Out-String) $($store | Format-List * | Out-String)" | Should -Not -Match 'hunter2'
        if ($store) { Close-VelesStore -Store $store }
    }

    It 'takes the records of an embedded store from the pipeline, keys and attributes kept' {
        $local = New-VelesStore -Path (Join-Path $TestDrive 'local') -Dimension 2
        [pscustomobject]@{ Id = 'x'; Vector = @(1, 2); Tag = 'kept' } | Add-VelesVector -Store $local
        Add-VelesVector -Store $local -Id 9 -Vector @(3, 4)
        Close-VelesStore -Store $local
        $remote = New-BackendStore -Backend Garnet -Dimension 2
        Get-VelesVector -Path (Join-Path $TestDrive 'local') | Add-VelesVector -Store $remote
        $remote.Count | Should -Be 2
        $x = Get-VelesVector -Store $remote -Id 'x'
        $x.Vector | Should -Be ([float[]] @(1, 2))
        $x.Attributes.Tag | Should -Be 'kept'
        (Get-VelesVector -Store $remote -Id 9).Vector | Should -Be ([float[]] @(3, 4))
        Close-VelesStore -Store $remote
    }
}
