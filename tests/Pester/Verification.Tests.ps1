# Test-VelesStore, Get-VelesStore and Close-VelesStore -All, driven as a script would: stores damaged
# on disk, paths from the pipeline, -ErrorAction and -ErrorVariable for the damage, -WhatIf and
# -Repair, progress records, and the backend that cannot verify.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force

    $script:Dimension = 4
    # The data file's layout: a 4096-byte header page, then slots of 16 header bytes and the vector.
    $script:SlotSize = 16 + 4 * $Dimension

    function New-ClosedStore([string] $Path, [int] $Count = 10) {
        $store = New-VelesStore -Path $Path -Dimension $Dimension
        1..$Count | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = $_, 1, 2, 3 } } | Add-VelesVector -Store $store
        Close-VelesStore $store
        $store.Path
    }

    function Get-SlotOffset([int] $Id) {
        # One batch of ids 1..n takes slots 0..n-1 in order.
        4096 + ($Id - 1) * $SlotSize
    }

    function Set-FlippedBit([string] $StorePath, [long] $Offset) {
        $file = [System.IO.File]::Open((Join-Path $StorePath 'vectors.000001.dat'), 'Open', 'ReadWrite', 'ReadWrite')
        try {
            $null = $file.Seek($Offset, 'Begin')
            $value = $file.ReadByte()
            $null = $file.Seek($Offset, 'Begin')
            $file.WriteByte($value -bxor 0x10)
        }
        finally {
            $file.Dispose()
        }
    }

    function New-DamagedStore([string] $Path, [int[]] $Ids) {
        $storePath = New-ClosedStore $Path
        foreach ($id in $Ids) {
            Set-FlippedBit $storePath ((Get-SlotOffset $id) + 16 + 2)
        }
        $storePath
    }
}

AfterAll {
    Close-EveryStore
}

