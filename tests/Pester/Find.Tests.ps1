# Find-VelesVector: exact nearest neighbours against a naive double-precision reference, the
# pipeline forms, and the errors for bad queries.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force


    function Get-ReferenceNeighbour {
        # The naive answer, in double precision: every vector scored, best first, ties by smaller id.
        param([hashtable] $Vectors, [double[]] $Query, [string] $Metric, [int] $Top)
        $scored = foreach ($id in $Vectors.Keys) {
            $v = $Vectors[$id]
            $dot = 0.0; $vv = 0.0; $qq = 0.0; $d2 = 0.0
            for ($i = 0; $i -lt $v.Length; $i++) {
                $dot += $v[$i] * $Query[$i]; $vv += $v[$i] * $v[$i]; $qq += $Query[$i] * $Query[$i]
                $d2 += ($v[$i] - $Query[$i]) * ($v[$i] - $Query[$i])
            }
            $score = switch ($Metric) {
                'Cosine' { if ($vv -eq 0) { 0.0 } else { $dot / [math]::Sqrt($vv * $qq) } }
                'DotProduct' { $dot }
                'Euclidean' { [math]::Sqrt($d2) }
            }
            [pscustomobject]@{ Id = [ulong] $id; Score = $score }
        }
        $descending = $Metric -ne 'Euclidean'
        $scored | Sort-Object @{ Expression = 'Score'; Descending = $descending }, @{ Expression = 'Id'; Descending = $false } |
            Select-Object -First $Top
    }
}

