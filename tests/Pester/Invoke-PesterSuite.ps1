<#
.SYNOPSIS
Runs every tests/**/*.Tests.ps1 with Pester against the built module and writes the counts as JSON.

.DESCRIPTION
build.ps1 -Task Test starts this script in a child pwsh, so the build session never loads
(and never locks) the module's DLLs. It imports Pester from the given folder (restored from
NuGet, never from the PowerShell Gallery), points the suites at the built module through
$env:VELESDB_MODULE_PATH, and writes { Passed, Failed, ... } to -ResultPath.
It can also be run by hand after a build, with the same arguments.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $TestRoot,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $TestResultXml,

    # Pester's Output.RenderMode. By default plain text when the output is redirected (a log, a
    # CI capture), where colours would be raw escape codes; else Pester's own choice.
    [ValidateSet('Auto', 'Ansi', 'ConsoleColor', 'Plaintext')]
    [string] $RenderMode
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $PesterManifest -Force
$env:VELESDB_MODULE_PATH = (Resolve-Path $ModulePath).Path

$separator = [System.IO.Path]::DirectorySeparatorChar
$paths = @(Get-ChildItem -LiteralPath $TestRoot -Recurse -File -Filter '*.Tests.ps1' |
        Where-Object { $_.FullName -notmatch "\$separator(bin|obj)\$separator" } |
        Sort-Object FullName |
        ForEach-Object FullName)
Write-Host "pester: $($paths.Count) test file(s) under $TestRoot"

$configuration = New-PesterConfiguration
$configuration.Run.Path = $paths
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
if (-not $RenderMode -and [Console]::IsOutputRedirected) {
    $RenderMode = 'Plaintext'
}
if ($RenderMode) {
    $configuration.Output.RenderMode = $RenderMode
}
if ($TestResultXml) {
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $TestResultXml
}

$result = if ($paths.Count -gt 0) { Invoke-Pester -Configuration $configuration } else { $null }

# A block whose BeforeAll/AfterAll failed, or a file that could not even be discovered, is a
# failure too: it is counted so that a broken file can never look like a green run.
[pscustomobject]@{
    Passed           = if ($result) { $result.PassedCount } else { 0 }
    Failed           = if ($result) { $result.FailedCount } else { 0 }
    FailedBlocks     = if ($result) { $result.FailedBlocksCount } else { 0 }
    FailedContainers = if ($result) { $result.FailedContainersCount } else { 0 }
    Skipped          = if ($result) { $result.SkippedCount } else { 0 }
    NotRun           = if ($result) { $result.NotRunCount } else { 0 }
} | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8
