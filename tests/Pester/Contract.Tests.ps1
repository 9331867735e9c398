# The cmdlets reach stores only through the store contract: a second backend, compiled here from
# Backends/MemoryBackend.cs and registered under mem://, is driven by the same cmdlets, and what it
# lacks (compaction) is reported as VelesDb.NotSupported naming it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    Register-VelesMemoryBackend
}

AfterAll {
    Close-EveryStore
}

Describe 'A store of another backend behind the same cmdlets' {
    BeforeEach {
        $name = 'mem://t{0}' -f [guid]::NewGuid().ToString('N')
        $store = New-VelesStore -Path $name -Dimension 2
    }
    AfterEach { Close-EveryStore }

    It 'is created, written, read, searched and deleted from like an embedded store' {
        $store.Backend | Should -Be 'Memory'
        $store.Path | Should -Be $name

        1..5 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = $_, 0 } } | Add-VelesVector -Store $store
        $store.Count | Should -Be 5
        (Get-VelesVector -Store $store -Id 3).Vector | Should -Be @(3, 0)
        (Get-VelesVector -Path $name | Measure-Object).Count | Should -Be 5

        $hits = Find-VelesVector -Store $store -Vector 4.2, 0 -Top 2 -Metric Euclidean
        $hits.Id | Should -Be @(4, 5)

        Get-VelesVector -Store $store -Id 1, 2 | Remove-VelesVector
        $store.Count | Should -Be 3
    }

    It 'passes stored records through with -PassThru' {
        $out = @([pscustomobject]@{ Id = 9; Vector = 1, 2 }) | Add-VelesVector -Store $store -PassThru
        $out.Id | Should -Be 9
        $out.StorePath | Should -Be $name
    }

    It 'reports the common metrics and the backend''s own figures as properties' {
        $metrics = Get-VelesMetrics -Store $store
        $metrics.Backend | Should -Be 'Memory'
        $metrics.Dimension | Should -Be 2
        $metrics.Process | Should -Be $PID
        $metrics.Details['Process'] | Should -Be $PID
        $metrics.PSObject.TypeNames[0] | Should -Be 'VelesDb.PowerShell.VelesMetrics#Memory'
        ($metrics | Out-String) | Should -BeLike '*Process=*'
    }

    It 'answers VelesDb.NotSupported, naming the backend, for compaction it does not offer' {
        $result = Invoke-VelesCompaction -Store $store -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.NotSupported,*'
        $problems[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $problems[0].Exception.Message | Should -BeLike "*Memory store '$name'*compaction*"
    }

    It 'refuses a wrong-dimension record with the same error id as an embedded store, the rest going on' {
        @([pscustomobject]@{ Id = 1; Vector = 1, 2, 3 }, [pscustomobject]@{ Id = 2; Vector = 1, 2 }) |
            Add-VelesVector -Store $store -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.DimensionMismatch,*'
        $store.Count | Should -Be 1
    }

    It 'keeps one handle per canonical locator' {
        Open-VelesStore -Path $name.ToUpperInvariant() | Should -Be $store
    }
}

Describe 'Locators the cmdlets resolve' {
    AfterEach { Close-EveryStore }

    It 'refuses a URI of a scheme no backend serves with VelesDb.InvalidPath' {
        { Open-VelesStore -Path 'gopher://nowhere/x' -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.InvalidPath,*'
    }

    It 'opens a file:// URI as the embedded store at that path' {
        $folder = New-VelesTestDirectory
        try {
            $path = Join-Path $folder 'db'
            $null = New-VelesStore -Path $path -Dimension 2
            $uri = [System.Uri]::new($path).AbsoluteUri
            $opened = Open-VelesStore -Path $uri
            $opened.Path | Should -Be $path
            $opened.Backend | Should -Be 'Mmap'
        }
        finally {
            Close-EveryStore
            Remove-VelesTestDirectory $folder
        }
    }
}
