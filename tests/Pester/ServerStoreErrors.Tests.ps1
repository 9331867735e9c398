# Bad input and failures of server stores through the cmdlets: each gives its own VelesDb error id,
# and no password, however it was given, shows in a handle, an error, a message or a log stream.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    $script:Password = 'pw-7f3e-hunter2'
    $script:Garnet = Start-VelesGarnet
    $script:Locked = Start-VelesGarnet -ArgumentList '--auth', 'Password', '--password', $script:Password

    function New-StoreName { "t-$([guid]::NewGuid().ToString('n'))" }

    function Get-ErrorText {
        # Everything an error record can show: its message, target, details, the whole record and exception as text.
        param($ErrorRecord)
        @(
            $ErrorRecord.Exception.ToString()
            "$($ErrorRecord.TargetObject)"
            "$($ErrorRecord.ErrorDetails)"
            "$($ErrorRecord.CategoryInfo)"
            ($ErrorRecord | Format-List * -Force | Out-String)
            ($ErrorRecord.Exception | Format-List * -Force | Out-String)
        ) -join "`n"
    }

    function Invoke-Raw {
        # One command on the server by a client of its own, as another application would send it.
        param([int] $Port, [string] $Command, [object[]] $Arguments)
        $client = [StackExchange.Redis.ConnectionMultiplexer]::Connect("127.0.0.1:$Port,allowAdmin=true")
        try { $client.GetDatabase().Execute($Command, $Arguments) } finally { $client.Dispose() }
    }

    function Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $port
    }
}

AfterAll {
    # The servers stop even when closing a store fails (one whose server a test killed).
    try { Close-EveryStore } finally {
        Stop-VelesGarnet $script:Garnet
        Stop-VelesGarnet $script:Locked
    }
}

