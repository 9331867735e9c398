# How ids bind on Add-, Get-, Remove- and Find-VelesVector: what is an id (an unsigned 64-bit
# integer, as a number or a string of digits), and what is not (blank, fractional, negative,
# too large, text, true/false). A value that is not an id is a non-terminating VelesDb.InvalidId
# error naming it, never an id PowerShell made up from it (0 for a blank, 2 for 1.5), and the
# rest of the pipeline goes on.

BeforeDiscovery {
    # What a user may write that is not an id, and a word the error's message must contain.
    $script:NotIds = @(
        @{ Case = 'an empty string'; Value = ''; Says = 'blank' }
        @{ Case = 'blanks'; Value = '  '; Says = 'blank' }
        @{ Case = 'the fraction 1.5'; Value = 1.5; Says = 'whole number' }
        @{ Case = 'the fraction 2.5'; Value = 2.5; Says = 'whole number' }
        @{ Case = "the string '7.9'"; Value = '7.9'; Says = 'whole number' }
        @{ Case = '$true'; Value = $true; Says = 'true' }
        @{ Case = 'the negative -1'; Value = -1; Says = 'negative' }
        @{ Case = "the string '-3'"; Value = '-3'; Says = 'negative' }
        @{ Case = "the text 'abc'"; Value = 'abc'; Says = 'not a number' }
        @{ Case = '2^64 as a string'; Value = '18446744073709551616'; Says = 'largest' }
        @{ Case = '2^64 as a number'; Value = [bigint]::Pow(2, 64); Says = 'largest' }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force

    function Close-EveryStore {
        [VelesDb.PowerShell.ModuleCleanup]::new().OnRemove($null)
    }
}

Describe 'Add-VelesVector -Id' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'rejects <Case> with a non-terminating VelesDb.InvalidId naming it, and stores nothing' -ForEach $NotIds {
        Add-VelesVector -Store $store -Id $Value -Vector 1, 2, 3 -ErrorAction SilentlyContinue -ErrorVariable problems
        $after = 'the next statement runs'

        $after | Should -Be 'the next statement runs'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.AddVelesVectorCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $problems[0].TargetObject | Should -Be $Value
        $problems[0].Exception.Message | Should -BeLike "*'$Value'*"
        $problems[0].Exception.Message | Should -BeLike "*$Says*"
        $store.Count | Should -Be 0
    }

    It 'rejects Import-Csv rows with an empty Id one by one and stores the other rows' {
        $csv = Join-Path $folder 'rows.csv'
        Set-Content -LiteralPath $csv -Value 'Id,Vector', '1,1;1;1', ',2;2;2', '3,3;3;3', ',4;4;4', '1.5,5;5;5'
        Import-Csv -LiteralPath $csv | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 3
        $problems.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
        $problems.TargetObject | Should -Be @('', '', '1.5')
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 3) -Because 'no blank Id becomes id 0, and 1.5 does not become 2'
    }

    It 'rejects ConvertFrom-Json objects whose Id is "", true, 1.5, -3, text or 2^64, and stores the others' {
        @'
[ {"Id": 1, "Vector": [1, 1, 1]},
  {"Id": "", "Vector": [2, 2, 2]},
  {"Id": true, "Vector": [3, 3, 3]},
  {"Id": 1.5, "Vector": [4, 4, 4]},
  {"Id": -3, "Vector": [5, 5, 5]},
  {"Id": "x", "Vector": [6, 6, 6]},
  {"Id": 18446744073709551616, "Vector": [7, 7, 7]},
  {"Id": "18446744073709551615", "Vector": [8, 8, 8]},
  {"Id": 2.0, "Vector": [9, 9, 9]} ]
'@ | ConvertFrom-Json | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 6
        $problems.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
        $problems[0].Exception.Message | Should -BeLike "*''*blank*"
        $problems[1].Exception.Message | Should -BeLike '*True*'
        $problems[4].Exception.Message | Should -BeLike '*x*'
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, [ulong]::MaxValue)
    }

    It 'names the value in a pipeline row whose Id is <Case>, and goes on with the next rows' -ForEach @(
        @{ Case = 'negative'; Value = -5; Says = 'negative' }
        @{ Case = 'text'; Value = 'seven'; Says = 'not a number' }
        @{ Case = '2^64'; Value = '18446744073709551616'; Says = 'largest' }
    ) {
        @(
            [pscustomobject]@{ Id = 1; Vector = 1, 2, 3 }
            [pscustomobject]@{ Id = $Value; Vector = 1, 2, 3 }
            [pscustomobject]@{ Id = 3; Vector = 1, 2, 3 }
        ) | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.AddVelesVectorCommand'
        $problems[0].Exception.Message | Should -BeLike "*'$Value'*$Says*"
        $problems[0].Exception.Message | Should -Not -BeLike '*mandatory*'
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 3)
    }

    It 'still binds ids as numbers of any integer type and as strings of digits' {
        Add-VelesVector -Store $store -Id ([byte] 1) -Vector 1, 2, 3
        Add-VelesVector -Store $store -Id ([long] 2) -Vector 1, 2, 3
        Add-VelesVector -Store $store -Id ([ulong]::MaxValue) -Vector 1, 2, 3
        Add-VelesVector -Store $store -Id ' 4 ' -Vector 1, 2, 3
        Add-VelesVector -Store $store -Id 5.0 -Vector 1, 2, 3
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, 4, 5, [ulong]::MaxValue)
    }

    It 'documents -Id as the module''s id type, not as Object' {
        (Get-Command Add-VelesVector).Parameters['Id'].ParameterType | Should -Be ([VelesDb.PowerShell.VectorId])
    }
}

