# Add-VelesVector, Get-VelesVector and Remove-VelesVector: every way a vector binds, batching
# and early stops, streaming, missing ids, -WhatIf and -Confirm, and the errors they report.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
}

Describe 'Add-VelesVector' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'stores a vector given as -Id and -Vector' {
        Add-VelesVector -Store $store -Id 1 -Vector 0.1, 0.2, 0.3
        (Get-VelesVector -Store $store -Id 1).Vector | Should -Be ([float[]] (0.1, 0.2, 0.3))
    }

    It 'overwrites the vector of an existing id' {
        Add-VelesVector -Store $store -Id 1 -Vector 1, 1, 1
        Add-VelesVector -Store $store -Id 1 -Vector 2, 2, 2
        $store.Count | Should -Be 1
        (Get-VelesVector -Store $store -Id 1).Vector | Should -Be @(2, 2, 2)
    }

    It 'binds a vector given as <Name>' -ForEach @(
        @{ Name = 'float[]'; Value = [float[]] (1.5, 2, 3); Expected = 1.5, 2, 3 }
        @{ Name = 'double[]'; Value = [double[]] (1.5, 2, 3); Expected = 1.5, 2, 3 }
        @{ Name = 'int[]'; Value = [int[]] (1, 2, 3); Expected = 1, 2, 3 }
        @{ Name = 'a mixed object[]'; Value = @([int] 1, [double] 2, [decimal] 3); Expected = 1, 2, 3 }
        @{ Name = 'an object[] of PSObject-wrapped numbers'; Value = @(([psobject] 1.5), ([psobject] 2), ([psobject] 3)); Expected = 1.5, 2, 3 }
        @{ Name = 'a comma-separated string'; Value = '1.5,2,3'; Expected = 1.5, 2, 3 }
        @{ Name = 'a semicolon-separated string'; Value = '1.5; 2; 3'; Expected = 1.5, 2, 3 }
        @{ Name = 'a JSON array string'; Value = '[1.5, 2, 3e0]'; Expected = 1.5, 2, 3 }
        @{ Name = 'a list of strings of numbers'; Value = @('1.5', '2', '3'); Expected = 1.5, 2, 3 }
        @{ Name = 'a generic list'; Value = [System.Collections.Generic.List[double]] @(1.5, 2, 3); Expected = 1.5, 2, 3 }
    ) {
        Add-VelesVector -Store $store -Id 9 -Vector $Value
        (Get-VelesVector -Store $store -Id 9).Vector | Should -Be $Expected
    }

    It 'binds an id given as a string of digits' {
        Add-VelesVector -Store $store -Id '18446744073709551615' -Vector 1, 2, 3
        (Get-VelesVector -Store $store).Id | Should -Be ([ulong]::MaxValue)
    }

    It 'takes Id and Vector from the properties of piped objects' {
        @(
            [pscustomobject]@{ Id = 1; Vector = 1, 0, 0 }
            [pscustomobject]@{ Id = '2'; Vector = [double[]] (0, 1, 0); Name = 'an extra property is an attribute' }
            [pscustomobject]@{ Id = 3; Embedding = 0, 0, 1 }
        ) | Add-VelesVector -Store $store
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, 3)
        (Get-VelesVector -Store $store -Id 3).Vector | Should -Be @(0, 0, 1)
        (Get-VelesVector -Store $store -Id 2).Name | Should -BeExactly 'an extra property is an attribute'
    }

    It 'takes Import-Csv rows whose Vector is "<Format>"' -ForEach @(
        @{ Format = '0.1;0.2;0.3'; Row = '1,0.1;0.2;0.3' }
        @{ Format = '0.1,0.2,0.3'; Row = '1,"0.1,0.2,0.3"' }
    ) {
        $csv = Join-Path $folder 'vectors.csv'
        Set-Content -LiteralPath $csv -Value "Id,Vector`n$Row`n2,""[1,2,3]"""
        Import-Csv -LiteralPath $csv | Add-VelesVector -Store $store
        (Get-VelesVector -Store $store -Id 1).Vector | Should -Be ([float[]] (0.1, 0.2, 0.3))
        (Get-VelesVector -Store $store -Id 2).Vector | Should -Be @(1, 2, 3)
    }

    It 'takes ConvertFrom-Json objects' {
        '[{"Id": 1, "Vector": [0.5, 1, 2]}, {"Id": 2, "Vector": [3, 4, 5.25]}]' | ConvertFrom-Json | Add-VelesVector -Store $store
        (Get-VelesVector -Store $store -Id 2).Vector | Should -Be @(3, 4, 5.25)
    }

    It 'copies the vectors piped from another store''s Get-VelesVector' {
        Add-VelesVector -Store $store -Id 4 -Vector 4, 5, 6
        $copy = New-VelesStore -Path (Join-Path $folder 'copy') -Dimension 3
        Get-VelesVector -Store $store | Add-VelesVector -Store $copy
        (Get-VelesVector -Store $copy -Id 4).Vector | Should -Be @(4, 5, 6)
    }

    It 'emits what it stored with -PassThru' {
        $stored = 1..3 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = "$_,0,0" } } | Add-VelesVector -Store $store -PassThru
        $stored.Id | Should -Be @(1, 2, 3)
        $stored[1] | Should -BeOfType ([VelesDb.PowerShell.VelesVector])
        $stored[1].Vector | Should -Be @(2, 0, 0)
        $stored[1].Dimension | Should -Be 3
        $stored[1].StorePath | Should -Be $store.Path
    }

    It 'emits nothing without -PassThru' {
        Add-VelesVector -Store $store -Id 1 -Vector 1, 2, 3 | Should -BeNullOrEmpty
    }

    It 'buffers pipeline input into one engine call per batch, not one per object' {
        1..2500 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = [float[]] ($_, 0, 0) } } | Add-VelesVector -Store $store -BatchSize 1000
        $metrics = Get-VelesMetrics -Store $store
        $metrics.VectorCount | Should -Be 2500
        $metrics.BatchWriteLatency.Count | Should -Be 3 -Because '2,500 vectors in batches of 1,000 are three StoreBatch calls'
    }

    It 'sizes its batches by bytes when -BatchSize is not given' {
        1..5000 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = [float[]] ($_, 0, 0) } } | Add-VelesVector -Store $store
        $metrics = Get-VelesMetrics -Store $store
        $metrics.VectorCount | Should -Be 5000
        $metrics.BatchWriteLatency.Count | Should -Be 1 -Because '5,000 vectors of 3 components fit in one 4 MiB batch'
    }

    It 'has stored everything when it returns' {
        1..10 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store -BatchSize 4
        $path = $store.Path
        Close-VelesStore $store
        $result = Invoke-VelesPwsh -ImportModule -Script "(Open-VelesStore -Path '$path').Count"
        $result.Output | Should -Be '10' -Because $result.Error
    }

    It 'stores every vector it accepted when Select-Object -First stops the pipeline' {
        $script:emitted = 0
        $first = 1..100000 | ForEach-Object { $script:emitted++; [pscustomobject]@{ Id = $_; Vector = $_, 0, 0 } } |
            Add-VelesVector -Store $store -PassThru -BatchSize 10 |
            Select-Object -First 1
        $first.Id | Should -Be 1
        $script:emitted | Should -BeLessThan 100000
        $store.Count | Should -Be $script:emitted -Because 'the partial batch is stored when the pipeline stops'
        (Get-VelesVector -Store $store).Id | Should -Be (1..$script:emitted)
    }

    It 'stores every vector it accepted when the pipeline is stopped (Ctrl+C)' {
        $ready = [System.Threading.ManualResetEventSlim]::new()
        $runspace = [powershell]::Create()
        # An endless producer piped into Add-VelesVector in another runspace, stopped as Ctrl+C
        # stops a pipeline once 1,500 vectors have gone in.
        $script = @'
param($modulePath, $store, $ready)
Import-Module $modulePath
& {
    $n = 0
    while ($true) {
        $n++
        [pscustomobject]@{ Id = $n; Vector = $n, 0, 0 }
        if ($n -eq 1500) { $ready.Set() }
    }
} | Add-VelesVector -Store $store -BatchSize 100000
'@
        $null = $runspace.AddScript($script).AddArgument((Get-VelesModulePath)).AddArgument($store).AddArgument($ready)
        $async = $runspace.BeginInvoke()
        $ready.Wait([timespan]::FromMinutes(2)) | Should -BeTrue
        $runspace.Stop()
        try { $runspace.EndInvoke($async) } catch { }
        $runspace.Dispose()

        $store.Count | Should -BeGreaterOrEqual 1500 -Because 'no batch of 100,000 ever filled, so only the stop can have stored them'
        $ids = (Get-VelesVector -Store $store).Id
        $ids | Should -Be (1..$store.Count)
    }

    It 'writes VelesDb.DimensionMismatch for a vector of the wrong length and stores the rest of the batch' {
        @(
            [pscustomobject]@{ Id = 1; Vector = 1, 2, 3 }
            [pscustomobject]@{ Id = 2; Vector = 1, 2 }
            [pscustomobject]@{ Id = 3; Vector = 1, 2, 3 }
        ) | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.DimensionMismatch,VelesDb.PowerShell.Commands.AddVelesVectorCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject | Should -Be 2
        $problems[0].Exception.Expected | Should -Be 3
        $problems[0].Exception.Actual | Should -Be 2
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 3)
    }

    It 'writes VelesDb.InvalidVector for <Problem>' -ForEach @(
        @{ Problem = 'a string that is not numbers'; Value = '0.1,abc,0.3'; Message = "*component 1 ('abc')*" }
        @{ Problem = 'an empty string'; Value = ''; Message = '*no numbers*' }
        @{ Problem = 'a NaN component'; Value = @(1, [double]::NaN, 3); Message = '*component 1 is NaN*' }
        @{ Problem = 'an infinite component'; Value = @(1, 2, [double]::PositiveInfinity); Message = '*component 2*' }
        @{ Problem = 'an empty array'; Value = @(); Message = '*empty*' }
        @{ Problem = 'a hashtable'; Value = @{ a = 1 }; Message = '*hashtable*' }
        @{ Problem = 'a list holding text'; Value = @(1, 'two', 3); Message = "*component 1 ('two')*" }
    ) {
        @(
            [pscustomobject]@{ Id = 1; Vector = 1, 2, 3 }
            [pscustomobject]@{ Id = 2; Vector = $Value }
        ) | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidVector,*'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject | Should -Be 2
        $problems[0].Exception.Message | Should -BeLike $Message
        $problems[0].Exception.Message | Should -BeLike '*Vector 2*'
        (Get-VelesVector -Store $store).Id | Should -Be 1
    }

    It 'says a component of <Case> is out of the float32 range, not that it is infinite' -ForEach @(
        @{ Case = 'the number 1e39'; Value = @(1, 1e39, 3) }
        @{ Case = 'the number -1e39'; Value = @(1, -1e39, 3) }
        @{ Case = "the string '1,1e39,3'"; Value = '1,1e39,3' }
        @{ Case = 'a double[] holding 1e39'; Value = [double[]] (1, 1e39, 3) }
        @{ Case = 'a big integer of 10^39'; Value = @(1, [bigint]::Pow(10, 39), 3) }
    ) {
        Add-VelesVector -Store $store -Id 2 -Vector $Value -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidVector,*'
        $problems[0].Exception.Message | Should -BeLike '*component 1*float32 range*'
        $problems[0].Exception.Message | Should -Not -BeLike '*Infinity*' -Because 'the user never wrote infinity'
        $store.Count | Should -Be 0
    }

    It 'still stores the largest float32 values' {
        Add-VelesVector -Store $store -Id 1 -Vector ([float]::MaxValue), ([float]::MinValue), 3.4e38
        (Get-VelesVector -Store $store -Id 1).Vector | Should -Be ([float[]] ([float]::MaxValue, [float]::MinValue, 3.4e38))
    }

    It 'never half-writes a batch: bad items are left out before the batch is stored' {
        1..9 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = if ($_ % 3) { "$_,0,0" } else { 'bad' } } } |
            Add-VelesVector -Store $store -BatchSize 100 -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 3
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, 4, 5, 7, 8)
        (Get-VelesMetrics -Store $store).BatchWriteLatency.Count | Should -Be 1
    }

    It 'stops with VelesDb.StoreClosed on a closed handle' {
        Close-VelesStore $store
        { Add-VelesVector -Store $store -Id 1 -Vector 1, 2, 3 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.StoreClosed,*'
    }
}

