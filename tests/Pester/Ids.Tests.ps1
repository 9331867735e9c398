# How keys bind on Add-, Get-, Remove-, Set- and Find-VelesVector, on every backend. A key is an
# unsigned 64-bit integer (a number, or a string that is a canonical decimal integer: '42' is 42)
# or a text key (any other string that is not blank, 1 to 1,024 UTF-8 bytes, given back as a
# [string]). Blank, fractional, negative, too large, true/false and over-long values are no key: a
# non-terminating VelesDb.InvalidId error naming them, never a key PowerShell made up (0 for a
# blank, 2 for 1.5), and the rest of the pipeline goes on.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $script:Backends = @(Get-VelesTestBackend)

    # What a user may write that is not a key, and a word the error's message must contain.
    $script:NotIds = @(
        @{ Case = 'an empty string'; Value = ''; Says = 'blank' }
        @{ Case = 'blanks'; Value = '  '; Says = 'blank' }
        @{ Case = 'a tab'; Value = "`t"; Says = 'blank' }
        @{ Case = 'the fraction 1.5'; Value = 1.5; Says = 'whole number' }
        @{ Case = 'the fraction 2.5'; Value = 2.5; Says = 'whole number' }
        @{ Case = '$true'; Value = $true; Says = 'true' }
        @{ Case = 'the negative -1'; Value = -1; Says = 'negative' }
        @{ Case = '2^64 as a number'; Value = [bigint]::Pow(2, 64); Says = 'largest' }
        @{ Case = 'a string of 1,025 bytes'; Value = 'k' * 1025; Says = '1025' }
        @{ Case = 'a string of 513 two-byte characters'; Value = [string]::new([char] 0x00E9, 513); Says = '1026' }
        @{ Case = 'a lone surrogate'; Value = [string] [char] 0xD800; Says = 'surrogate' }
    )

    # Strings that are text keys, not integer ids: only a canonical decimal integer is an id.
    $script:TextKeys = @(
        @{ Case = "'doc-1'"; Value = 'doc-1' }
        @{ Case = "'abc'"; Value = 'abc' }
        @{ Case = "'042' (a leading zero)"; Value = '042' }
        @{ Case = "' 42' (a blank before)"; Value = ' 42' }
        @{ Case = "'4.0' (a fraction)"; Value = '4.0' }
        @{ Case = "'-3' (a sign)"; Value = '-3' }
        @{ Case = "'18446744073709551616' (beyond 2^64-1)"; Value = '18446744073709551616' }
        @{ Case = 'a file path'; Value = '/var/log/syslog.1' }
        @{ Case = 'non-ASCII text'; Value = 'ключ-ü' }
        @{ Case = 'a string of 1,024 bytes'; Value = 'k' * 1024 }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    Register-VelesMemoryBackend
}

AfterAll {
    Close-EveryStore
}

