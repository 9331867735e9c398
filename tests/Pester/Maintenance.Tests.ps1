# Invoke-VelesCompaction and Get-VelesMetrics: what they return, -WhatIf, -Threshold,
# progress records, and the default views.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
}

Describe 'Invoke-VelesCompaction' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 4
        1..100 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = $_, 1, 2, 3 } } | Add-VelesVector -Store $store
        1..60 | Remove-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'reclaims the slots of deleted vectors and says how much and how long' {
        $result = Invoke-VelesCompaction -Store $store
        $result | Should -BeOfType ([VelesDb.PowerShell.VelesCompactionResult])
        $result.Skipped | Should -BeFalse
        $result.VectorsMoved | Should -Be 40
        $result.DeadSlotsRemoved | Should -Be 60
        $result.BytesReclaimed | Should -BeGreaterThan 0
        $result.Duration | Should -BeOfType ([timespan])
        [math]::Round($result.FragmentationBefore, 6) | Should -Be 0.6
        $result.FragmentationAfter | Should -Be 0
        $result.Path | Should -Be $store.Path
        (Get-VelesVector -Store $store).Id | Should -Be (61..100)
        (Get-VelesVector -Store $store -Id 77).Vector | Should -Be @(77, 1, 2, 3)
    }

    It 'takes the store from the pipeline' {
        ($store | Invoke-VelesCompaction).VectorsMoved | Should -Be 40
    }

    It 'changes nothing with -WhatIf and says what it would do' {
        # What if: messages go to the host, so a child pwsh shows them on its output.
        Close-EveryStore
        $result = Invoke-VelesPwsh -ImportModule -Script @"
`$store = Open-VelesStore -Path '$($store.Path)'
Invoke-VelesCompaction -Store `$store -WhatIf
"fragmentation: `$([math]::Round((Get-VelesMetrics `$store).FragmentationRatio, 6))"
"@ -WorkingDirectory $folder
        $result.ExitCode | Should -Be 0 -Because $result.Error
        ($result.Output -join "`n") | Should -Match 'What if: Performing the operation "Compact \(fragmentation 60[.,]0 ?%, 40 live vectors\)" on target'
        $result.Output[-1] | Should -Be 'fragmentation: 0.6'
    }

    It 'runs without asking with -Confirm:$false' {
        (Invoke-VelesCompaction -Store $store -Confirm:$false).Skipped | Should -BeFalse
    }

    It 'skips, and says so, when fragmentation is below -Threshold' {
        $result = Invoke-VelesCompaction -Store $store -Threshold 0.75
        $result.Skipped | Should -BeTrue
        $result.BytesReclaimed | Should -Be 0
        [math]::Round($result.FragmentationBefore, 6) | Should -Be 0.6
        [math]::Round((Get-VelesMetrics -Store $store).FragmentationRatio, 6) | Should -Be 0.6

        (Invoke-VelesCompaction -Store $store -Threshold 0.5).Skipped | Should -BeFalse
    }

    It 'returns Skipped when there is nothing to reclaim' {
        $null = Invoke-VelesCompaction -Store $store
        $again = Invoke-VelesCompaction -Store $store
        $again.Skipped | Should -BeTrue
        $again.BytesReclaimed | Should -Be 0
    }

    It 'rejects a -Threshold outside 0..1' {
        { Invoke-VelesCompaction -Store $store -Threshold 1.5 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'reports progress under one activity id, with real percentages and a final Completed record' {
        $records = Assert-VelesProgressBar -Command "Invoke-VelesCompaction -Path '$($store.Path)'" -ActivityLike "Compacting *$(Split-Path -Leaf $store.Path)"
        $records.PercentComplete | Should -Contain 100
    }

    It 'shows a one-line table by default' {
        $text = Invoke-VelesCompaction -Store $store | Out-String -Width 200
        $text | Should -Match 'Path\s+Skipped\s+BytesReclaimed\s+VectorsMoved\s+DeadSlotsRemoved\s+Duration'
        $text | Should -Match 'False\s+\d+\s+40\s+60\s+[\d.,]+ ms'
    }
}

Describe 'Get-VelesMetrics' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        1..10 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
        Remove-VelesVector -Store $store -Id 1, 2
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'returns one VelesMetrics object with counts, sizes and fragmentation' {
        $metrics = @(Get-VelesMetrics -Store $store)
        $metrics.Count | Should -Be 1
        $m = $metrics[0]
        $m | Should -BeOfType ([VelesDb.PowerShell.VelesMetrics])
        $m.Path | Should -Be $store.Path
        $m.Dimension | Should -Be 3
        $m.VectorCount | Should -Be 8
        $m.StoredCount | Should -Be 10
        $m.DeletedCount | Should -Be 2
        $m.DataFileBytes | Should -BeGreaterThan 0
        $m.LiveBytes | Should -BeGreaterThan 0
        $m.LiveBytes | Should -BeLessOrEqual $m.DataFileBytes
        $m.WalBytes | Should -BeGreaterThan 0
        [math]::Round($m.FragmentationRatio, 6) | Should -Be 0.2
        $m.ResizeCount | Should -BeGreaterOrEqual 0
        $m.Durability | Should -Be 'Full'
    }

    It 'has latency percentiles of capacity growth, syncs and batch writes' {
        $m = Get-VelesMetrics -Store $store
        foreach ($latency in $m.EnsureCapacityLatency, $m.SyncLatency, $m.BatchWriteLatency) {
            $latency | Should -BeOfType ([VelesDb.PowerShell.VelesLatency])
            foreach ($p in 'P50', 'P95', 'P99', 'Max') {
                $latency.$p | Should -BeOfType ([timespan])
            }
            $latency.P50 | Should -BeLessOrEqual $latency.P95
            $latency.P95 | Should -BeLessOrEqual $latency.P99
            $latency.P99 | Should -BeLessOrEqual $latency.Max
        }
        $m.BatchWriteLatency.Count | Should -Be 2
        $m.SyncLatency.Count | Should -BeGreaterThan 0
    }

    It 'shows a readable list by default' {
        $text = Get-VelesMetrics -Store $store | Out-String
        $text | Should -Match 'VectorCount\s+: 8'
        $text | Should -Match 'Fragmentation\s+: 20[.,]0 ?%'
        $text | Should -Match 'SyncLatency\s+: p50 [\d.,]+ ms, p95 [\d.,]+ ms, p99 [\d.,]+ ms, max [\d.,]+ ms \(n=\d+\)'
    }

    It 'works by -Path on the open store' {
        (Get-VelesMetrics -Path $store.Path).VectorCount | Should -Be 8
    }
}