Describe 'Get-VelesVector' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        1..5 | ForEach-Object { [pscustomobject]@{ Id = $_ * 10; Vector = $_, ($_ + 1), ($_ + 2) } } | Add-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'returns the vectors of several ids, in the order asked' {
        $vectors = Get-VelesVector -Store $store -Id 30, 10
        $vectors.Id | Should -Be @(30, 10)
        $vectors[0] | Should -BeOfType ([VelesDb.PowerShell.VelesVector])
        $vectors[0].Vector | Should -Be @(3, 4, 5)
        $vectors[0].Dimension | Should -Be 3
    }

    It 'takes ids from the pipeline' {
        (20, 40 | Get-VelesVector -Store $store).Id | Should -Be @(20, 40)
        ('50' | Get-VelesVector -Store $store).Id | Should -Be 50
    }

    It 'streams every vector in id order when no id is given' {
        (Get-VelesVector -Store $store).Id | Should -Be @(10, 20, 30, 40, 50)
    }

    It 'streams: the first vectors arrive before the rest are read' {
        $read = (Get-VelesMetrics -Store $store).RetrievedCount
        $first = Get-VelesVector -Store $store | Select-Object -First 2
        $first.Id | Should -Be @(10, 20)
        ((Get-VelesMetrics -Store $store).RetrievedCount - $read) | Should -BeLessThan 5 -Because 'the stop comes before every vector has been read'
    }

    It 'writes a non-terminating VelesDb.VectorNotFound per missing id and returns the others' {
        $vectors = Get-VelesVector -Store $store -Id 10, 11, 20, 12 -ErrorAction SilentlyContinue -ErrorVariable problems
        $vectors.Id | Should -Be @(10, 20)
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.VectorNotFound,VelesDb.PowerShell.Commands.GetVelesVectorCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems.TargetObject | Should -Be @(11, 12)
    }

    It 'shows the id, the dimension and a short preview by default, not every component' {
        $wide = New-VelesStore -Path (Join-Path $folder 'wide') -Dimension 768
        Add-VelesVector -Store $wide -Id 1 -Vector (1..768)
        $text = Get-VelesVector -Store $wide -Id 1 | Out-String
        $text | Should -Match 'Id\s+Dimension\s+Vector'
        $text | Should -Match '1\s+768\s+1, 2, 3, 4, …'
        $text | Should -Not -Match '\b700\b'
    }
}

