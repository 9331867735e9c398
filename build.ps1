#Requires -Version 7.6
<#
.SYNOPSIS
Builds, tests, documents, benchmarks and packages the VelesDb module.

.DESCRIPTION
Every developer and CI task, with plain parameters and no task-runner module:

  Build    dotnet publish the cmdlets, lay the module out in out/VelesDb, compile its help.
  Test     Build (the benchmark and fuzzing projects too, without running them), run the xunit engine tests
           and every tests/**/*.Tests.ps1 with Pester 5.7.1
           (restored from NuGet into .tools/) in a child pwsh. The last line printed is
           'tests: N passed, M failed'; the exit code is non-zero on any failure.
  Demo     Build, then run examples/quickstart.ps1 in a child pwsh against out/VelesDb.
  Docs     Compile docs/en-US to out/VelesDb/en-US (platyPS if installed, else the help compiler).
  Bench    Run the benchmark project tests/VelesDb.Benchmarks.
  Package  Build, then pack out/VelesDb as out/VelesDb.<version>.nupkg.
  Clean    Remove out/, .tools/ and every project's bin/ and obj/.

The version has one source, VelesDb.psd1's ModuleVersion, passed to dotnet as -p:Version.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Docs', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [string] $Configuration = 'Release'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'VelesDb'
$PublishOut = Join-Path $Out 'publish'
$TestResults = Join-Path $Out 'TestResults'
$Tools = Join-Path $Root '.tools'
$CmdletProject = Join-Path $Root 'src/VelesDb.PowerShell'
$HelpCompilerProject = Join-Path $Root 'src/VelesDb.HelpCompiler'
$EngineTestProject = Join-Path $Root 'tests/VelesDb.Engine.Tests'
$XunitTestProjects = @($EngineTestProject, (Join-Path $Root 'tests/VelesDb.Redis.Tests'), (Join-Path $Root 'tests/VelesDb.Interchange.Tests'))
$BenchmarkProject = Join-Path $Root 'tests/VelesDb.Benchmarks'
$FuzzProject = Join-Path $Root 'tests/VelesDb.Fuzz'
$Docs = Join-Path $Root 'docs/en-US'

$Manifest = Import-PowerShellDataFile -Path (Join-Path $Root 'VelesDb.psd1')
$Version = $Manifest.ModuleVersion
$PesterVersion = '5.7.1'

# Help files land in exactly 'en-US': Linux is case-sensitive, and Get-Help finds no help in 'en-us'.
$HelpCulture = 'en-US'
$MamlFile = "$($Manifest.RootModule)-Help.xml"
$AboutFile = 'about_VelesDb.help.txt'

# Assemblies that the hosting pwsh supplies; shipping one would load a second copy.
$HostAssemblies = @('System.Management.Automation.dll', 'Microsoft.PowerShell.Commands.Utility.dll', 'Microsoft.PowerShell.CoreCLR.Eventing.dll')

function Invoke-Native {
    <# Runs a native command with its output on the console; throws when it exits non-zero. #>
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [Parameter(Mandatory)] [string[]] $ArgumentList
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-ChildPwsh {
    <#
    The executable and leading arguments that start a fresh pwsh like this one. Under
    'dotnet pwsh' (the local tool) the running host is dotnet, so the child is
    'dotnet <PSHOME>/pwsh.dll'.
    #>
    $process = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($process)
}

function Invoke-ChildPwsh {
    <# Runs a script file in a fresh pwsh without a profile; returns its exit code. #>
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $ArgumentList = @()
    )
    $pwsh = Get-ChildPwsh
    $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $File) + $ArgumentList
    Write-Host "> $($pwsh[0]) $($arguments -join ' ')" -ForegroundColor DarkGray
    & $pwsh[0] @arguments | Out-Host
    $LASTEXITCODE
}

