# What build.ps1 and the test runs leave behind: the package it makes, the temp folders of the
# engine tests, and the log of a Pester run whose output is redirected.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $root = Get-VelesRepositoryRoot
}

Describe 'The engine tests' {
    It 'leave no folder of their own in the temp folder when the run ends' {
        $temp = New-VelesTestDirectory
        $saved = $env:TMPDIR, $env:TMP, $env:TEMP
        try {
            # Path.GetTempPath() reads TMPDIR on Unix and TMP/TEMP on Windows.
            $env:TMPDIR = $env:TMP = $env:TEMP = $temp
            # Two tests that make their folders with TempStoreDirectory, its store path and its per-run paths.
            $filter = 'FullyQualifiedName~VelesDb.Engine.Tests.Basics.StoreBasicsTests.Stored_vectors_read_back_bit_identical_and_are_counted|' +
                'FullyQualifiedName~VelesDb.Engine.Tests.FailedIo.FailedIoTests.A_compaction_whose_directory_sync_fails_after_the_switch'
            $project = Join-Path $root 'tests/VelesDb.Engine.Tests'
            # The Test task has built the project already; run by hand, the test builds it first.
            $built = Test-Path -LiteralPath (Join-Path $project 'bin/Release/net10.0/VelesDb.Engine.Tests.dll')
            $output = dotnet test $project -c Release --nologo --filter $filter @(if ($built) { '--no-build' }) 2>&1
            $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
            ($output -join "`n") | Should -Match 'Passed!|Total tests: 2|Passed: +2'
        }
        finally {
            $env:TMPDIR, $env:TMP, $env:TEMP = $saved
        }
        try {
            $left = @(Get-ChildItem -LiteralPath $temp -Force -Filter 'velesdb-*' | ForEach-Object Name)
            $left | Should -BeNullOrEmpty
        }
        finally {
            Remove-VelesTestDirectory $temp
        }
    }
}

Describe 'Invoke-PesterSuite.ps1' {
    It 'writes plain text, with no ANSI escape codes, when its output is redirected to a log' {
        $tests = New-VelesTestDirectory
        try {
            Set-Content -LiteralPath (Join-Path $tests 'Sample.Tests.ps1') -Value @'
Describe 'A sample' { It 'passes' { 1 | Should -Be 1 } }
'@
            $suite = Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1'
            $arguments = @{
                PesterManifest = (Get-Module Pester).Path
                ModulePath     = Get-VelesModulePath
                TestRoot       = $tests
                ResultPath     = Join-Path $tests 'counts.json'
            }
            $splat = ($arguments.GetEnumerator() | ForEach-Object { "-$($_.Key) '$($_.Value -replace "'", "''")'" }) -join ' '
            # Invoke-VelesPwsh captures standard output: the child sees it redirected, as in CI.
            $result = Invoke-VelesPwsh -Script "& '$($suite -replace "'", "''")' $splat; exit `$LASTEXITCODE" -WorkingDirectory $tests
            $result.ExitCode | Should -Be 0 -Because $result.Error
            $log = $result.Output -join "`n"
            $log | Should -Match 'passes'
            $log | Should -Not -Match "`e" -Because 'escape codes make a CI log unreadable'
            (Get-Content -Raw -LiteralPath $arguments.ResultPath | ConvertFrom-Json).Passed | Should -Be 1
        }
        finally {
            Remove-VelesTestDirectory $tests
        }
    }
}

Describe 'build.ps1 -Task Package' {
    It 'packs the README as the package readme' {
        $work = New-VelesTestDirectory
        try {
            # Invoke-Package of build.ps1, run on the built module with its output in a temp folder.
            . (Get-VelesBuildFunction -Name 'Invoke-Native', 'Invoke-Package')
            $Root = $root
            $Out = $work
            $ModuleOut = Get-VelesModulePath
            $Manifest = Import-PowerShellDataFile -Path (Join-Path $root 'VelesDb.psd1')
            $Version = $Manifest.ModuleVersion
            $Configuration = 'Release'
            Invoke-Package

            $nupkg = Join-Path $work "VelesDb.$Version.nupkg"
            $nupkg | Should -Exist
            Add-Type -AssemblyName System.IO.Compression.FileSystem
            $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
            try {
                $zip.Entries.FullName | Should -Contain 'README.md'
                $reader = [System.IO.StreamReader]::new($zip.GetEntry('VelesDb.nuspec').Open())
                [xml] $nuspec = $reader.ReadToEnd()
                $reader.Dispose()
                $nuspec.package.metadata.readme | Should -Be 'README.md'
                $zip.Entries.FullName | Should -Contain 'VelesDb.psd1' -Because 'the module files stay at the package root'
            }
            finally {
                $zip.Dispose()
            }
        }
        finally {
            Remove-VelesTestDirectory $work
        }
    }
}