Describe 'Get-VelesVector -Id' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        0, 1, 2 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'rejects <Case> with VelesDb.InvalidId and returns the ids around it' -ForEach $NotIds {
        $vectors = Get-VelesVector -Store $store -Id 1, $Value, 2 -ErrorAction SilentlyContinue -ErrorVariable problems
        $vectors.Id | Should -Be @(1, 2) -Because 'a value that is not an id is never read as id 0 or a rounded id'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.GetVelesVectorCommand'
        $problems[0].TargetObject | Should -Be $Value
        $problems[0].Exception.Message | Should -BeLike "*$Says*"
    }

    It 'rejects piped values that are not ids and returns the others' {
        $vectors = 1, '', '1.5', 2 | Get-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems
        $vectors.Id | Should -Be @(1, 2)
        $problems.Count | Should -Be 2
        $problems.TargetObject | Should -Be @('', '1.5')
    }

    It 'still takes the Id of piped objects: Get-VelesVector output and Import-Csv rows' {
        (Get-VelesVector -Store $store -Id 2, 1 | Get-VelesVector).Id | Should -Be @(2, 1)
        ([pscustomobject]@{ Id = '1' }, [pscustomobject]@{ Id = 2 } | Get-VelesVector -Store $store).Id | Should -Be @(1, 2)
    }
}

Describe 'Remove-VelesVector -Id' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        0, 1, 2, 3 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'rejects <Case> with VelesDb.InvalidId and removes nothing for it' -ForEach $NotIds {
        Remove-VelesVector -Store $store -Id $Value -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.RemoveVelesVectorCommand'
        $problems[0].TargetObject | Should -Be $Value
        (Get-VelesVector -Store $store).Id | Should -Be @(0, 1, 2, 3) -Because 'a blank is not id 0, 1.5 is not id 2, -1 and 2^64 are no id at all'
    }

    It 'removes the good ids of a piped mix and reports the others' {
        [pscustomobject]@{ Id = '' }, [pscustomobject]@{ Id = 1 }, [pscustomobject]@{ Id = 'two' }, [pscustomobject]@{ Id = 3 } |
            Remove-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 2
        $problems.TargetObject | Should -Be @('', 'two')
        (Get-VelesVector -Store $store).Id | Should -Be @(0, 2)
    }

    It 'still removes what Get-VelesVector pipes to it' {
        Get-VelesVector -Store $store -Id 1, 2 | Remove-VelesVector
        (Get-VelesVector -Store $store).Id | Should -Be @(0, 3)
    }
}

Describe 'Find-VelesVector -Id' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        @(
            [pscustomobject]@{ Id = 0; Vector = 1, 0, 0 }
            [pscustomobject]@{ Id = 1; Vector = 0, 1, 0 }
            [pscustomobject]@{ Id = 2; Vector = 0, 0, 1 }
        ) | Add-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'rejects a query whose Id is <Case> with VelesDb.InvalidId and answers the next query' -ForEach $NotIds {
        $results = @(
            [pscustomobject]@{ Id = $Value; Vector = 1, 0, 0 }
            [pscustomobject]@{ Id = 7; Vector = 0, 1, 0 }
        ) | Find-VelesVector -Store $store -Top 1 -ErrorAction SilentlyContinue -ErrorVariable problems

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.FindVelesVectorCommand'
        $problems[0].TargetObject | Should -Be $Value
        @($results).Count | Should -Be 1
        $results.QueryId | Should -Be 7
        $results.Id | Should -Be 1
    }

    It 'rejects a blank -CandidateId instead of searching id 0' {
        $results = Find-VelesVector -Store $store -Vector 1, 0, 0 -CandidateId '', 2 -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
        $results.Id | Should -Be 2
    }

    It 'still carries the Id of piped vectors into QueryId and leaves it out with -ExcludeQuery' {
        $results = Get-VelesVector -Store $store -Id 1 | Find-VelesVector -Top 1 -ExcludeQuery
        $results.QueryId | Should -Be 1
        $results.Id | Should -Not -Be 1
    }
}