Describe 'A server that cannot be reached' {
    It 'answers VelesDb.ServerUnavailable to New-VelesStore and Open-VelesStore, naming the server' {
        $port = Get-FreePort
        { New-VelesStore -Uri "redis://127.0.0.1:$port/nothing" -Dimension 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.ServerUnavailable,*' -ExpectedMessage "*127.0.0.1:$port*"
        Open-VelesStore -Uri "redis://127.0.0.1:$port/nothing" -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.ServerUnavailable,*'
        $failed[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $failed[0].TargetObject | Should -Be "redis://127.0.0.1:$port/nothing"
    }

    It 'fails reads of a store whose server went away with VelesDb.ServerUnavailable, and goes on once it is back' {
        $server = Start-VelesGarnet -ArgumentList '--aof'
        try {
            $store = New-VelesStore -Uri "redis://127.0.0.1:$($server.Port)/$(New-StoreName)" -Dimension 2
            Add-VelesVector -Store $store -Id 1 -Vector @(1, 0)
            Stop-VelesGarnetProcess $server
            { Get-VelesVector -Store $store -Id 1 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.ServerUnavailable,*'
            { Find-VelesVector -Store $store -Vector @(1, 0) -Top 1 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.ServerUnavailable,*'
            $server = Restart-VelesGarnet $server -ArgumentList '--aof', '--recover'
            (Get-VelesVector -Store $store -Id 1).Vector | Should -Be ([float[]] @(1, 0))
            Add-VelesVector -Store $store -Id 2 -Vector @(0, 1)
            (Get-VelesVector -Store $store | ForEach-Object Id | Sort-Object) | Should -Be @([ulong] 1, [ulong] 2)
            Close-VelesStore -Store $store
        }
        finally { Stop-VelesGarnet $server }
    }
}

Describe 'A server that wants a password' {
    It 'answers VelesDb.AuthenticationFailed to a wrong password, without showing it' {
        $wrong = [pscredential]::new('default', (ConvertTo-SecureString 'not-the-pw-9c1d' -AsPlainText -Force))
        $failed = $null
        try { New-VelesStore -Uri "redis://127.0.0.1:$($script:Locked.Port)/$(New-StoreName)" -Dimension 2 -Credential $wrong -ErrorAction Stop } catch { $failed = $_ }
        $failed.FullyQualifiedErrorId | Should -BeLike 'VelesDb.AuthenticationFailed,*'
        $failed.CategoryInfo.Category | Should -Be 'AuthenticationError'
        Get-ErrorText $failed | Should -Not -Match 'not-the-pw-9c1d'
    }

    It 'answers VelesDb.AuthenticationFailed when no password is given' {
        { Open-VelesStore -Uri "redis://127.0.0.1:$($script:Locked.Port)/$(New-StoreName)" -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.AuthenticationFailed,*'
    }

    It 'answers VelesDb.AuthenticationFailed to a wrong password in the URI, without showing it' {
        Open-VelesStore -Uri "redis://default:not-the-pw-51ab@127.0.0.1:$($script:Locked.Port)/$(New-StoreName)" -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.AuthenticationFailed,*'
        Get-ErrorText $failed[0] | Should -Not -Match 'not-the-pw-51ab'
    }

    It 'opens with the right -Credential, and the password shows nowhere: handle, path, ToString, Get-VelesStore, metrics, verbose and debug output' {
        $credential = [pscredential]::new('default', (ConvertTo-SecureString $script:Password -AsPlainText -Force))
        $uri = "redis://127.0.0.1:$($script:Locked.Port)/$(New-StoreName)"
        $streams = & {
            $store = New-VelesStore -Uri $uri -Dimension 2 -Credential $credential -Verbose -Debug
            Add-VelesVector -Store $store -Id 'a' -Vector @(1, 0) -Verbose -Debug
            Close-VelesStore -Store $store -Verbose -Debug
            $store = Open-VelesStore -Uri $uri -Credential $credential -Verbose -Debug
            $store
            "$store"
            $store.Path
            $store | Format-List * -Force | Out-String
            Get-VelesStore | Format-List * -Force | Out-String
            Get-VelesMetrics -Store $store | Format-List * -Force | Out-String
            Find-VelesVector -Store $store -Vector @(1, 0) -Top 1 | Format-List * -Force | Out-String
            Get-VelesVector -Store $store -Id 'a' | Format-List * -Force | Out-String
        } *>&1 | Out-String -Width 500
        $streams | Should -Match ([regex]::Escape($uri))
        $streams | Should -Not -Match ([regex]::Escape($script:Password))
        Close-VelesStore -Path $uri
    }

    It 'takes the user and password from the URI when -Credential is not given, and shows neither password nor URI user info' {
        $name = New-StoreName
        $streams = & {
            $store = New-VelesStore -Uri "redis://default:$($script:Password)@127.0.0.1:$($script:Locked.Port)/$name" -Dimension 2 -Verbose
            Add-VelesVector -Store $store -Id 1 -Vector @(0, 1)
            $store | Format-List * -Force | Out-String
            Get-VelesStore | Format-List * -Force | Out-String
            $store.Count
        } *>&1 | Out-String -Width 500
        $streams | Should -Match "redis://127.0.0.1:$($script:Locked.Port)/$name"
        $streams | Should -Not -Match ([regex]::Escape($script:Password))
        Close-VelesStore -Path "redis://127.0.0.1:$($script:Locked.Port)/$name"
    }
}

Describe 'A malformed -Uri with a password in it' {
    It 'is refused without echoing the password when <Case>' -ForEach @(
        @{ Case = 'the port is out of range'; Uri = 'redis://bob:Sekr1t-pw@127.0.0.1:99999/x' }
        @{ Case = 'it names no store'; Uri = 'redis://bob:Sekr1t-pw@127.0.0.1:6399' }
        @{ Case = 'it has a query'; Uri = 'redis://bob:Sekr1t-pw@127.0.0.1:6399/x?db=1' }
        @{ Case = 'its host is empty'; Uri = 'redis://bob:Sekr1t-pw@:6399/x' }
    ) {
        foreach ($command in 'New-VelesStore', 'Open-VelesStore') {
            $arguments = @{ Uri = $Uri }
            if ($command -eq 'New-VelesStore') { $arguments.Dimension = 2 }
            $failed = $null
            try { & $command @arguments -ErrorAction Stop } catch { $failed = $_ }
            $failed | Should -Not -BeNullOrEmpty -Because "$command must refuse '$Case'"
            Get-ErrorText $failed | Should -Not -Match 'Sekr1t' -Because "$command's error must not show the password"
        }
    }

    It 'refuses a URI that names no server as VelesDb.InvalidPath, and makes no folder of it' {
        Push-Location $TestDrive
        try {
            foreach ($uri in 'vectors', 'redis:/bob:Sekr1t-pw@127.0.0.1/x', 'http://127.0.0.1:6399/x') {
                $failed = $null
                try { New-VelesStore -Uri $uri -Dimension 2 -ErrorAction Stop } catch { $failed = $_ }
                $failed.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidPath,*' -Because "'$uri' is no server location"
                Get-ErrorText $failed | Should -Not -Match 'Sekr1t'
            }
            Get-ChildItem -LiteralPath $TestDrive -Recurse | Should -BeNullOrEmpty
        }
        finally { Pop-Location }
    }
}

Describe 'Bad input to a server store' {
    It 'refuses a vector and a query of another dimension as VelesDb.DimensionMismatch' {
        $store = New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$(New-StoreName)" -Dimension 3
        Add-VelesVector -Store $store -Id 1 -Vector @(1, 0, 0)
        Add-VelesVector -Store $store -Id 2 -Vector @(1, 0) -ErrorAction SilentlyContinue -ErrorVariable bad
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.DimensionMismatch,*'
        $bad[0].TargetObject | Should -Be 2
        { Find-VelesVector -Store $store -Vector @(1, 0) -Top 1 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.DimensionMismatch,*'
        $store.Count | Should -Be 1
        Close-VelesStore -Store $store
    }

    It 'refuses New-VelesStore -Force of another dimension over an existing store as VelesDb.StoreExists' {
        $uri = "redis://127.0.0.1:$($script:Garnet.Port)/$(New-StoreName)"
        New-VelesStore -Uri $uri -Dimension 3 | Close-VelesStore
        { New-VelesStore -Uri $uri -Dimension 4 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreExists,*'
        { New-VelesStore -Uri $uri -Dimension 4 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreExists,*'
        (New-VelesStore -Uri $uri -Dimension 3 -Force).Dimension | Should -Be 3
        Close-VelesStore -Path $uri
    }

    It 'answers VelesDb.NotSupported to what only an embedded store does: verification, backup, another metric' {
        $store = New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$(New-StoreName)" -Dimension 2
        Add-VelesVector -Store $store -Id 1 -Vector @(1, 0)
        { Test-VelesStore -Store $store -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.NotSupported,*'
        { Backup-VelesStore -Store $store -Destination (Join-Path $TestDrive 'copy') -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.NotSupported,*'
        Join-Path $TestDrive 'copy' | Should -Not -Exist
        { Find-VelesVector -Store $store -Vector @(1, 0) -Top 1 -Metric Euclidean -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.NotSupported,*'
        { New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$(New-StoreName)" -Dimension 2 -Shards 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.NotSupported,*' -ExpectedMessage '*cluster*'
        Close-VelesStore -Store $store
    }

    It 'answers VelesDb.StoreNotFound to Open-VelesStore of a name the server does not have' {
        { Open-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$(New-StoreName)" -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.StoreNotFound,*'
    }

    It 'answers VelesDb.ForeignKey when the key holds <Holds>, and leaves the key as it was' -ForEach @(
        @{ Holds = 'a string'; Write = { param($port, $key) Invoke-Raw $port 'SET' @($key, 'not a store') }; Type = 'string' }
        @{ Holds = 'a hash'; Write = { param($port, $key) Invoke-Raw $port 'HSET' @($key, 'f', 'v') }; Type = 'hash' }
        @{ Holds = 'a vector set another client made'; Write = { param($port, $key) Invoke-Raw $port 'VADD' @($key, 'VALUES', 2, 1, 0, 'e1') }; Type = 'vectorset' }
    ) {
        $name = New-StoreName
        & $Write $script:Garnet.Port $name
        { New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$name" -Dimension 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.ForeignKey,*'
        { Open-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$name" -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.ForeignKey,*'
        "$(Invoke-Raw $script:Garnet.Port 'TYPE' @($name))" | Should -Be $Type
        "$(Invoke-Raw $script:Garnet.Port 'EXISTS' @("$($name):meta"))" | Should -Be '0'
    }
}

Describe 'A server without vector sets' {
    It 'answers VelesDb.NotSupported from Garnet started without them, saying how to turn them on' {
        $server = Start-VelesGarnet -WithoutVectorSets
        try {
            { New-VelesStore -Uri "redis://127.0.0.1:$($server.Port)/$(New-StoreName)" -Dimension 2 -ErrorAction Stop } |
                Should -Throw -ErrorId 'VelesDb.NotSupported,*' -ExpectedMessage '*--enable-vector-set-preview*'
            { Open-VelesStore -Uri "redis://127.0.0.1:$($server.Port)/x" -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.NotSupported,*'
        }
        finally { Stop-VelesGarnet $server }
    }

    It 'answers VelesDb.NotSupported from a Redis before 8 (the redis-server on PATH)' {
        $found = Get-VelesRedisServer
        if (-not $found.Path) { Set-ItResult -Skipped -Because $found.SkipReason; return }
        if ($found.Version.Major -ge 8) { Set-ItResult -Skipped -Because "the redis-server on PATH is $($found.Version), which has vector sets"; return }
        $server = Start-VelesRedis
        try {
            { New-VelesStore -Uri "redis://127.0.0.1:$($server.Port)/x" -Dimension 2 -ErrorAction Stop } |
                Should -Throw -ErrorId 'VelesDb.NotSupported,*' -ExpectedMessage '*Redis 8*'
            { Open-VelesStore -Uri "redis://127.0.0.1:$($server.Port)/x" -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.NotSupported,*'
        }
        finally { Stop-VelesRedis $server }
    }
}

Describe 'A connection that drops in the middle of a pipeline' {
    It 'goes on after the server closes the connection (CLIENT KILL) between batches, and stores every record' {
        $store = New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/$(New-StoreName)" -Dimension 2
        $killed = 0
        0..599 | ForEach-Object {
            if ($_ -in 150, 350) {
                # Every connection of the client VelesDb names itself as (this session's only one).
                $killed += [long] (Invoke-Raw $script:Garnet.Port 'CLIENT' @('KILL', 'SKIPME', 'yes', 'TYPE', 'normal'))
            }
            [pscustomobject]@{ Id = $_; Vector = @($_, 1) }
        } | Add-VelesVector -Store $store -BatchSize 100
        $killed | Should -BeGreaterThan 0 -Because 'the server must have closed the store''s connection'
        $store.Count | Should -Be 600
        (Get-VelesVector -Store $store -Id 599).Vector | Should -Be ([float[]] @(599, 1))
        Close-VelesStore -Store $store
    }

    It 'names the records of the batch that was not acknowledged (VelesDb.WriteNotAcknowledged) when the server dies, and keeps every batch acknowledged before' {
        $server = Start-VelesGarnet -ArgumentList '--aof', '--aof-commit-wait'
        try {
            $uri = "redis://127.0.0.1:$($server.Port)/$(New-StoreName)"
            $store = New-VelesStore -Uri $uri -Dimension 2
            $failed = $null
            try {
                0..499 | ForEach-Object {
                    if ($_ -eq 250) { Stop-VelesGarnetProcess $server }
                    [pscustomobject]@{ Id = $_; Vector = @($_, 1); Tag = "n$_" }
                } | Add-VelesVector -Store $store -BatchSize 100 -ErrorAction Stop
            }
            catch { $failed = $_ }
            $failed.FullyQualifiedErrorId | Should -BeLike 'VelesDb.WriteNotAcknowledged,*'
            $failed.CategoryInfo.Category | Should -Be 'WriteError'
            # Batches 0-99 and 100-199 were acknowledged; 200-299 was queued around the kill and sent after it.
            $notStored = @($failed.Exception.Keys | ForEach-Object { $_.ToString() })
            $notStored | Should -Be @(200..299 | ForEach-Object { "$_" })
            $failed.Exception.Message | Should -Match '\b200\b'
            $failed.Exception.Message | Should -Match '100 record'
            # Closing needs no server: the connection is let go of, and the handle says it is closed.
            { Close-VelesStore -Store $store -ErrorAction Stop } | Should -Not -Throw
            $store.IsOpen | Should -BeFalse

            $server = Restart-VelesGarnet $server -ArgumentList '--aof', '--recover'
            $again = Open-VelesStore -Uri $uri
            $again.Count | Should -Be 200
            (Get-VelesVector -Store $again | ForEach-Object Id | Sort-Object) | Should -Be @(0..199 | ForEach-Object { [ulong] $_ })
            (Get-VelesVector -Store $again -Id 199).Attributes.Tag | Should -Be 'n199'
            Close-VelesStore -Store $again
        }
        finally { Stop-VelesGarnet $server }
    }
}