function Get-RuntimeFile {
    <#
    The files the cmdlet assembly needs at run time, relative to the publish folder, read from
    its .deps.json: its own and the engine's assembly, and every package's runtime and native
    assets (System.Numerics.Tensors, ...).
    #>
    param([Parameter(Mandatory)] [string] $PublishFolder)
    $depsPath = Join-Path $PublishFolder 'VelesDb.PowerShell.deps.json'
    if (-not (Test-Path -LiteralPath $depsPath)) {
        throw "The publish output has no VelesDb.PowerShell.deps.json: $depsPath"
    }
    $deps = Get-Content -Raw -LiteralPath $depsPath | ConvertFrom-Json -AsHashtable
    $target = $deps.targets[$deps.runtimeTarget.name]
    $files = [System.Collections.Generic.List[string]]::new()
    foreach ($library in $target.Values) {
        foreach ($kind in 'runtime', 'native') {
            if ($library.ContainsKey($kind)) {
                # Portable publish puts package assets next to the cmdlet assembly.
                $library[$kind].Keys | ForEach-Object { $files.Add((Split-Path -Leaf $_)) }
            }
        }
        if ($library.ContainsKey('runtimeTargets')) {
            # RID-specific assets keep their runtimes/<rid>/... path in the publish folder.
            $library['runtimeTargets'].Keys | ForEach-Object { $files.Add($_) }
        }
    }
    $files | Sort-Object -Unique
}

function Copy-RequiredFile {
    <# Copies one file into the module layout; a missing source fails the build. #>
    param(
        [Parameter(Mandatory)] [string] $Source,
        [Parameter(Mandatory)] [string] $Destination
    )
    if (-not (Test-Path -LiteralPath $Source -PathType Leaf)) {
        throw "A file of the module is missing: $Source"
    }
    $folder = Split-Path -Parent $Destination
    if (-not (Test-Path -LiteralPath $folder)) {
        New-Item -ItemType Directory -Path $folder | Out-Null
    }
    Copy-Item -LiteralPath $Source -Destination $Destination
}

function Invoke-Docs {
    <# Compiles docs/en-US into the module's en-US folder: MAML for the cmdlets, text for about topics. #>
    $helpOut = Join-Path $ModuleOut $HelpCulture
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    if (Get-Module -ListAvailable -Name platyPS) {
        Write-Host "docs: platyPS New-ExternalHelp $Docs -> $helpOut"
        Import-Module platyPS
        New-ExternalHelp -Path $Docs -OutputPath $helpOut -Force | Out-Null
    }
    else {
        Write-Host "docs: platyPS is not installed; compiling $Docs with src/VelesDb.HelpCompiler"
        Invoke-Native dotnet @('run', '--project', $HelpCompilerProject, '-c', $Configuration, "-p:Version=$Version", '--', $Docs, $helpOut, $MamlFile)
    }
    if (-not (Test-Path -LiteralPath (Join-Path $helpOut $MamlFile))) {
        throw "Compiling the help produced no $HelpCulture/$MamlFile."
    }
    if (-not (Test-Path -LiteralPath (Join-Path $helpOut $AboutFile))) {
        throw "Compiling the help produced no $HelpCulture/${AboutFile}: docs/en-US/about_VelesDb.md is missing."
    }
}