Describe 'Test-VelesStore' {
    BeforeEach {
        $folder = New-VelesTestDirectory
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'reports a healthy store, with every record checked and how long it took' {
        $path = New-ClosedStore (Join-Path $folder 'db')
        $store = Open-VelesStore -Path $path

        $report = Test-VelesStore -Store $store

        $report | Should -BeOfType ([VelesDb.PowerShell.VelesVerificationReport])
        $report.Path | Should -Be $store.Path
        $report.Healthy | Should -BeTrue
        $report.RecordsChecked | Should -Be 10
        $report.Damaged | Should -BeNullOrEmpty
        $report.Repaired | Should -BeNullOrEmpty
        $report.Duration | Should -BeOfType ([timespan])
        $store.IsOpen | Should -BeTrue
    }

    It 'checks every store piped as a path, and closes the ones it opened for the check' {
        $paths = 'a', 'b', 'c' | ForEach-Object { New-ClosedStore (Join-Path $folder $_) -Count 3 }

        $reports = $paths | Test-VelesStore

        $reports.Path | Should -Be $paths
        $reports.Healthy | Should -Be @($true, $true, $true)
        $reports.RecordsChecked | Should -Be @(3, 3, 3)
        Get-VelesStore | Should -BeNullOrEmpty
    }

    It 'takes the folders of Get-ChildItem from the pipeline, and keeps a store that was open open' {
        'a', 'b' | ForEach-Object { $null = New-ClosedStore (Join-Path $folder $_) -Count 2 }
        $open = Open-VelesStore -Path (Join-Path $folder 'b')

        $reports = Get-ChildItem -LiteralPath $folder -Directory | Test-VelesStore

        $reports.Count | Should -Be 2
        $reports.Healthy | Should -Be @($true, $true)
        $open.IsOpen | Should -BeTrue
        (Get-VelesStore).Path | Should -Be @($open.Path)
    }

    It 'reports each damaged record with its key, file and offset as a non-terminating StoreCorrupted error, and goes on to the next store' {
        $damaged = New-DamagedStore (Join-Path $folder 'damaged') -Ids 3, 7
        $healthy = New-ClosedStore (Join-Path $folder 'healthy')

        $reports = $damaged, $healthy | Test-VelesStore -ErrorAction SilentlyContinue -ErrorVariable problems

        $reports.Count | Should -Be 2
        $report = $reports[0]
        $report.Healthy | Should -BeFalse
        $report.RecordsChecked | Should -Be 10
        @($report.Damaged.Key | Sort-Object) | Should -Be @(3, 7)
        $report.Damaged | ForEach-Object {
            $_.File | Should -Be (Join-Path $damaged 'vectors.000001.dat')
            $_.Kind | Should -Be 'SlotChecksum'
            $_.Offset | Should -Be (Get-SlotOffset $_.Key)
        }
        $reports[1].Healthy | Should -BeTrue

        $problems.Count | Should -Be 2
        $problems | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreCorrupted,*'
            $_.CategoryInfo.Category | Should -Be 'InvalidData'
            $_.TargetObject.Key | Should -BeIn @(3, 7)
            $_.Exception.Message | Should -BeLike "*vectors.000001.dat*$($_.TargetObject.Offset)*"
        }
    }

    It 'stops at the first damage with -ErrorAction Stop, as any cmdlet does' {
        $damaged = New-DamagedStore (Join-Path $folder 'damaged') -Ids 5
        { Test-VelesStore -Path $damaged -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreCorrupted,*'
    }

    It 'changes nothing with -Repair -WhatIf, and names the records it would drop' {
        # What if: messages go to the host, so a child pwsh shows them on its output.
        $damaged = New-DamagedStore (Join-Path $folder 'damaged') -Ids 3, 7
        $result = Invoke-VelesPwsh -ImportModule -Script @"
`$report = Test-VelesStore -Path '$damaged' -Repair -WhatIf -ErrorAction SilentlyContinue
"repaired: `$(`$report.Repaired.Count)"
"count: `$((Open-VelesStore -Path '$damaged').Count)"
"@ -WorkingDirectory $folder
        $result.ExitCode | Should -Be 0 -Because $result.Error
        ($result.Output -join "`n") | Should -Match 'What if: Performing the operation "Drop 2 damaged record\(s\) \(3, 7\)" on target'
        $result.Output | Should -Contain 'repaired: 0'
        $result.Output[-1] | Should -Be 'count: 10'
    }

    It 'drops exactly the damaged records with -Repair, and the reopened store holds every other one' {
        $damaged = New-DamagedStore (Join-Path $folder 'damaged') -Ids 3, 7

        $report = Test-VelesStore -Path $damaged -Repair -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems

        @($report.Repaired | Sort-Object) | Should -Be @(3, 7)
        $problems.Count | Should -Be 2
        $store = Open-VelesStore -Path $damaged
        $store.Count | Should -Be 8
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, 4, 5, 6, 8, 9, 10)
        (Get-VelesVector -Store $store -Id 8).Vector | Should -Be @(8, 1, 2, 3)
        (Test-VelesStore -Store $store).Healthy | Should -BeTrue
    }

    It 'asks nothing and changes nothing with -Repair when the store is healthy' {
        $path = New-ClosedStore (Join-Path $folder 'db')
        $report = Test-VelesStore -Path $path -Repair -WhatIf
        $report.Healthy | Should -BeTrue
        $report.Repaired | Should -BeNullOrEmpty
    }

    It 'reports progress under one activity id, with real percentages and a final Completed record' {
        $path = New-ClosedStore (Join-Path $folder 'db')
        $null = Assert-VelesProgressBar -Command "Test-VelesStore -Path '$path'" -ActivityLike "Verifying *$(Split-Path -Leaf $path)"
    }

    It 'shows a one-line table by default' {
        $path = New-ClosedStore (Join-Path $folder 'db')
        $text = Test-VelesStore -Path $path | Out-String -Width 200
        $text | Should -Match 'Path\s+Healthy\s+RecordsChecked\s+Damaged\s+Repaired\s+Duration'
        $text | Should -Match 'True\s+10\s+0\s+0\s+[\d.,]+ ms'
    }

    It 'checks a store while another runspace writes to it, and finds it healthy' {
        $store = New-VelesStore -Path (Join-Path $folder 'busy') -Dimension $Dimension
        1..200 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = $_, 1, 2, 3 } } | Add-VelesVector -Store $store
        $module = Get-VelesModulePath
        $path = $store.Path
        $writer = Start-ThreadJob -ScriptBlock {
            Import-Module $using:module
            foreach ($round in 1..100) {
                Add-VelesVector -Path $using:path -Id (1000 + $round) -Vector $round, 0, 0, 1
                Remove-VelesVector -Path $using:path -Id $round -Confirm:$false
            }
        }
        $reports = do { Test-VelesStore -Store $store } while ($writer.State -in 'NotStarted', 'Running')
        $null = Receive-Job $writer -Wait -ErrorAction Stop
        Remove-Job $writer

        $reports.Healthy | Should -Not -Contain $false
        $store.Count | Should -Be 200
        (Test-VelesStore -Store $store).RecordsChecked | Should -Be 200
    }

    It 'writes an error for a path that holds no store, and checks the next path' {
        $path = New-ClosedStore (Join-Path $folder 'db')
        $reports = (Join-Path $folder 'missing'), $path | Test-VelesStore -ErrorAction SilentlyContinue -ErrorVariable problems
        @($reports).Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreNotFound,*'
    }
}