Describe 'Remove-VelesVector' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 2
        1..6 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = $_, $_ } } | Add-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'removes every vector piped from Get-VelesVector, and only those' {
        Get-VelesVector -Store $store -Id 2, 4 | Remove-VelesVector
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 3, 5, 6)
    }

    It 'removes ids given as -Id, from the pipeline, and in one engine call per batch' {
        Remove-VelesVector -Store $store -Id 1, 2
        5, 6 | Remove-VelesVector -Store $store
        (Get-VelesVector -Store $store).Id | Should -Be @(3, 4)
        (Get-VelesMetrics -Store $store).DeletedCount | Should -Be 4
    }

    It 'has removed them durably when it returns' {
        Remove-VelesVector -Store $store -Id 1, 2, 3
        $path = $store.Path
        Close-VelesStore $store
        $result = Invoke-VelesPwsh -ImportModule -Script "(Open-VelesStore -Path '$path').Count"
        $result.Output | Should -Be '3' -Because $result.Error
    }

    It 'changes nothing with -WhatIf and says what it would remove' {
        # What if: messages go to the host, so a child pwsh shows them on its output.
        Close-EveryStore
        $result = Invoke-VelesPwsh -ImportModule -Script @"
`$store = Open-VelesStore -Path '$($store.Path)'
Get-VelesVector -Store `$store -Id 2, 3 | Remove-VelesVector -WhatIf
"done: `$(`$store.Count)"
"@ -WorkingDirectory $folder
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $text = $result.Output -join "`n"
        $text | Should -Match 'What if: Performing the operation "Remove vector" on target "vector 2 in'
        $text | Should -Match 'vector 3 in'
        $result.Output[-1] | Should -Be 'done: 6'
    }

    It 'does not ask with -Confirm:$false, and asks with -Confirm' {
        Remove-VelesVector -Store $store -Id 1 -Confirm:$false
        $store.Count | Should -Be 5

        # A non-interactive pwsh cannot answer the prompt, so asking fails there: proof that it asked.
        $path = $store.Path
        Close-EveryStore
        $result = Invoke-VelesPwsh -ImportModule -Script @"
try { Remove-VelesVector -Path '$path' -Id 2 -Confirm } catch { `$_.Exception.Message }
"@
        $result.Output -join "`n" | Should -Match 'NonInteractive mode|prompt'
        $store = Open-VelesStore -Path $path
        Get-VelesVector -Store $store -Id 2 | Should -Not -BeNullOrEmpty -Because 'the prompt was not answered Yes'
    }

    It 'writes VelesDb.VectorNotFound for an id that is not there' {
        Remove-VelesVector -Store $store -Id 3, 99 -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.VectorNotFound,*'
        $problems[0].TargetObject | Should -Be 99
        $store.Count | Should -Be 5
    }
}