function Invoke-Build {
    <# Publishes the cmdlets and lays the module out in out/VelesDb from an explicit list of files. #>
    if (Test-Path -LiteralPath $PublishOut) {
        Remove-Item -LiteralPath $PublishOut -Recurse -Force
    }
    Invoke-Native dotnet @('publish', $CmdletProject, '-c', $Configuration, '-o', $PublishOut, "-p:Version=$Version", '--nologo')

    $runtimeFiles = @(Get-RuntimeFile -PublishFolder $PublishOut)
    foreach ($required in 'VelesDb.PowerShell.dll', 'VelesDb.Engine.dll', 'VelesDb.Redis.dll', 'StackExchange.Redis.dll', 'VelesDb.Interchange.dll', 'Parquet.dll') {
        if ($required -notin $runtimeFiles) {
            throw "VelesDb.PowerShell.deps.json does not list $required."
        }
    }
    $shipped = @($runtimeFiles | Where-Object { (Split-Path -Leaf $_) -in $HostAssemblies })
    if ($shipped) {
        throw "The publish output would ship $($shipped -join ', '), which the hosting pwsh supplies. Reference PowerShellStandard.Library with PrivateAssets=all and ExcludeAssets=runtime."
    }

    if (Test-Path -LiteralPath $ModuleOut) {
        Remove-Item -LiteralPath $ModuleOut -Recurse -Force
    }
    New-Item -ItemType Directory -Path $ModuleOut | Out-Null
    Copy-RequiredFile (Join-Path $Root 'VelesDb.psd1') (Join-Path $ModuleOut 'VelesDb.psd1')
    Copy-RequiredFile (Join-Path $CmdletProject 'VelesDb.format.ps1xml') (Join-Path $ModuleOut 'VelesDb.format.ps1xml')
    foreach ($file in $runtimeFiles) {
        Copy-RequiredFile (Join-Path $PublishOut $file) (Join-Path $ModuleOut $file)
    }

    Invoke-Docs

    Write-Host "build: VelesDb $Version laid out in $ModuleOut"
    Get-ChildItem -LiteralPath $ModuleOut -Recurse -File |
        ForEach-Object { Write-Host "  $([System.IO.Path]::GetRelativePath($ModuleOut, $_.FullName))" }
}

function Get-PesterManifest {
    <#
    Restores Pester from NuGet (never the PowerShell Gallery) into .tools/Pester/<version> and
    returns its manifest. A throwaway project with a PackageDownload brings the package into the
    NuGet cache; the module is the package's tools/ folder.
    #>
    $moduleFolder = Join-Path $Tools "Pester/$PesterVersion"
    $manifestPath = Join-Path $moduleFolder 'Pester.psd1'
    if (Test-Path -LiteralPath $manifestPath) {
        return $manifestPath
    }

    $restoreFolder = Join-Path $Tools 'restore'
    New-Item -ItemType Directory -Path $restoreFolder -Force | Out-Null
    # Empty Directory.*.props stop MSBuild from importing the repository's build settings.
    Set-Content -LiteralPath (Join-Path $restoreFolder 'Directory.Build.props') -Value '<Project />'
    Set-Content -LiteralPath (Join-Path $restoreFolder 'Directory.Packages.props') -Value '<Project />'
    $project = Join-Path $restoreFolder 'Tools.csproj'
    Set-Content -LiteralPath $project -Value @"
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Pester" Version="[$PesterVersion]" />
  </ItemGroup>
</Project>
"@
    Invoke-Native dotnet @('restore', $project, '--nologo')

    $assets = Get-Content -Raw -LiteralPath (Join-Path $restoreFolder 'obj/project.assets.json') | ConvertFrom-Json -AsHashtable
    $package = $assets.packageFolders.Keys |
        ForEach-Object { Join-Path $_ "pester/$PesterVersion/tools" } |
        Where-Object { Test-Path -LiteralPath (Join-Path $_ 'Pester.psd1') } |
        Select-Object -First 1
    if (-not $package) {
        throw "Pester $PesterVersion was restored, but no package folder holds pester/$PesterVersion/tools/Pester.psd1."
    }
    New-Item -ItemType Directory -Path $moduleFolder -Force | Out-Null
    Copy-Item -Path (Join-Path $package '*') -Destination $moduleFolder -Recurse
    $manifestPath
}

function Get-TrxFailures([xml] $Results) {
    <# One line per failed xunit test: its name and the first line of its message, so the end of a CI log says what broke. #>
    foreach ($result in $Results.TestRun.Results.UnitTestResult) {
        if ($result.outcome -in 'Passed', 'NotExecuted') { continue }
        $messageNode = $result.SelectSingleNode(".//*[local-name()='Message']")
        $message = if ($messageNode) { $messageNode.InnerText.Trim() -split "`n" | Select-Object -First 1 } else { '(no message)' }
        "$($result.outcome): $($result.testName): $message"
    }
}