Describe 'Test-VelesStore on a backend that cannot verify' {
    BeforeAll {
        Register-VelesMemoryBackend
    }
    AfterEach { Close-EveryStore }

    It 'answers VelesDb.NotSupported, naming the backend' {
        $name = 'mem://v{0}' -f [guid]::NewGuid().ToString('N')
        $store = New-VelesStore -Path $name -Dimension 2
        $result = Test-VelesStore -Store $store -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.NotSupported,*'
        $problems[0].Exception.Message | Should -BeLike "*Memory store '$name'*verification*"
    }
}

Describe 'Get-VelesStore and Close-VelesStore -All' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        Close-EveryStore
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'lists every store open in this session with its path, backend, dimension and count' {
        $docs = New-VelesStore -Path (Join-Path $folder 'docs') -Dimension 3
        $images = New-VelesStore -Path (Join-Path $folder 'images') -Dimension 4
        Add-VelesVector -Store $images -Id 1 -Vector 1, 2, 3, 4

        $open = Get-VelesStore

        $open.Path | Should -Be @($docs.Path, $images.Path)
        $open.Backend | Should -Be @('Mmap', 'Mmap')
        $open.Dimension | Should -Be @(3, 4)
        ($open | ForEach-Object Count) | Should -Be @(0, 1)
        $open[0] | Should -Be $docs
        (Get-VelesStore | Out-String -Width 200) | Should -Match 'Path\s+Backend\s+Dimension\s+Count'
    }

    It 'lists only the stores whose path matches -Path' {
        $null = New-VelesStore -Path (Join-Path $folder 'docs') -Dimension 3
        $images = New-VelesStore -Path (Join-Path $folder 'images') -Dimension 4
        (Get-VelesStore -Path '*images').Path | Should -Be $images.Path
        Get-VelesStore -Path '*nothing*' | Should -BeNullOrEmpty
    }

    It 'lists stores opened in other runspaces of the process' {
        $path = Join-Path $folder 'parallel'
        $module = Get-VelesModulePath
        1 | ForEach-Object -Parallel { Import-Module $using:module; $null = New-VelesStore -Path $using:path -Dimension 2 }
        (Get-VelesStore).Path | Should -Be $path
    }

    It 'closes every open store with Close-VelesStore -All' {
        $docs = New-VelesStore -Path (Join-Path $folder 'docs') -Dimension 3
        $images = New-VelesStore -Path (Join-Path $folder 'images') -Dimension 4

        Close-VelesStore -All

        Get-VelesStore | Should -BeNullOrEmpty
        $docs.IsOpen | Should -BeFalse
        $images.IsOpen | Should -BeFalse
        # Their locks are gone: the stores open again.
        (Open-VelesStore -Path $docs.Path).IsOpen | Should -BeTrue
    }

    It 'does nothing with -All when no store is open' {
        { Close-VelesStore -All -ErrorAction Stop } | Should -Not -Throw
    }
}
