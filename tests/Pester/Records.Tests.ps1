# Records on every backend beyond what Add-VelesVector keeps: Set-VelesVector replaces attributes,
# -Filter selects records for Get- and Find-VelesVector, and Get-VelesMetrics counts key and
# attribute bytes.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $script:Backends = @(Get-VelesTestBackend)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    Register-VelesMemoryBackend
}

AfterAll {
    Close-EveryStore
}

Describe 'Set-VelesVector on a <Backend> store' -ForEach $Backends {
    BeforeEach {
        $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 2
        @(
            [pscustomobject]@{ Id = 1; Vector = 1, 0; Name = 'red' }
            [pscustomobject]@{ Id = 'doc-2'; Vector = 0, 1; Name = 'blue' }
            [pscustomobject]@{ Id = 3; Vector = 1, 1; Name = 'grey' }
        ) | Add-VelesVector -Store $store
    }
    AfterEach { Close-EveryStore }

    It 'replaces the attributes of a record and keeps its vector' {
        Set-VelesVector -Store $store -Id 'doc-2' -Attributes @{ Colour = 'navy' }
        $record = Get-VelesVector -Store $store -Id 'doc-2'
        $record.Attributes.PSObject.Properties.Name | Should -Be @('Colour')
        $record.Colour | Should -BeExactly 'navy'
        $record.Vector | Should -Be @(0, 1)
        (Get-VelesVector -Store $store -Id 1).Name | Should -BeExactly 'red' -Because 'other records keep theirs'
    }

    It 'clears them with -Attributes @{}' {
        Set-VelesVector -Store $store -Id 1 -Attributes @{}
        @((Get-VelesVector -Store $store -Id 1).Attributes.PSObject.Properties).Count | Should -Be 0
    }

    It 'takes the keys of piped Get-VelesVector output, and keys by value' {
        Get-VelesVector -Store $store -Id 1, 'doc-2' | Set-VelesVector -Attributes '{"Seen": true}'
        3 | Set-VelesVector -Store $store -Attributes ([pscustomobject]@{ Seen = $false })
        (Get-VelesVector -Store $store).Seen | Should -Be @($true, $false, $true)
    }

    It 'reports a key that is not stored as a non-terminating VelesDb.VectorNotFound, the rest going on' {
        Set-VelesVector -Store $store -Id 1, 'nowhere', 99, 3 -Attributes @{ N = 1 } -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 2
        $problems.FullyQualifiedErrorId | Should -Be @('VelesDb.VectorNotFound,VelesDb.PowerShell.Commands.SetVelesVectorCommand', 'VelesDb.VectorNotFound,VelesDb.PowerShell.Commands.SetVelesVectorCommand')
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems.TargetObject | Should -Be @('nowhere', 99)
        (Get-VelesVector -Store $store -Id 1, 3).N | Should -Be @(1, 1)
        $store.Count | Should -Be 3 -Because 'setting attributes never creates a record'
    }

    It 'reports a value that is not a key as VelesDb.InvalidId' {
        Set-VelesVector -Store $store -Id '', 1 -Attributes @{ N = 1 } -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
        (Get-VelesVector -Store $store -Id 1).N | Should -Be 1
    }

    It 'changes nothing with -WhatIf' {
        Set-VelesVector -Store $store -Id 1 -Attributes @{ N = 1 } -WhatIf
        (Get-VelesVector -Store $store -Id 1).Attributes.PSObject.Properties.Name | Should -Be @('Name')
    }

    It 'writes the updated records with -PassThru, as Get-VelesVector would' {
        $out = Set-VelesVector -Store $store -Id 'doc-2', 1 -Attributes ([ordered]@{ N = 5; Tag = 't' }) -PassThru
        $out.Id | Should -Be @('doc-2', 1)
        $out.N | Should -Be @(5, 5)
        $out[0].Vector | Should -Be @(0, 1)
        $out[0].PSObject.TypeNames[0] | Should -Be 'VelesDb.PowerShell.VelesVector'
    }

    It 'writes nothing without -PassThru' {
        Set-VelesVector -Store $store -Id 1 -Attributes @{ N = 1 } | Should -BeNullOrEmpty
    }

    It 'refuses attributes that are no JSON object with one terminating VelesDb.InvalidAttributes error, changing nothing' {
        { Set-VelesVector -Store $store -Id 1 -Attributes @{ Code = { 1 } } -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.InvalidAttributes,VelesDb.PowerShell.Commands.SetVelesVectorCommand'
        (Get-VelesVector -Store $store -Id 1).Name | Should -BeExactly 'red'
    }
}

Describe 'Set-VelesVector''s declaration' {
    It 'is a SupportsShouldProcess cmdlet of medium impact with -Id at position 0 from the pipeline' {
        $command = Get-Command Set-VelesVector
        $command.Parameters.Keys | Should -Contain 'WhatIf'
        $command.Parameters.Keys | Should -Contain 'Confirm'
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Medium'
        $id = $command.Parameters['Id'].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] } | Select-Object -First 1
        $id.Position | Should -Be 0
        $id.ValueFromPipeline | Should -BeTrue
        $id.ValueFromPipelineByPropertyName | Should -BeTrue
        $command.Parameters['Attributes'].Attributes.Where({ $_ -is [System.Management.Automation.ParameterAttribute] }).Mandatory | Should -Not -Contain $false
    }
}