function Invoke-XunitTests {
    <# Runs each xunit suite (the engine's, the server backend's); returns their summed counts, a suite that could not run counted as one failure. #>
    $total = [pscustomobject]@{ Passed = 0; Failed = 0; Failures = @() }
    foreach ($project in $XunitTestProjects) {
        $counts = Invoke-XunitProject $project
        $total.Passed += $counts.Passed
        $total.Failed += $counts.Failed
        $total.Failures += $counts.Failures
    }
    $total
}

function Invoke-XunitProject([string] $Project) {
    <# Runs one xunit suite; returns its counts, with a suite that could not run counted as one failure. #>
    $name = Split-Path -Leaf $Project
    New-Item -ItemType Directory -Path $TestResults -Force | Out-Null
    $trx = Join-Path $TestResults "$name.trx"
    Remove-Item -LiteralPath $trx -ErrorAction Ignore
    Write-Host "> dotnet test $Project" -ForegroundColor DarkGray
    & dotnet test $Project -c $Configuration "-p:Version=$Version" --nologo `
        --logger 'console;verbosity=normal' --logger "trx;LogFileName=$name.trx" --results-directory $TestResults | Out-Host
    $exitCode = $LASTEXITCODE

    if (-not (Test-Path -LiteralPath $trx)) {
        Write-Host "xunit: $name did not run (dotnet test exited with $exitCode and wrote no results)" -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1; Failures = @() }
    }
    [xml] $results = Get-Content -Raw -LiteralPath $trx
    $counters = $results.TestRun.ResultSummary.Counters
    $failed = 0
    foreach ($counter in 'failed', 'error', 'timeout', 'aborted') {
        $failed += [int] $counters.GetAttribute($counter)
    }
    $passed = [int] $counters.GetAttribute('passed')
    if ($exitCode -ne 0 -and $failed -eq 0) {
        Write-Host "xunit: dotnet test of $name exited with $exitCode although no test failed" -ForegroundColor Red
        $failed = 1
    }
    Write-Host "xunit: $name $passed passed, $failed failed"
    # A skipped test says why (the server suites skip what needs a server this machine lacks).
    foreach ($result in @($results.TestRun.Results.UnitTestResult | Where-Object { $_.outcome -eq 'NotExecuted' })) {
        $reason = $result.SelectSingleNode(".//*[local-name()='Message']")
        Write-Host "xunit: skipped $($result.testName): $(if ($reason) { $reason.InnerText.Trim() } else { '(no reason given)' })" -ForegroundColor Yellow
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed; Failures = @(Get-TrxFailures $results) }
}

function Invoke-PesterTests {
    <# Runs every tests/**/*.Tests.ps1 in a child pwsh; returns the counts it reports. #>
    $pester = Get-PesterManifest
    New-Item -ItemType Directory -Path $TestResults -Force | Out-Null
    $resultPath = Join-Path $TestResults 'pester.json'
    Remove-Item -LiteralPath $resultPath -ErrorAction Ignore

    $exitCode = Invoke-ChildPwsh -File (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') -ArgumentList @(
        '-PesterManifest', $pester
        '-ModulePath', $ModuleOut
        '-TestRoot', (Join-Path $Root 'tests')
        '-ResultPath', $resultPath
        '-TestResultXml', (Join-Path $TestResults 'pester.xml')
        # The child's output is always piped through this session, so it cannot tell a terminal
        # from a log: this session can, and colours only a terminal.
        '-RenderMode', ([Console]::IsOutputRedirected ? 'Plaintext' : 'Ansi')
    )
    if ($exitCode -ne 0 -or -not (Test-Path -LiteralPath $resultPath)) {
        Write-Host "pester: the suite did not run (the child pwsh exited with $exitCode)" -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counts = Get-Content -Raw -LiteralPath $resultPath | ConvertFrom-Json
    $failed = $counts.Failed + $counts.FailedBlocks + $counts.FailedContainers
    Write-Host "pester: $($counts.Passed) passed, $failed failed ($($counts.FailedBlocks) failed blocks, $($counts.FailedContainers) failed files), $($counts.Skipped) skipped, $($counts.NotRun) not run"
    [pscustomobject]@{ Passed = $counts.Passed; Failed = $failed }
}

function Test-BuildOnlyProject {
    <#
    Test runs neither the benchmark nor the fuzzing harness, but both must still build, so that a
    change to the engine that breaks one fails here rather than at the next Bench or fuzzing run.
    Returns how many of them do not build.
    #>
    $broken = 0
    foreach ($project in @($BenchmarkProject, $FuzzProject)) {
        Write-Host "> dotnet build $project" -ForegroundColor DarkGray
        & dotnet build $project -c $Configuration "-p:Version=$Version" --nologo | Out-Host
        if ($LASTEXITCODE -ne 0) {
            Write-Host "build: $(Split-Path -Leaf $project) does not build (dotnet build exited with $LASTEXITCODE)" -ForegroundColor Red
            $broken++
        }
    }
    return $broken
}

function Invoke-Test {
    $buildFailed = Test-BuildOnlyProject
    $engine = Invoke-XunitTests
    $pester = Invoke-PesterTests
    $passed = $engine.Passed + $pester.Passed
    $failed = $engine.Failed + $pester.Failed + $buildFailed
    foreach ($failure in $engine.Failures) {
        Write-Host "xunit $failure" -ForegroundColor Red
    }
    # The summary is the last line of the run, for people and for CI.
    Write-Host "tests: $passed passed, $failed failed"
    if ($failed -gt 0) {
        exit 1
    }
}

function Invoke-Demo {
    $quickstart = Join-Path $Root 'examples/quickstart.ps1'
    if (-not (Test-Path -LiteralPath $quickstart)) {
        throw "The demo script is not there: $quickstart"
    }
    # The child finds 'VelesDb' in out/ first, so the example imports the module as a user would.
    $savedModulePath = $env:PSModulePath
    try {
        $env:PSModulePath = $Out + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $exitCode = Invoke-ChildPwsh -File $quickstart
    }
    finally {
        $env:PSModulePath = $savedModulePath
    }
    if ($exitCode -ne 0) {
        throw "examples/quickstart.ps1 failed with exit code $exitCode."
    }
}

function Invoke-Bench {
    <#
    Builds the module (the pipeline-ingest workload imports out/VelesDb in a child pwsh), then runs
    the benchmark in Release: every store at both shapes, about 8 minutes on 2 cores, written to
    docs/benchmarks.md and printed. For a quick development run with small sizes:
      dotnet run -c Release --project tests/VelesDb.Benchmarks -- --quick
    LMDB: the liblmdb.so inside the LightningDB package needs glibc 2.38. On an older Linux the
    distribution's library is used (Debian/Ubuntu: liblmdb0), installed here when it is missing and
    apt-get can run as root; without either, the run skips LMDB and says why.
    #>
    if (-not (Get-ChildItem -LiteralPath $BenchmarkProject -Filter '*.csproj' -ErrorAction Ignore)) {
        throw "The benchmark project is not there yet: tests/VelesDb.Benchmarks has no .csproj. Nothing was measured."
    }
    if ($IsLinux) {
        $machine = (uname -m)
        $lmdb = "/usr/lib/$machine-linux-gnu/liblmdb.so.0", '/usr/lib64/liblmdb.so.0', '/usr/lib/liblmdb.so.0'
        $hasLmdb = { [bool]($lmdb | Where-Object { Test-Path -LiteralPath $_ }) }
        if (-not (& $hasLmdb) -and (Get-Command apt-get -ErrorAction Ignore) -and (id -u) -eq '0') {
            Write-Host 'bench: installing liblmdb0 (the LMDB peer; the library bundled with LightningDB needs glibc 2.38)'
            $env:DEBIAN_FRONTEND = 'noninteractive'
            apt-get update -qq | Out-Host
            if ($LASTEXITCODE -eq 0) {
                apt-get install -y -qq liblmdb0 | Out-Host
            }
            # A failed install is reported just below; the run then goes on without LMDB.
        }
        if (-not (& $hasLmdb)) {
            Write-Host "bench: no system liblmdb.so.0; if LightningDB's bundled one cannot load (it needs glibc 2.38), LMDB is skipped. Install it with: apt-get install liblmdb0" -ForegroundColor Yellow
        }
    }
    Invoke-Build
    $pwshArguments = Get-ChildPwsh | ForEach-Object { '--pwsh'; $_ }
    Invoke-Native dotnet (@('run', '-c', $Configuration, '--project', $BenchmarkProject, "-p:Version=$Version", '--') + $pwshArguments)
}

function Invoke-Package {
    <#
    Packs out/VelesDb as a PowerShell module package (module files at the package root, as the
    PowerShell Gallery lays them out) with dotnet pack over a nuspec made from the manifest. The
    repository's README.md is the package readme, at the root too.
    #>
    $packFolder = Join-Path $Out 'package'
    if (Test-Path -LiteralPath $packFolder) {
        Remove-Item -LiteralPath $packFolder -Recurse -Force
    }
    New-Item -ItemType Directory -Path $packFolder | Out-Null
    $psData = $Manifest.PrivateData.PSData
    $escape = { param($text) [System.Security.SecurityElement]::Escape([string] $text) }
    $tags = @($psData.Tags) + @('PSModule', 'PSIncludes_Cmdlet') + @($Manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_" })
    Set-Content -LiteralPath (Join-Path $packFolder 'VelesDb.nuspec') -Value @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>VelesDb</id>
    <version>$Version</version>
    <authors>$(& $escape $Manifest.Author)</authors>
    <description>$(& $escape $Manifest.Description)</description>
    <releaseNotes>$(& $escape $psData.ReleaseNotes)</releaseNotes>
    <copyright>$(& $escape $Manifest.Copyright)</copyright>
    <license type="expression">MIT</license>
    <projectUrl>$(& $escape $psData.ProjectUri)</projectUrl>
    <tags>$(& $escape ($tags -join ' '))</tags>
    <readme>README.md</readme>
  </metadata>
  <files>
    <file src="**" target="" />
    <file src="$(& $escape (Join-Path $Root 'README.md'))" target="" />
  </files>
</package>
"@
    # Empty Directory.*.props keep the repository's build settings out of this packing-only project.
    Set-Content -LiteralPath (Join-Path $packFolder 'Directory.Build.props') -Value '<Project />'
    Set-Content -LiteralPath (Join-Path $packFolder 'Directory.Packages.props') -Value '<Project />'
    Set-Content -LiteralPath (Join-Path $packFolder 'VelesDb.Package.csproj') -Value @'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NoWarn>$(NoWarn);NU5100;NU5110;NU5111;NU5128</NoWarn>
  </PropertyGroup>
</Project>
'@
    Invoke-Native dotnet @(
        'pack', (Join-Path $packFolder 'VelesDb.Package.csproj'), '-c', $Configuration, '-o', $Out, '--nologo'
        "-p:NuspecFile=$(Join-Path $packFolder 'VelesDb.nuspec')", "-p:NuspecBasePath=$ModuleOut"
    )
    $nupkg = Join-Path $Out "VelesDb.$Version.nupkg"
    if (-not (Test-Path -LiteralPath $nupkg)) {
        throw "dotnet pack succeeded but wrote no $nupkg."
    }
    Write-Host "package: $nupkg"
}

function Invoke-Clean {
    foreach ($folder in $Out, $Tools) {
        if (Test-Path -LiteralPath $folder) {
            Remove-Item -LiteralPath $folder -Recurse -Force
        }
    }
    foreach ($tree in 'src', 'tests') {
        Get-ChildItem -LiteralPath (Join-Path $Root $tree) -Directory -ErrorAction Ignore |
            ForEach-Object { Join-Path $_.FullName 'bin'; Join-Path $_.FullName 'obj' } |
            Where-Object { Test-Path -LiteralPath $_ } |
            ForEach-Object { Remove-Item -LiteralPath $_ -Recurse -Force }
    }
    Write-Host 'clean: removed out/, .tools/ and the bin/ and obj/ of every project'
}

Push-Location -LiteralPath $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Docs' { Invoke-Docs }
        'Test' { Invoke-Build; Invoke-Test }
        'Demo' { Invoke-Build; Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Build; Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
