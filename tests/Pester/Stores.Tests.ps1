# New-VelesStore, Open-VelesStore, Close-VelesStore: handles, -Path reuse, locking between
# processes, sharing between runspaces, module removal and tab completion of -Path.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
}

Describe 'New-VelesStore' {
    BeforeEach { $folder = New-VelesTestDirectory }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'creates a store and returns an open handle with its full path and dimension' {
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3

        $store | Should -BeOfType ([VelesDb.PowerShell.VelesStore])
        $store.Path | Should -Be (Join-Path $folder 'db')
        $store.Dimension | Should -Be 3
        $store.Count | Should -Be 0
        $store.IsOpen | Should -BeTrue
        $store.Durability | Should -Be 'Full'
    }

    It 'resolves a relative path against the current PowerShell location' {
        Push-Location -LiteralPath $folder
        try {
            $store = New-VelesStore -Path ./relative -Dimension 2
        }
        finally {
            Pop-Location
        }
        $store.Path | Should -Be (Join-Path $folder 'relative')
    }

    It 'fails with VelesDb.StoreExists on an existing store and leaves it untouched' {
        $path = Join-Path $folder 'db'
        $store = New-VelesStore -Path $path -Dimension 3
        Add-VelesVector -Store $store -Id 1 -Vector 1, 2, 3
        Close-VelesStore -Store $store

        { New-VelesStore -Path $path -Dimension 5 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreExists,*'

        $reopened = Open-VelesStore -Path $path
        $reopened.Dimension | Should -Be 3
        (Get-VelesVector -Store $reopened -Id 1).Vector | Should -Be @(1, 2, 3)
    }

    It 'fails with VelesDb.StoreExists when the store is open in this session' {
        $path = Join-Path $folder 'db'
        $null = New-VelesStore -Path $path -Dimension 3
        $record = { New-VelesStore -Path $path -Dimension 3 -ErrorAction Stop } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreExists,*'
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        $record.TargetObject | Should -Be $path
    }

    It 'returns the existing store with -Force when the dimension matches, and refuses another dimension' {
        $path = Join-Path $folder 'db'
        $store = New-VelesStore -Path $path -Dimension 3
        Add-VelesVector -Store $store -Id 7 -Vector 1, 1, 1

        $again = New-VelesStore -Path $path -Dimension 3 -Force
        $again | Should -Be $store
        $again.Count | Should -Be 1
        { New-VelesStore -Path $path -Dimension 4 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreExists,*'
    }

    It 'rejects a dimension below 1' {
        { New-VelesStore -Path (Join-Path $folder 'db') -Dimension 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'opens with the durability it was asked for' {
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3 -Durability Process
        $store.Durability | Should -Be 'Process'
    }
}

Describe 'Open-VelesStore' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
        $store = New-VelesStore -Path $path -Dimension 4
        Add-VelesVector -Store $store -Id 1 -Vector 1, 2, 3, 4
        Close-VelesStore -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'reopens a store with the dimension read from disk' {
        $reopened = Open-VelesStore $path
        $reopened.Dimension | Should -Be 4
        $reopened.Count | Should -Be 1
        $reopened.IsOpen | Should -BeTrue
    }

    It 'returns the handle already open for the same full path' {
        $first = Open-VelesStore -Path $path
        Push-Location -LiteralPath $folder
        try {
            $second = Open-VelesStore -Path ./db
        }
        finally {
            Pop-Location
        }
        [object]::ReferenceEquals($first, $second) | Should -BeTrue
    }

    It 'opens several paths given as arguments, one handle per path, in order' {
        $other = Join-Path $folder 'other'
        New-VelesStore -Path $other -Dimension 2 | Close-VelesStore
        $opened = Open-VelesStore $other, $path
        $opened.Count | Should -Be 2
        $opened.Path | Should -Be @($other, $path)
        $opened.Dimension | Should -Be @(2, 4)
    }

    It 'opens several paths piped as strings, in order, and reports a bad one without stopping the others' {
        $other = Join-Path $folder 'other'
        New-VelesStore -Path $other -Dimension 2 | Close-VelesStore
        $opened = $path, (Join-Path $folder 'missing'), $other | Open-VelesStore -ErrorAction SilentlyContinue -ErrorVariable problems
        $opened.Path | Should -Be @($path, $other)
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreNotFound,*'
    }

    It 'opens the folders piped from Get-Item' {
        $opened = Get-Item -LiteralPath $path | Open-VelesStore
        $opened.Path | Should -Be $path
    }

    It 'writes VelesDb.StoreNotFound for a folder without a store' {
        $empty = Join-Path $folder 'empty'
        $null = New-Item -ItemType Directory -Path $empty
        $result = Open-VelesStore -Path $empty -ErrorAction SilentlyContinue -ErrorVariable problems
        $result | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreNotFound,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $empty
    }

    It 'refuses another durability for a store that is already open' {
        $null = Open-VelesStore -Path $path
        { Open-VelesStore -Path $path -Durability Process -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.DurabilityConflict,*'
    }

    It 'gives a second pwsh process VelesDb.StoreLocked, naming the lock file and this process' {
        $null = Open-VelesStore -Path $path
        $result = Invoke-VelesPwsh -ImportModule -Script @"
try { Open-VelesStore -Path '$path' -ErrorAction Stop; 'opened' }
catch { `$_.FullyQualifiedErrorId; `$_.CategoryInfo.Category; `$_.Exception.LockFilePath; `$_.Exception.HolderProcessId }
"@
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $result.Output[0] | Should -BeLike 'VelesDb.StoreLocked,*'
        $result.Output[1] | Should -Be 'ResourceBusy'
        $result.Output[2] | Should -Be (Join-Path $path 'veles.lock')
        $result.Output[3] | Should -Be $PID
    }
}

Describe 'Close-VelesStore' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'closes a handle so that the store can be opened again' {
        $store = New-VelesStore -Path $path -Dimension 2
        Close-VelesStore $store
        $store.IsOpen | Should -BeFalse
        (Open-VelesStore -Path $path).IsOpen | Should -BeTrue
    }

    It 'closes the store of a handle''s Dispose method too' {
        $store = New-VelesStore -Path $path -Dimension 2
        $store.Dispose()
        $store.IsOpen | Should -BeFalse
        $store.Dispose()
        (Open-VelesStore -Path $path).IsOpen | Should -BeTrue
    }

    It 'closes handles piped to it and the store open at -Path' {
        $a = New-VelesStore -Path (Join-Path $folder 'a') -Dimension 2
        $b = New-VelesStore -Path (Join-Path $folder 'b') -Dimension 2
        $c = New-VelesStore -Path (Join-Path $folder 'c') -Dimension 2
        $a, $b | Close-VelesStore
        Close-VelesStore -Path (Join-Path $folder 'c')
        @($a, $b, $c).IsOpen | Should -Be @($false, $false, $false)
    }

    It 'writes VelesDb.StoreNotOpen for a path with no open store, and opens nothing' {
        $null = New-VelesStore -Path $path -Dimension 2
        Close-VelesStore -Path $path
        Close-VelesStore -Path $path -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreNotOpen,*'
        (Open-VelesStore -Path $path).IsOpen | Should -BeTrue
    }

    It 'makes other cmdlets fail with VelesDb.StoreClosed on the closed handle' {
        $store = New-VelesStore -Path $path -Dimension 2
        Close-VelesStore $store
        { Get-VelesVector -Store $store -Id 1 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreClosed,*'
        $store.Count | Should -Be 0
    }

    It 'releases every store when the module is removed' {
        $result = Invoke-VelesPwsh -ImportModule -Script @"
`$store = New-VelesStore -Path '$path' -Dimension 2
Remove-Module VelesDb
`$store.IsOpen
"@
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $result.Output | Should -Be 'False'
        (Open-VelesStore -Path $path).IsOpen | Should -BeTrue
    }
}

Describe '-Path on the cmdlets that work on a store' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'reuses the handle open for that full path, so scripts need not pass handles' {
        $store = New-VelesStore -Path $path -Dimension 2
        Push-Location -LiteralPath $folder
        try {
            Add-VelesVector -Path ./db -Id 1 -Vector 1, 2
            (Get-VelesVector -Path db -Id 1).Vector | Should -Be @(1, 2)
        }
        finally {
            Pop-Location
        }
        $store.Count | Should -Be 1
    }

    It 'opens a store that is not open yet and keeps it open' {
        $null = New-VelesStore -Path $path -Dimension 2
        Close-VelesStore -Path $path

        Add-VelesVector -Path $path -Id 5 -Vector 5, 5
        (Open-VelesStore -Path $path).Count | Should -Be 1
    }

    It 'fails with VelesDb.StoreNotFound where there is no store' {
        { Get-VelesMetrics -Path (Join-Path $folder 'none') -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreNotFound,*'
    }

    It 'takes the handle from the pipeline' {
        $store = New-VelesStore -Path $path -Dimension 2
        ($store | Get-VelesMetrics).Path | Should -Be $path
        $store | Add-VelesVector -Id 3 -Vector 1, 1
        ($store | Get-VelesVector).Id | Should -Be 3
    }

    It 'completes -Path with the stores open in this session' {
        $null = New-VelesStore -Path $path -Dimension 2
        $line = "Get-VelesMetrics -Path $(Join-Path $folder 'd')"
        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $completions.CompletionText | Should -Contain $path
        ($completions | Where-Object CompletionText -EQ $path).ToolTip | Should -BeLike '*dimension 2*'

        $line = 'Close-VelesStore -Path '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $path
    }
}

Describe 'Sharing a store between runspaces' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
        $store = New-VelesStore -Path $path -Dimension 2
        $modulePath = Get-VelesModulePath
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'lets ForEach-Object -Parallel write through one handle' {
        1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:modulePath
            $worker = $_
            1..100 | ForEach-Object { [pscustomobject]@{ Id = $worker * 1000 + $_; Vector = $worker, $_ } } |
                Add-VelesVector -Store $using:store
        }
        $store.Count | Should -Be 400
        (Get-VelesVector -Store $store -Id 3042).Vector | Should -Be @(3, 42)
    }

    It 'lets ForEach-Object -Parallel write by -Path to the handle open in the session' {
        1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
            Import-Module $using:modulePath
            Add-VelesVector -Path $using:path -Id $_ -Vector $_, $_
        }
        $store.Count | Should -Be 4
        $store.IsOpen | Should -BeTrue
    }

    It 'lets a thread job read by -Path and leaves the store open when it ends' {
        Add-VelesVector -Store $store -Id 1 -Vector 1, 2
        $count = Start-ThreadJob {
            Import-Module $using:modulePath
            (Get-VelesMetrics -Path $using:path).VectorCount
        } | Receive-Job -Wait -AutoRemoveJob
        $count | Should -Be 1
        $store.IsOpen | Should -BeTrue
    }
}