Describe 'Keys on a <Backend> store' -ForEach $Backends {
    Context 'Add-VelesVector -Id' {
        BeforeEach {
            $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 3
        }
        AfterEach { Close-EveryStore }

        It 'rejects <Case> with a non-terminating VelesDb.InvalidId naming it, and stores nothing' -ForEach $NotIds {
            Add-VelesVector -Store $store -Id $Value -Vector 1, 2, 3 -ErrorAction SilentlyContinue -ErrorVariable problems
            $after = 'the next statement runs'

            $after | Should -Be 'the next statement runs'
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.AddVelesVectorCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $problems[0].TargetObject | Should -Be $Value
            $problems[0].Exception.Message | Should -BeLike "*$Says*"
            $store.Count | Should -Be 0
        }

        It 'stores <Case> as a text key and gives it back as that [string]' -ForEach $TextKeys {
            Add-VelesVector -Store $store -Id $Value -Vector 1, 2, 3
            $record = Get-VelesVector -Store $store -Id $Value
            $record.Id | Should -BeOfType [string]
            $record.Id | Should -BeExactly $Value
            (Get-VelesVector -Store $store).Id | Should -BeExactly $Value
        }

        It 'addresses one record with ''42'' (as from Import-Csv) and 42 (as from JSON), given back as [ulong]' {
            Add-VelesVector -Store $store -Id '42' -Vector 1, 1, 1
            Add-VelesVector -Store $store -Id 42 -Vector 2, 2, 2
            $store.Count | Should -Be 1
            $record = Get-VelesVector -Store $store -Id '42'
            $record.Id | Should -BeOfType [ulong]
            $record.Id | Should -Be 42
            $record.Vector | Should -Be @(2, 2, 2)
        }

        It 'keeps the text key ''042'' apart from the integer id 42' {
            Add-VelesVector -Store $store -Id 42 -Vector 1, 1, 1
            Add-VelesVector -Store $store -Id '042' -Vector 2, 2, 2
            $store.Count | Should -Be 2
            (Get-VelesVector -Store $store).Id | Should -Be @(42, '042') -Because 'integer ids sort before text keys'
        }

        It 'stores a [guid] as its string form' {
            $guid = [guid] '0f8fad5b-d9cb-469f-a165-70867728950e'
            Add-VelesVector -Store $store -Id $guid -Vector 1, 2, 3
            (Get-VelesVector -Store $store -Id '0f8fad5b-d9cb-469f-a165-70867728950e').Id | Should -BeExactly '0f8fad5b-d9cb-469f-a165-70867728950e'
        }

        It 'rejects Import-Csv rows with an empty Id one by one and stores the other rows, ''1.5'' as a text key' {
            $csv = Join-Path $TestDrive 'rows.csv'
            Set-Content -LiteralPath $csv -Value 'Id,Vector', '1,1;1;1', ',2;2;2', 'doc-3,3;3;3', ',4;4;4', '1.5,5;5;5'
            Import-Csv -LiteralPath $csv | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 2
            $problems.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
            $problems.TargetObject | Should -Be @('', '')
            (Get-VelesVector -Store $store).Id | Should -Be @(1, '1.5', 'doc-3') -Because 'no blank Id becomes id 0, and 1.5 does not become 2'
        }

        It 'rejects ConvertFrom-Json objects whose Id is "", true, 1.5, -3 or 2^64, and stores the others' {
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

            $problems.Count | Should -Be 5
            $problems.FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
            $problems[0].Exception.Message | Should -BeLike "*''*blank*"
            $problems[1].Exception.Message | Should -BeLike '*True*'
            $problems[4].Exception.Message | Should -BeLike '*largest*'
            (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, [ulong]::MaxValue, 'x')
        }

        It 'names the value in a pipeline row whose Id is <Case>, and goes on with the next rows' -ForEach @(
            @{ Case = 'negative'; Value = -5; Says = 'negative' }
            @{ Case = 'blank'; Value = ' '; Says = 'blank' }
            @{ Case = '2^64'; Value = [bigint]::Pow(2, 64); Says = 'largest' }
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

        It 'still binds ids as numbers of any integer type, whole floating-point numbers and canonical strings of digits' {
            Add-VelesVector -Store $store -Id ([byte] 1) -Vector 1, 2, 3
            Add-VelesVector -Store $store -Id ([long] 2) -Vector 1, 2, 3
            Add-VelesVector -Store $store -Id ([ulong]::MaxValue) -Vector 1, 2, 3
            Add-VelesVector -Store $store -Id '4' -Vector 1, 2, 3
            Add-VelesVector -Store $store -Id 5.0 -Vector 1, 2, 3
            Add-VelesVector -Store $store -Id '0' -Vector 1, 2, 3
            $ids = (Get-VelesVector -Store $store).Id
            $ids | Should -Be @(0, 1, 2, 4, 5, [ulong]::MaxValue)
            $ids | ForEach-Object { $_ | Should -BeOfType [ulong] }
        }

        It 'documents -Id as the module''s key type, not as Object' {
            (Get-Command Add-VelesVector).Parameters['Id'].ParameterType | Should -Be ([VelesDb.PowerShell.VectorId])
        }
    }

    Context 'Get-VelesVector -Id' {
        BeforeEach {
            $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 3
            0, 1, 2 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
        }
        AfterEach { Close-EveryStore }

        It 'rejects <Case> with VelesDb.InvalidId and returns the keys around it' -ForEach $NotIds {
            $vectors = Get-VelesVector -Store $store -Id 1, $Value, 2 -ErrorAction SilentlyContinue -ErrorVariable problems
            $vectors.Id | Should -Be @(1, 2) -Because 'a value that is not a key is never read as id 0 or a rounded id'
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.GetVelesVectorCommand'
            $problems[0].TargetObject | Should -Be $Value
            $problems[0].Exception.Message | Should -BeLike "*$Says*"
        }

        It 'rejects piped values that are not keys and returns the others' {
            $vectors = 1, '', 1.5, 2 | Get-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems
            $vectors.Id | Should -Be @(1, 2)
            $problems.Count | Should -Be 2
            $problems.TargetObject | Should -Be @('', 1.5)
        }

        It 'still takes the Id of piped objects: Get-VelesVector output and Import-Csv rows' {
            (Get-VelesVector -Store $store -Id 2, 1 | Get-VelesVector).Id | Should -Be @(2, 1)
            ([pscustomobject]@{ Id = '1' }, [pscustomobject]@{ Id = 2 } | Get-VelesVector -Store $store).Id | Should -Be @(1, 2)
        }

        It 'reads text keys given, piped by value and piped as the Id of objects' {
            'doc-a', 'doc-b' | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
            (Get-VelesVector -Store $store -Id 'doc-b', 1).Id | Should -Be @('doc-b', 1)
            ('doc-a', 'doc-b' | Get-VelesVector -Store $store).Id | Should -Be @('doc-a', 'doc-b')
            ([pscustomobject]@{ Id = 'doc-b' } | Get-VelesVector -Store $store).Id | Should -Be 'doc-b'
            (Get-VelesVector -Store $store -Id 'doc-a' | Get-VelesVector).Id | Should -Be 'doc-a'
        }

        It 'reports a text key that is not stored as VelesDb.VectorNotFound naming it, and returns the others' {
            $vectors = Get-VelesVector -Store $store -Id 1, 'nowhere', 2 -ErrorAction SilentlyContinue -ErrorVariable problems
            $vectors.Id | Should -Be @(1, 2)
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.VectorNotFound,VelesDb.PowerShell.Commands.GetVelesVectorCommand'
            $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $problems[0].TargetObject | Should -BeExactly 'nowhere'
            $problems[0].Exception.Message | Should -BeLike "*'nowhere'*"
        }
    }

    Context 'Remove-VelesVector -Id' {
        BeforeEach {
            $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 3
            0, 1, 2, 3 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
        }
        AfterEach { Close-EveryStore }

        It 'rejects <Case> with VelesDb.InvalidId and removes nothing for it' -ForEach $NotIds {
            Remove-VelesVector -Store $store -Id $Value -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.RemoveVelesVectorCommand'
            $problems[0].TargetObject | Should -Be $Value
            (Get-VelesVector -Store $store).Id | Should -Be @(0, 1, 2, 3) -Because 'a blank is not id 0, 1.5 is not id 2, -1 and 2^64 are no id at all'
        }

        It 'removes the good keys of a piped mix and reports the others' {
            [pscustomobject]@{ Id = '' }, [pscustomobject]@{ Id = 1 }, [pscustomobject]@{ Id = 'two' }, [pscustomobject]@{ Id = 3 } |
                Remove-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems.Count | Should -Be 2
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
            $problems[1].FullyQualifiedErrorId | Should -BeLike 'VelesDb.VectorNotFound,*'
            $problems.TargetObject | Should -Be @('', 'two')
            (Get-VelesVector -Store $store).Id | Should -Be @(0, 2)
        }

        It 'still removes what Get-VelesVector pipes to it' {
            Get-VelesVector -Store $store -Id 1, 2 | Remove-VelesVector
            (Get-VelesVector -Store $store).Id | Should -Be @(0, 3)
        }

        It 'removes text keys given, piped by value and piped from Get-VelesVector' {
            'a', 'b', 'c' | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1, 2, 3 } } | Add-VelesVector -Store $store
            Remove-VelesVector -Store $store -Id 'a'
            'b' | Remove-VelesVector -Store $store
            Get-VelesVector -Store $store -Id 'c', 0 | Remove-VelesVector
            (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, 3)
        }

        # A -WhatIf message goes to the host, so it is read from a child pwsh, where a memory store is not.
        It 'names a text key in the -WhatIf message' -Skip:($Backend -eq 'Memory') {
            Add-VelesVector -Store $store -Id 'doc-1' -Vector 1, 2, 3
            Close-EveryStore
            $result = Invoke-VelesPwsh -ImportModule -Script "Remove-VelesVector -Path '$($store.Path)' -Id 'doc-1' -WhatIf" -WorkingDirectory $TestDrive
            ($result.Output -join "`n") | Should -Match "What if: Performing the operation ""Remove vector"" on target ""vector 'doc-1' in"
        }
    }

    Context 'Find-VelesVector -Id' {
        BeforeEach {
            $store = New-VelesStore -Path (New-VelesTestLocation -Backend $Backend -Folder $TestDrive) -Dimension 3
            @(
                [pscustomobject]@{ Id = 0; Vector = 1, 0, 0 }
                [pscustomobject]@{ Id = 1; Vector = 0, 1, 0 }
                [pscustomobject]@{ Id = 2; Vector = 0, 0, 1 }
            ) | Add-VelesVector -Store $store
        }
        AfterEach { Close-EveryStore }

        It 'rejects a query whose Id is <Case> with VelesDb.InvalidId and answers the next query' -ForEach $NotIds {
            $results = @(
                [pscustomobject]@{ Id = $Value; Vector = 1, 0, 0 }
                [pscustomobject]@{ Id = 7; Vector = 0, 1, 0 }
            ) | Find-VelesVector -Store $store -Top 1 -Metric Euclidean -ErrorAction SilentlyContinue -ErrorVariable problems

            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.InvalidId,VelesDb.PowerShell.Commands.FindVelesVectorCommand'
            $problems[0].TargetObject | Should -Be $Value
            @($results).Count | Should -Be 1
            $results.QueryId | Should -Be 7
            $results.Id | Should -Be 1
        }

        It 'rejects a blank -CandidateId instead of searching id 0' {
            $results = Find-VelesVector -Store $store -Vector 1, 0, 0 -Metric Euclidean -CandidateId '', 2 -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidId,*'
            $results.Id | Should -Be 2
        }

        It 'still carries the Id of piped vectors into QueryId and leaves it out with -ExcludeQuery' {
            $results = Get-VelesVector -Store $store -Id 1 | Find-VelesVector -Top 1 -Metric Euclidean -ExcludeQuery
            $results.QueryId | Should -Be 1
            $results.Id | Should -Not -Be 1
        }

        It 'searches from the vector of the stored record -Id names, of either key kind, without -Vector' {
            Add-VelesVector -Store $store -Id 'near-y' -Vector 0, 0.9, 0.1
            $fromText = Find-VelesVector -Store $store -Id 'near-y' -Top 2 -Metric Euclidean
            $fromText.Id | Should -Be @('near-y', 1)
            $fromText.QueryId | Should -Be @('near-y', 'near-y')
            $fromText[0].QueryId | Should -BeOfType [string]

            $fromNumber = Find-VelesVector -Store $store -Id 1 -Top 1 -Metric Euclidean -ExcludeQuery
            $fromNumber.Id | Should -BeExactly 'near-y'
            $fromNumber.QueryId | Should -BeOfType [ulong]
        }

        It 'reports a query by a key that is not stored as VelesDb.VectorNotFound and answers the next query' {
            $results = 'missing', 2 | ForEach-Object { [pscustomobject]@{ Id = $_ } } |
                Find-VelesVector -Store $store -Top 1 -Metric Euclidean -ErrorAction SilentlyContinue -ErrorVariable problems
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'VelesDb.VectorNotFound,VelesDb.PowerShell.Commands.FindVelesVectorCommand'
            $problems[0].TargetObject | Should -BeExactly 'missing'
            $results.Id | Should -Be 2
        }

        It 'asks for a vector or a key when a query has neither' {
            Find-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable problems | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidArgument,*'
            $problems[0].Exception.Message | Should -BeLike '*-Vector*-Id*'
        }

        It 'takes text keys in -CandidateId and leaves a text-key query out with -ExcludeQuery' {
            Add-VelesVector -Store $store -Id 'x1' -Vector 1, 0, 0
            Add-VelesVector -Store $store -Id 'x2' -Vector 0.9, 0.1, 0
            (Find-VelesVector -Store $store -Vector 1, 0, 0 -Metric Euclidean -CandidateId 'x2', 2).Id | Should -Be @('x2', 2)
            (Get-VelesVector -Store $store -Id 'x1' | Find-VelesVector -Top 1 -Metric Euclidean -ExcludeQuery).Id | Should -Be 0
        }
    }
}