Describe 'Filters on a <Backend> store' -ForEach $Backends {
    BeforeEach {
        $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 2
        @(
            [pscustomobject]@{ Id = 1; Vector = 1, 0; Kind = 'fruit'; Price = 3; Tags = @('red', 'sweet') }
            [pscustomobject]@{ Id = 2; Vector = 0.9, 0.1; Kind = 'veg'; Price = 1; Tags = @('green') }
            [pscustomobject]@{ Id = 'doc-3'; Vector = 0.8, 0.2; Kind = 'fruit'; Price = 10; Tags = @('green', 'sour') }
            [pscustomobject]@{ Id = 4; Vector = 0, 1; Name = 'no kind, no price' }
            [pscustomobject]@{ Id = 5; Vector = 0.1, 0.9; Kind = 'veg'; Name = 'no price' }
        ) | Add-VelesVector -Store $store
    }
    AfterEach { Close-EveryStore }

    It 'streams the records a filter matches with Get-VelesVector -Filter' {
        (Get-VelesVector -Store $store -Filter '.Kind == "fruit"').Id | Should -Be @(1, 'doc-3')
        (Get-VelesVector -Store $store -Filter '.Price > 2 and "green" in .Tags').Id | Should -Be 'doc-3'
        (Get-VelesVector -Store $store -Filter '.Price < 5 or .Kind == "veg"').Id | Should -Be @(1, 2) -Because 'a record lacking a selected field does not match, even where the other side of an or would'
    }

    It 'finds the nearest among the matching records only with Find-VelesVector -Filter' {
        $hits = Find-VelesVector -Store $store -Vector 1, 0 -Metric Euclidean -Top 2 -Filter '.Kind == "fruit"'
        $hits.Id | Should -Be @(1, 'doc-3')
        ($hits | ForEach-Object Rank) | Should -Be @(1, 2) -Because "an array has a Rank of its own"
        $hits.Kind | Should -Be @('fruit', 'fruit')
    }

    It 'takes Get-VelesVector -Filter output on to Set-VelesVector' {
        Get-VelesVector -Store $store -Filter '.Kind == "veg"' | Set-VelesVector -Attributes @{ Kind = 'fruit'; Price = 2 }
        (Get-VelesVector -Store $store -Filter '.Kind == "fruit"').Id | Should -Be @(1, 2, 5, 'doc-3')
    }

    It 'stops <Cmdlet> with one VelesDb.InvalidFilter error that shows the filter and points at the position' -ForEach @(
        @{ Cmdlet = 'Get-VelesVector'; Run = { param($s) Get-VelesVector -Store $s -Filter '.Price >' } }
        @{ Cmdlet = 'Find-VelesVector'; Run = { param($s) @(@(1, 0), @(0, 1)) | ForEach-Object { [pscustomobject]@{ Vector = $_ } } | Find-VelesVector -Store $s -Metric Euclidean -Filter '.Price >' } }
    ) {
        $output = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            & $Run $store | ForEach-Object { $output.Add($_) }
        }
        catch {
            $caught = $_
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidFilter,*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -BeLike '*.Price >*'
        $caught.Exception.Message | Should -Match '\^'
        $output.Count | Should -Be 0 -Because 'the filter is checked before any work is done'
    }

    It 'checks the filter before the first query of a pipeline, even one that is no query' {
        $caught = $null
        try {
            [pscustomobject]@{ Id = 'not stored' }, [pscustomobject]@{ Vector = 1, 0 } |
                Find-VelesVector -Store $store -Metric Euclidean -Filter '(.Price' -ErrorVariable problems -ErrorAction SilentlyContinue
        }
        catch {
            $caught = $_
        }
        $caught.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidFilter,*'
        @($problems | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -like 'VelesDb.VectorNotFound,*' }).Count | Should -Be 0
    }

    It 'refuses -Filter together with -Id' {
        { Get-VelesVector -Store $store -Id 1 -Filter '.Price > 1' -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.InvalidArgument,*'
    }
}

Describe 'Record metrics on a <Backend> store' -ForEach $Backends {
    BeforeEach {
        $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 2
    }
    AfterEach { Close-EveryStore }

    It 'reports no key or attribute bytes for integer ids without attributes' {
        Add-VelesVector -Store $store -Id 1 -Vector 1, 0
        $metrics = Get-VelesMetrics -Store $store
        $metrics.KeyBytes | Should -Be 0
        $metrics.AttributeBytes | Should -Be 0
    }

    It 'reports the UTF-8 bytes of the live text keys and the compact JSON bytes of the live attributes' {
        Add-VelesVector -Store $store -Id 'ab' -Vector 1, 0 -Attributes '{ "n" : 1 }'
        Add-VelesVector -Store $store -Id 'é' -Vector 1, 0
        Add-VelesVector -Store $store -Id 'gone' -Vector 1, 0 -Attributes @{ x = 'y' }
        Add-VelesVector -Store $store -Id 5 -Vector 1, 0 -Attributes @{ s = 'ü' }
        Remove-VelesVector -Store $store -Id 'gone'
        $metrics = Get-VelesMetrics -Store $store
        $metrics.KeyBytes | Should -Be (2 + 2)
        $metrics.AttributeBytes | Should -Be ('{"n":1}'.Length + [System.Text.Encoding]::UTF8.GetByteCount('{"s":"ü"}'))
        $metrics.KeyBytes | Should -BeOfType [long]
    }
}
