# Quantized exact search through the cmdlets: New-VelesStore -Quantization Int8 on an embedded
# store, Set-VelesStore (build, drop, -WhatIf, progress, a backend without the setting),
# Find-VelesVector -Exact and the results' Exact/Quantized flags, and the copy in Get-VelesMetrics.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force

    function Add-SineVectors($Store, [int] $Count, [int] $Dimension) {
        1..$Count | ForEach-Object {
            $i = $_
            [pscustomobject]@{ Id = $i; Vector = [float[]](1..$Dimension | ForEach-Object { [math]::Sin($i * 0.37 + $_ * 1.3) }); Group = $i % 3 }
        } | Add-VelesVector -Store $Store
    }

    function Get-Answer($Results) {
        ($Results | ForEach-Object { '{0}={1}' -f $_.Id, $_.Score.ToString('R', [cultureinfo]::InvariantCulture) }) -join ';'
    }
}

Describe 'New-VelesStore -Quantization Int8 on an embedded store' {
    BeforeEach {
        $folder = New-VelesTestDirectory
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'creates the store with the setting kept on disk, and searches through its int8 copy' {
        $path = Join-Path $folder 'db'
        $store = New-VelesStore -Path $path -Dimension 16 -Quantization Int8
        Add-SineVectors $store 500 16
        $results = @(Find-VelesVector -Store $store -Vector ([float[]](1..16)) -Top 5)
        $results.Count | Should -Be 5
        $results | ForEach-Object { $_.Exact | Should -BeTrue; $_.Quantized | Should -BeTrue }
        Test-Path (Join-Path $path 'vectors.settings') | Should -BeTrue
        Test-Path (Join-Path $path 'vectors.000001.q8') | Should -BeTrue

        Close-VelesStore $store
        $reopened = Open-VelesStore -Path $path
        (Get-VelesMetrics -Store $reopened).Quantization | Should -Be 'Int8'
        (Find-VelesVector -Store $reopened -Vector ([float[]](1..16)) -Top 1).Quantized | Should -BeTrue
    }

    It 'gives the same answer as Find-VelesVector -Exact, for every metric and with a filter' {
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 12 -Quantization Int8
        Add-SineVectors $store 2000 12
        foreach ($metric in 'Cosine', 'DotProduct', 'Euclidean') {
            foreach ($q in 1..5) {
                $query = [float[]](1..12 | ForEach-Object { [math]::Cos($q * $_) })
                $quantized = Find-VelesVector -Store $store -Vector $query -Top 10 -Metric $metric
                $exact = Find-VelesVector -Store $store -Vector $query -Top 10 -Metric $metric -Exact
                $exact | ForEach-Object { $_.Quantized | Should -BeFalse; $_.Exact | Should -BeTrue }
                Get-Answer $quantized | Should -Be (Get-Answer $exact)
                $filtered = Find-VelesVector -Store $store -Vector $query -Top 10 -Metric $metric -Filter '.Group == 1'
                $filtered | ForEach-Object { $_.Attributes.Group | Should -Be 1; $_.Quantized | Should -BeTrue }
                Get-Answer $filtered | Should -Be (Get-Answer (Find-VelesVector -Store $store -Vector $query -Top 10 -Metric $metric -Filter '.Group == 1' -Exact))
            }
        }
    }

    It 'reports a store without quantization as exact and not quantized' {
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 4
        Add-SineVectors $store 20 4
        $result = Find-VelesVector -Store $store -Vector 1, 0, 0, 0 -Top 1
        $result.Exact | Should -BeTrue
        $result.Quantized | Should -BeFalse
        (Get-VelesMetrics -Store $store).Quantization | Should -Be 'None'
        (Get-VelesMetrics -Store $store).QuantizedFileBytes | Should -Be 0
    }
}

Describe 'Set-VelesStore' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
        $store = New-VelesStore -Path $path -Dimension 8
        Add-SineVectors $store 3000 8
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'builds the int8 copy with -Quantization Int8 and deletes it with None' {
        Set-VelesStore -Store $store -Quantization Int8 | Should -BeNullOrEmpty
        Test-Path (Join-Path $path 'vectors.000001.q8') | Should -BeTrue
        (Get-VelesMetrics -Store $store).QuantizedFileBytes | Should -Be (4096 + 48 * 3000)
        (Find-VelesVector -Store $store -Vector ([float[]](1..8)) -Top 3).Quantized | Should -BeTrue

        Set-VelesStore -Path $path -Quantization None
        Test-Path (Join-Path $path 'vectors.000001.q8') | Should -BeFalse
        (Find-VelesVector -Store $store -Vector ([float[]](1..8)) -Top 3).Quantized | Should -BeFalse
        (Get-VelesMetrics -Store $store).Quantization | Should -Be 'None'
    }

    It 'keeps the setting when the store is closed and opened again' {
        $store | Set-VelesStore -Quantization Int8
        Close-VelesStore $store
        (Get-VelesMetrics -Path $path).Quantization | Should -Be 'Int8'
    }

    It 'returns the handle with -PassThru' {
        $result = Set-VelesStore -Store $store -Quantization Int8 -PassThru
        $result | Should -BeOfType ([VelesDb.PowerShell.VelesStore])
        $result.Path | Should -Be $store.Path
    }

    It 'changes nothing with -WhatIf and says what it would do' {
        Close-EveryStore
        $result = Invoke-VelesPwsh -ImportModule -Script @"
Set-VelesStore -Path '$path' -Quantization Int8 -WhatIf
"quantization: `$((Get-VelesMetrics -Path '$path').Quantization)"
"@ -WorkingDirectory $folder
        $result.ExitCode | Should -Be 0 -Because $result.Error
        ($result.Output -join "`n") | Should -Match 'What if: Performing the operation "Set quantization from None to Int8 \(builds an int8 copy of the 3[.,]?000 vectors\)" on target'
        $result.Output[-1] | Should -Be 'quantization: None'
        Test-Path (Join-Path $path 'vectors.000001.q8') | Should -BeFalse
        Test-Path (Join-Path $path 'vectors.settings') | Should -BeFalse
    }

    It 'reports progress under one activity id, with real percentages and a final Completed record' {
        $records = Assert-VelesProgressBar -Command "Set-VelesStore -Path '$path' -Quantization Int8" -ActivityLike "Quantizing *$(Split-Path -Leaf $path)"
        $records.PercentComplete | Should -Contain 100
    }

    It 'answers VelesDb.NotSupported for a store whose backend cannot change its quantization' {
        Register-VelesMemoryBackend
        $memory = New-VelesStore -Path "mem://q$([guid]::NewGuid().ToString('n'))" -Dimension 2
        { Set-VelesStore -Store $memory -Quantization Int8 -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.NotSupported*'
    }

    It 'requires -Quantization' {
        (Get-Command Set-VelesStore).Parameters['Quantization'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Not -Contain $false
    }
}

Describe 'Get-VelesMetrics of a quantized store' {
    BeforeEach {
        $folder = New-VelesTestDirectory
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'shows the setting, the derived file and its size, and how the searches went' {
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 16 -Quantization Int8
        Add-SineVectors $store 1000 16
        $null = Find-VelesVector -Store $store -Vector ([float[]](1..16)) -Top 5
        $m = Get-VelesMetrics -Store $store
        $m.Quantization | Should -Be 'Int8'
        $m.QuantizedFileBytes | Should -Be (4096 + 48 * 1000)
        $m.QuantizedFileBytes | Should -Be (Get-Item (Join-Path $folder 'db/vectors.000001.q8')).Length
        $m.QuantizedSearchCount | Should -Be 1
        $m.QuantizedCandidateCount | Should -BeGreaterOrEqual 5
        $m.QuantizedCandidateCount | Should -BeLessOrEqual 1000
        ($m | Out-String) | Should -Match 'Quantization\s+: Int8: copy 52,096 bytes; 1 searches scored \d+ candidates from float32'
    }
}
