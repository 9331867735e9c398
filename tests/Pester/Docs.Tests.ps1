# Keeps the README, the example scripts and about_VelesDb in step with the module: the tour
# runs as written, every script in examples/ runs, every error id the module can raise is
# explained in about_VelesDb (and no document names an id that does not exist), and every
# relative link of the README leads to a file.

BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:ExampleScripts = @(Get-ChildItem -LiteralPath (Join-Path $root 'examples') -Filter '*.ps1' |
            Sort-Object Name |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
    $script:Documents = @(@(Get-ChildItem -LiteralPath (Join-Path $root 'docs/en-US') -Filter '*.md') + @(Get-Item -LiteralPath (Join-Path $root 'README.md')) |
            ForEach-Object { @{ Name = $_.Name; Path = $_.FullName } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $root = Get-VelesRepositoryRoot
    $readme = Get-Content -Raw -LiteralPath (Join-Path $root 'README.md')
    $aboutPath = Join-Path $root 'docs/en-US/about_VelesDb.md'
    $about = Get-Content -Raw -LiteralPath $aboutPath

    # The error ids are the string constants of VelesErrors: the one place the module names them.
    $errorsSource = Get-Content -Raw -LiteralPath (Join-Path $root 'src/VelesDb.PowerShell/VelesErrors.cs')
    $errorIds = @([regex]::Matches($errorsSource, 'const string \w+ = "(VelesDb\.\w+)"') | ForEach-Object { $_.Groups[1].Value })

    function Get-MarkdownSection([string] $Markdown, [string] $Heading) {
        # The text under a '## Heading' up to the next heading of level 2 (or the end).
        $match = [regex]::Match($Markdown, "(?ms)^## $([regex]::Escape($Heading))[ \t]*\r?\n(.*?)(?=^## |\z)")
        if ($match.Success) { $match.Groups[1].Value } else { $null }
    }
}

Describe 'The README tour' {
    It 'runs as written in an empty folder, and the reopened store holds the three vectors left' {
        $tour = Get-MarkdownSection $readme 'A short tour'
        $tour | Should -Not -BeNullOrEmpty -Because 'the README has a "## A short tour" section'
        $code = [regex]::Match($tour, '(?ms)^```powershell\r?\n(.*?)^```').Groups[1].Value
        $code | Should -Not -BeNullOrEmpty -Because 'the tour is a powershell code block'

        $folder = New-VelesTestDirectory
        try {
            $result = Invoke-VelesPwsh -ImportModule -Script $code -WorkingDirectory $folder
            $result.ExitCode | Should -Be 0 -Because "the tour failed: $($result.Error)"
            @($result.Output | Where-Object { $_.Trim() })[-1] | Should -Be '3'
        }
        finally {
            Remove-VelesTestDirectory $folder
        }
    }
}

Describe 'examples/<Name>' -ForEach $ExampleScripts {
    BeforeAll {
        function Assert-ExampleRunsCleanly([string] $Name, [string] $Script, [string] $Folder) {
            # An example runs in a child pwsh in an empty folder, ends well, and leaves it empty.
            $result = Invoke-VelesPwsh -Script $Script -WorkingDirectory $Folder
            $result.ExitCode | Should -Be 0 -Because "$Name failed: $($result.Error)"
            $result.Error | Should -BeNullOrEmpty
            @(Get-ChildItem -LiteralPath $Folder -Force) | Should -BeNullOrEmpty -Because "$Name cleans up after itself"
        }
    }

    It 'runs as "pwsh examples/<Name>" right after a build, with the module on no PSModulePath' {
        $folder = New-VelesTestDirectory
        try {
            $script = @"
if (Get-Module -ListAvailable -Name VelesDb) { throw 'VelesDb is on PSModulePath; this test is about a clone where it is not.' }
`$null = & '$($Path -replace "'", "''")' *>&1
exit `$LASTEXITCODE
"@
            Assert-ExampleRunsCleanly -Name $Name -Script $script -Folder $folder
        }
        finally {
            Remove-VelesTestDirectory $folder
        }
    }

    It 'runs to the end where the module is installed, found by name as a user imports it' {
        $folder = New-VelesTestDirectory
        $installed = New-VelesTestDirectory
        try {
            # A copy away from the source tree: no built module next to it, only the one on PSModulePath.
            $copy = Join-Path $installed $Name
            Copy-Item -LiteralPath $Path -Destination $copy
            $modules = Split-Path -Parent (Get-VelesModulePath)
            $script = @"
`$env:PSModulePath = '$($modules -replace "'", "''")' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
# Everything the script writes (output, host, warnings) is dropped; a failure still stops it.
`$null = & '$($copy -replace "'", "''")' *>&1
exit `$LASTEXITCODE
"@
            Assert-ExampleRunsCleanly -Name $Name -Script $script -Folder $folder
        }
        finally {
            Remove-VelesTestDirectory $folder
            Remove-VelesTestDirectory $installed
        }
    }
}

Describe 'Online help' {
    BeforeAll {
        $projectUri = (Import-PowerShellDataFile -Path (Join-Path $root 'VelesDb.psd1')).PrivateData.PSData.ProjectUri
        $commands = Invoke-VelesPwshJson -Script 'Get-Command -Module $VelesModule.Name -CommandType Cmdlet | Select-Object Name, HelpUri'
    }

    It 'links every cmdlet to its docs page under the ProjectUri, for Get-Help -Online' {
        $projectUri | Should -Match '^https://'
        @($commands).Count | Should -BeGreaterThan 5
        foreach ($command in $commands) {
            $command.HelpUri | Should -Be "$projectUri/blob/main/docs/en-US/$($command.Name).md" -Because "$($command.Name) should open its own page"
            Join-Path $root "docs/en-US/$($command.Name).md" | Should -Exist
        }
    }

    It 'names the same page as the online version of every cmdlet help file' {
        foreach ($command in $commands) {
            $text = Get-Content -Raw -LiteralPath (Join-Path $root "docs/en-US/$($command.Name).md")
            $frontMatter = [regex]::Match($text, '(?s)\A---\r?\n(.*?)\r?\n---').Groups[1].Value
            $frontMatter | Should -Match "(?m)^online version: $([regex]::Escape("$projectUri/blob/main/docs/en-US/$($command.Name).md"))\s*$"
        }
    }
}

Describe 'about_VelesDb' {
    It 'keeps the about-topic structure: title, short and long description, see also, keywords' {
        $headings = @([regex]::Matches($about, '(?m)^(#{1,2}) (.+?)\s*$') | ForEach-Object { "$($_.Groups[1].Value) $($_.Groups[2].Value)" })
        $headings | Should -Be @('# about_VelesDb', '## SHORT DESCRIPTION', '## LONG DESCRIPTION', '## SEE ALSO', '## KEYWORDS')
    }

    It 'has its sub-sections at level 3 under LONG DESCRIPTION' {
        $long = Get-MarkdownSection $about 'LONG DESCRIPTION'
        $titles = @([regex]::Matches($long, '(?m)^### (.+?)\s*$') | ForEach-Object { $_.Groups[1].Value })
        foreach ($expected in 'Concepts', 'Files on disk', 'Durability', 'Durability modes', 'Compaction', 'Metrics',
            'Concurrency and locking', 'Limits', 'Troubleshooting') {
            $titles | Should -Contain $expected
        }
        $long | Should -Not -Match '(?m)^#{4,} ' -Because 'Get-Help shows every heading below level 2 alike'
    }

    It 'finds the error ids in the module source' {
        $errorIds.Count | Should -BeGreaterThan 10
        $errorIds | Should -Contain 'VelesDb.StoreLocked'
    }

    It 'explains every error id the module can raise in Troubleshooting' {
        $troubleshooting = [regex]::Match($about, '(?ms)^### Troubleshooting\s*$(.*?)(?=^##)').Groups[1].Value
        foreach ($id in $errorIds) {
            $troubleshooting | Should -Match "(?m)^- $([regex]::Escape($id)) \(" -Because "$id is an error id of the module, and Troubleshooting should say what it means and what to do"
        }
    }

    It 'describes every property of VelesMetrics under Metrics' {
        $metrics = [regex]::Match($about, '(?ms)^### Metrics\s*$(.*?)(?=^###)').Groups[1].Value
        $source = Get-Content -Raw -LiteralPath (Join-Path $root 'src/VelesDb.PowerShell/VelesMetrics.cs')
        $properties = @([regex]::Matches($source, '(?m)^\s*public \S+ (\w+) \{ get; \}') | ForEach-Object { $_.Groups[1].Value })
        # The embedded engine's own figures, which become properties of the metrics object by name.
        $details = Get-Content -Raw -LiteralPath (Join-Path $root 'src/VelesDb.Engine/MmapVectorStore.Contract.cs')
        $properties += @([regex]::Matches($details, 'new\("(\w+)", snapshot\.') | ForEach-Object { $_.Groups[1].Value })
        $properties.Count | Should -BeGreaterThan 10
        foreach ($property in $properties) {
            $metrics | Should -Match "\b$property\b" -Because "VelesMetrics.$property should be explained"
        }
    }

    It 'is shown by Get-Help with its troubleshooting section' {
        $result = Invoke-VelesPwsh -ImportModule -Script 'Get-Help about_VelesDb | Out-String -Width 120'
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $text = $result.Output -join "`n"
        $text | Should -Match '(?m)^  Troubleshooting$'
        foreach ($id in $errorIds) {
            $text | Should -Match ([regex]::Escape($id))
        }
    }
}

Describe 'Error ids in the documents' {
    It 'names only ids the module has, in <Name>' -ForEach $Documents {
        # An id is VelesDb.Word not followed by a path or a longer dotted name (VelesDb.Engine.Tests/, VelesDb.PowerShell.dll).
        $text = Get-Content -Raw -LiteralPath $Path
        $named = @([regex]::Matches($text, '\bVelesDb\.(?!PowerShell\b|Engine\b)[A-Z]\w+(?![/\w-]|\.\w)') | ForEach-Object Value | Sort-Object -Unique)
        foreach ($id in $named) {
            $errorIds | Should -Contain $id -Because "$Name names $id, which is not an error id of the module"
        }
    }
}

Describe 'The README links' {
    BeforeAll {
        # The benchmark results are written by 'build.ps1 -Task Bench' and committed with the
        # benchmark; until then the README already links to where they will be.
        $benchmarkResults = 'docs/benchmarks.md'
    }

    It 'lead to files of the repository' {
        $targets = @([regex]::Matches($readme, '\]\(([^)#\s]+)(#[^)]*)?\)') |
                ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -notmatch '^[a-z]+:' } |
                Sort-Object -Unique)
        $targets.Count | Should -BeGreaterThan 10
        foreach ($target in $targets | Where-Object { $_ -ne $benchmarkResults }) {
            Join-Path $root $target | Should -Exist -Because "the README links to $target"
        }
    }

    It 'lead to the benchmark results' -Skip:(-not (Test-Path -LiteralPath (Join-Path (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path 'docs/benchmarks.md'))) {
        $readme | Should -Match ([regex]::Escape("($benchmarkResults)"))
        Join-Path $root $benchmarkResults | Should -Exist
    }

    It 'include the help page of every cmdlet the module exports' {
        $manifest = Get-VelesModuleManifest
        foreach ($cmdlet in $manifest.CmdletsToExport) {
            $readme | Should -Match ([regex]::Escape("(docs/en-US/$cmdlet.md)"))
        }
    }
}

Describe 'The README test command' {
    It 'shows the shape of the last line without a count that goes stale' {
        $readme | Should -Match 'tests: '
        $readme | Should -Not -Match 'tests: \d+ passed' -Because 'a sample count reads as the current one and is soon wrong'
    }
}