Describe 'Find-VelesVector' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        @(
            @{ Id = 1; Vector = 1, 0, 0 }
            @{ Id = 2; Vector = 0, 1, 0 }
            @{ Id = 3; Vector = 0, 0, 1 }
            @{ Id = 4; Vector = 1, 1, 0 }
            @{ Id = 5; Vector = 0.5, 0, 0.5 }
        ) | ForEach-Object { [pscustomobject]$_ } | Add-VelesVector -Store $store
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'returns the -Top nearest vectors by cosine, best first, with ranks' {
        $results = Find-VelesVector -Store $store -Vector 1, 0.2, 0 -Top 3
        $results | Should -HaveCount 3
        $results[0] | Should -BeOfType ([VelesDb.PowerShell.VelesSearchResult])
        $results.Id | Should -Be @(1, 4, 5)
        ($results | ForEach-Object Rank) | Should -Be @(1, 2, 3)
        $results[0].Score | Should -BeGreaterThan $results[1].Score
        $results[0].Metric | Should -Be 'Cosine'
        $results[0].QueryId | Should -BeNullOrEmpty
        $results[0].Vector | Should -BeNullOrEmpty
        $results[0].StorePath | Should -Be $store.Path
    }

    It 'returns ten neighbours by default, or all there are' {
        (Find-VelesVector -Store $store -Vector 1, 1, 1).Count | Should -Be 5
    }

    It 'scores Euclidean as the distance, smaller first' {
        $results = Find-VelesVector -Store $store -Vector 1, 0, 0 -Metric Euclidean -Top 2
        $results.Id | Should -Be @(1, 5)
        $results[0].Score | Should -Be 0
        $results[1].Score | Should -BeGreaterThan 0.7071
        $results[1].Score | Should -BeLessThan 0.7072
    }

    It 'finds the neighbours of a stored vector piped from Get-VelesVector' {
        $results = Get-VelesVector -Store $store -Id 1 | Find-VelesVector -Top 2
        $results.Id | Should -Be @(1, 4)
        $results.QueryId | Should -Be @(1, 1)
    }

    It 'leaves the query''s own vector out with -ExcludeQuery' {
        $results = Get-VelesVector -Store $store -Id 1 | Find-VelesVector -Top 2 -ExcludeQuery
        $results.Id | Should -Be @(4, 5) -Because 'ties (4 and 5 both score 0.7071) go to the smaller id'
        ($results | ForEach-Object Rank) | Should -Be @(1, 2)
    }

    It 'answers several queries from the pipeline, each with its QueryId' {
        $queries = @(
            [pscustomobject]@{ Id = 100; Vector = '0,1,0' }
            [pscustomobject]@{ Id = 200; Vector = '[0, 0, 1]' }
        )
        $results = $queries | Find-VelesVector -Store $store -Top 1
        $results.QueryId | Should -Be @(100, 200)
        $results.Id | Should -Be @(2, 3)
    }

    It 'adds the found vectors with -IncludeVector' {
        $result = Find-VelesVector -Store $store -Vector 0, 0, 1 -Top 1 -IncludeVector
        $result.Vector | Should -Be @(0, 0, 1)
    }

    It 'searches only among -CandidateId' {
        (Find-VelesVector -Store $store -Vector 1, 0, 0 -CandidateId 2, 3 -Top 5).Id | Should -Be @(2, 3)
    }

    It 'never returns deleted vectors' {
        Remove-VelesVector -Store $store -Id 1
        (Find-VelesVector -Store $store -Vector 1, 0, 0 -Top 5).Id | Should -Not -Contain 1
    }

    It 'pipes its results on to Remove-VelesVector' {
        Find-VelesVector -Store $store -Vector 0, 0, 1 -Top 2 | Remove-VelesVector
        (Get-VelesVector -Store $store).Id | Should -Be @(1, 2, 4)
    }

    It 'writes <ErrorId> for <Problem>, and goes on with the next query' -ForEach @(
        @{ Problem = 'a query of the wrong dimension'; Query = '1,0'; ErrorId = 'VelesDb.DimensionMismatch' }
        @{ Problem = 'a NaN component'; Query = @(1, [double]::NaN, 0); ErrorId = 'VelesDb.InvalidVector' }
        @{ Problem = 'a zero vector with Cosine'; Query = @(0, 0, 0); ErrorId = 'VelesDb.InvalidVector' }
        @{ Problem = 'text that is not numbers'; Query = 'north'; ErrorId = 'VelesDb.InvalidVector' }
    ) {
        $queries = @(
            [pscustomobject]@{ Id = 7; Vector = $Query }
            [pscustomobject]@{ Id = 8; Vector = 1, 0, 0 }
        )
        $results = $queries | Find-VelesVector -Store $store -Top 1 -ErrorAction SilentlyContinue -ErrorVariable problems
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        $problems[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $problems[0].TargetObject | Should -Be 7
        $results.QueryId | Should -Be 8
    }

    It 'rejects a -Top of <Top>' -ForEach @(@{ Top = 0 }, @{ Top = -3 }) {
        { Find-VelesVector -Store $store -Vector 1, 0, 0 -Top $Top -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'shows rank, id and score in its default view, with no empty Vector column' {
        $text = Find-VelesVector -Store $store -Vector 1, 0, 0 -Top 1 | Out-String -Width 200
        $text | Should -Match 'QueryId\s+Rank\s+Id\s+Score\s+Metric'
        $text | Should -Match '1\s+1\s+1\s+Cosine'
        $text | Should -Not -Match 'Vector'
    }

    It 'adds a preview of the vector to the view with -IncludeVector' {
        $result = Find-VelesVector -Store $store -Vector 1, 0, 0 -Top 1 -IncludeVector
        $result | Should -BeOfType ([VelesDb.PowerShell.VelesSearchResult])
        $result.Vector | Should -Be @(1, 0, 0)
        $text = $result | Out-String -Width 200
        $text | Should -Match 'Rank\s+Id\s+Score\s+Metric\s+Vector'
        $text | Should -Match 'Cosine\s+1, 0, 0'
    }
}

Describe 'Find-VelesVector against a naive reference' {
    BeforeAll {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 8
        $random = [System.Random]::new(20261125)
        $reference = @{}
        # Inserts, overwrites and deletes, with a few exact duplicates to make ties.
        $rows = foreach ($id in 1..300) {
            $v = [float[]] (1..8 | ForEach-Object { [float] ($random.Next(-4, 5) / 2) })
            $reference[$id] = [double[]] $v
            [pscustomobject]@{ Id = $id; Vector = $v }
        }
        $rows | Add-VelesVector -Store $store
        $overwrites = foreach ($id in 1..300 | Where-Object { $_ % 7 -eq 0 }) {
            $v = [float[]] (1..8 | ForEach-Object { [float] ($random.Next(-4, 5) / 2) })
            $reference[$id] = [double[]] $v
            [pscustomobject]@{ Id = $id; Vector = $v }
        }
        $overwrites | Add-VelesVector -Store $store
        $deleted = 1..300 | Where-Object { $_ % 5 -eq 0 }
        $deleted | Remove-VelesVector -Store $store
        $deleted | ForEach-Object { $reference.Remove($_) }
        $queries = 1..4 | ForEach-Object { , [double[]] (1..8 | ForEach-Object { $random.Next(-4, 5) / 2 + 0.25 }) }
    }
    AfterAll {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'agrees with the reference by <Metric>, ties broken by the smaller id' -ForEach @(
        @{ Metric = 'Cosine' }
        @{ Metric = 'DotProduct' }
        @{ Metric = 'Euclidean' }
    ) {
        foreach ($query in $queries) {
            $expected = Get-ReferenceNeighbour -Vectors $reference -Query $query -Metric $Metric -Top 15
            $actual = Find-VelesVector -Store $store -Vector $query -Metric $Metric -Top 15
            $actual.Id | Should -Be $expected.Id
            for ($i = 0; $i -lt 15; $i++) {
                $actual[$i].Score | Should -BeGreaterOrEqual ($expected[$i].Score - 1e-4)
                $actual[$i].Score | Should -BeLessOrEqual ($expected[$i].Score + 1e-4)
            }
        }
    }
}
