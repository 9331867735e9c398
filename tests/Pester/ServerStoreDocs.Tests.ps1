# The README's server-store commands run as written against a Garnet server (only its address
# changed to the test server's), and move keys, vectors and attributes both ways.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $root = Get-VelesRepositoryRoot
    $readme = Get-Content -Raw -LiteralPath (Join-Path $root 'README.md')
    $script:Garnet = Start-VelesGarnet
}

AfterAll {
    Stop-VelesGarnet $script:Garnet
}

Describe 'The README''s server stores section' {
    It 'moves the records of ./local to the server and back, keys and attributes kept' {
        $section = [regex]::Match($readme, '(?ms)^## Server stores[ \t]*\r?\n(.*?)(?=^## |\z)').Groups[1].Value
        $section | Should -Not -BeNullOrEmpty -Because 'the README has a "## Server stores" section'
        $code = [regex]::Match($section, '(?ms)^```powershell\r?\n(.*?)^```').Groups[1].Value
        $code | Should -Match ([regex]::Escape('Get-VelesVector -Path ./local | Add-VelesVector -Store $remote'))
        $code | Should -Match 'redis://localhost:6379/'
        # The one change: the test server's address for the one the README shows.
        $code = $code.Replace('redis://localhost:6379/', "redis://127.0.0.1:$($script:Garnet.Port)/")

        $folder = New-VelesTestDirectory
        try {
            $prepare = @'
$local = New-VelesStore -Path ./local -Dimension 3
[pscustomobject]@{ Id = 'doc-1'; Vector = @(0.1, 0.2, 0.3); Lang = 'en'; Words = 1200; Tags = @('a', 'b') } | Add-VelesVector -Store $local
[pscustomobject]@{ Id = 42; Vector = @(1, 0, 0); Lang = 'fr' } | Add-VelesVector -Store $local
Add-VelesVector -Store $local -Id 7 -Vector 0, 0, 1
Close-VelesStore $local
'@
            $check = @'
$remote = Open-VelesStore -Uri $remote.Path
$report = foreach ($store in (Open-VelesStore -Path ./back), $remote) {
    foreach ($record in Get-VelesVector -Store $store) {
        [pscustomobject]@{
            Backend = $store.Backend
            Id = "$($record.Id)"
            IdType = $record.Id.GetType().Name
            Vector = ($record.Vector -join ',')
            Attributes = ($record.Attributes | ConvertTo-Json -Compress -Depth 5)
        }
    }
}
$report | ConvertTo-Json -Compress
'@
            $result = Invoke-VelesPwsh -ImportModule -Script ($prepare + "`n" + $code + "`n" + $check) -WorkingDirectory $folder
            $result.ExitCode | Should -Be 0 -Because "the README's commands failed: $($result.Error)"
            $records = @($result.Output | Where-Object { $_.Trim().StartsWith('[') } | Select-Object -Last 1 | ConvertFrom-Json)
            foreach ($backend in 'Mmap', 'Redis') {
                $got = @($records | Where-Object Backend -EQ $backend | Sort-Object Id)
                $got.Id | Should -Be @('42', '7', 'doc-1') -Because "the $backend store holds the three keys"
                ($got | Where-Object Id -EQ '42').IdType | Should -Be 'UInt64'
                ($got | Where-Object Id -EQ 'doc-1').IdType | Should -Be 'String'
                ($got | Where-Object Id -EQ 'doc-1').Vector | Should -Be (([float[]] @(0.1, 0.2, 0.3)) -join ',')
                $doc = ($got | Where-Object Id -EQ 'doc-1').Attributes | ConvertFrom-Json
                $doc.Lang | Should -Be 'en'
                $doc.Words | Should -Be 1200
                $doc.Tags | Should -Be @('a', 'b')
                (($got | Where-Object Id -EQ '42').Attributes | ConvertFrom-Json).Lang | Should -Be 'fr'
            }
        }
        finally {
            Remove-VelesTestDirectory $folder
        }
    }
}
