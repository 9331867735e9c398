# Shared helpers of the Pester suites. The suites run in a child pwsh started by
# build.ps1 -Task Test, against the module laid out in out/VelesDb.

Set-StrictMode -Version Latest

$script:RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-VelesRepositoryRoot {
    <# The root of the source tree (where VelesDb.psd1 and build.ps1 are). #>
    [OutputType([string])]
    param()
    $script:RepositoryRoot
}

function Get-VelesModulePath {
    <#
    The folder of the built module: $env:VELESDB_MODULE_PATH when build.ps1 sets it,
    otherwise out/VelesDb under the repository root.
    #>
    [OutputType([string])]
    param()
    if ($env:VELESDB_MODULE_PATH) {
        return $env:VELESDB_MODULE_PATH
    }
    Join-Path $script:RepositoryRoot 'out/VelesDb'
}

function Get-VelesModuleManifest {
    <# The data of the built module's manifest. #>
    [OutputType([hashtable])]
    param()
    Import-PowerShellDataFile -Path (Join-Path (Get-VelesModulePath) 'VelesDb.psd1')
}

function Import-VelesModule {
    <# Imports the built module into the current session (not a copy from PSModulePath). #>
    [OutputType([System.Management.Automation.PSModuleInfo])]
    param()
    Import-Module (Get-VelesModulePath) -Force -PassThru -ErrorAction Stop
}

function Get-VelesBuildFunction {
    <#
    The definitions of functions of build.ps1, as a script block to dot-source, so that a test
    can run one step of the build (which reads build.ps1's script variables: set them first)
    without running a whole task.
    #>
    [OutputType([scriptblock])]
    param([Parameter(Mandatory)] [string[]] $Name)
    $tokens = $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseFile((Join-Path $script:RepositoryRoot 'build.ps1'), [ref] $tokens, [ref] $errors)
    $definitions = foreach ($wanted in $Name) {
        $found = $ast.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq $wanted }, $false)
        if (-not $found) {
            throw "build.ps1 has no function $wanted."
        }
        $found.Extent.Text
    }
    [scriptblock]::Create($definitions -join "`n")
}

function Get-VelesHelpCompiler {
    <#
    The help compiler's assembly, run with 'dotnet <path>'. build.ps1 builds it for the Docs
    step; when platyPS did that step instead, it is built here.
    #>
    [OutputType([string])]
    param()
    $project = Join-Path $script:RepositoryRoot 'src/VelesDb.HelpCompiler'
    $find = {
        Get-ChildItem -Path (Join-Path $project 'bin/*/*/VelesDb.HelpCompiler.dll') -ErrorAction Ignore |
            Sort-Object LastWriteTimeUtc -Descending |
            Select-Object -First 1
    }
    $built = & $find
    if (-not $built) {
        dotnet build $project -c Release --nologo | Out-Host
        if ($LASTEXITCODE -ne 0) {
            throw "Building the help compiler failed with exit code $LASTEXITCODE."
        }
        $built = & $find
    }
    $built.FullName
}

function ConvertTo-VelesExampleScript {
    <#
    The script to run for the code of a help example. When the code shows prompts
    ('PS> ', 'PS C:\> ') only the prompted lines and their '>> ' continuations are code,
    the rest is the output the example shows; otherwise every line is code.
    #>
    [OutputType([string])]
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Code)
    $lines = $Code -split '\r?\n'
    $prompt = '^\s*PS( [^>]*)?> ?'
    if (-not ($lines -match $prompt)) {
        return $Code
    }
    $script = foreach ($line in $lines) {
        if ($line -match $prompt) { $line -replace $prompt, '' }
        elseif ($line -match '^\s*>> ?') { $line -replace '^\s*>> ?', '' }
    }
    $script -join "`n"
}

function New-VelesTestDirectory {
    <#
    A fresh, empty temp folder for one test; remove it with Remove-VelesTestDirectory.
    Unlike $TestDrive it is new for every It, so tests never see each other's stores.
    #>
    [OutputType([string])]
    param()
    $path = Join-Path ([System.IO.Path]::GetTempPath()) ('velesdb-test-' + [guid]::NewGuid().ToString('n'))
    (New-Item -ItemType Directory -Path $path).FullName
}

function Remove-VelesTestDirectory {
    <# Removes a folder made by New-VelesTestDirectory, and everything in it. #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Path)
    if ($Path -and (Test-Path -LiteralPath $Path)) {
        Remove-Item -LiteralPath $Path -Recurse -Force
    }
}

function Get-VelesPwshCommand {
    <#
    How to start a fresh pwsh like the one running: the executable and the arguments before
    pwsh's own. Under 'dotnet pwsh' (the local tool) the process is dotnet, so the child is
    started as 'dotnet <PSHOME>/pwsh.dll'.
    #>
    [OutputType([string[]])]
    param()
    $process = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    @($process)
}

function Invoke-VelesPwsh {
    <#
    Runs a script in a fresh pwsh (no profile, non-interactive) and returns its exit code,
    standard output lines and standard error text, with $ErrorActionPreference = 'Stop'. With
    -ImportModule the script runs after Import-Module of the built module, in $VelesModule.
    #>
    [OutputType([pscustomobject])]
    param(
        [Parameter(Mandatory)] [string] $Script,
        [switch] $ImportModule,
        [string] $WorkingDirectory = (Get-Location).Path
    )
    $prologue = "`$ErrorActionPreference = 'Stop'`n"
    if ($ImportModule) {
        $prologue += "`$VelesModule = Import-Module '$((Get-VelesModulePath) -replace "'", "''")' -PassThru -ErrorAction Stop`n"
    }
    $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($prologue + $Script))
    $command = Get-VelesPwshCommand
    $exe = $command[0]
    $arguments = @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)

    $stderr = [System.IO.Path]::GetTempFileName()
    Push-Location -LiteralPath $WorkingDirectory
    try {
        $stdout = & $exe @arguments 2>$stderr
        $exitCode = $LASTEXITCODE
        $errorText = Get-Content -LiteralPath $stderr -Raw
    }
    finally {
        Pop-Location
        Remove-Item -LiteralPath $stderr -Force
    }
    [pscustomobject]@{
        ExitCode = $exitCode
        Output   = @($stdout)
        Error    = if ($errorText) { $errorText.Trim() } else { '' }
    }
}

function Invoke-VelesPwshJson {
    <#
    Runs a script in a fresh pwsh with the built module imported; the script writes objects,
    which come back through JSON. Throws with the child's error output if it fails.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [int] $Depth = 8
    )
    # -InputObject keeps the array shape: no output is [], one object is [ {...} ].
    $result = Invoke-VelesPwsh -ImportModule -Script "ConvertTo-Json -InputObject @($Script) -Depth $Depth -Compress"
    if ($result.ExitCode -ne 0) {
        throw "The child pwsh failed with exit code $($result.ExitCode): $($result.Error)"
    }
    # -NoEnumerate on both sides: a one-element array stays an array.
    Write-Output -NoEnumerate (ConvertFrom-Json -InputObject ($result.Output -join "`n") -NoEnumerate)
}

function Close-EveryStore {
    <# Closes every store the module has open: what Remove-Module does, without removing the module from the test session. #>
    [OutputType([void])]
    param()
    [VelesDb.PowerShell.ModuleCleanup]::new().OnRemove($null)
}

function Register-VelesMemoryBackend {
    <#
    Compiles tests/Pester/Backends/MemoryBackend.cs against the built engine (once per session) and
    registers it for mem:// locators: a second backend behind the same cmdlets.
    #>
    [OutputType([void])]
    param()
    if (-not ('VelesDb.Tests.MemoryBackend.MemoryProvider' -as [type])) {
        $engine = Join-Path (Get-VelesModulePath) 'VelesDb.Engine.dll'
        Add-Type -Path (Join-Path $PSScriptRoot 'Backends/MemoryBackend.cs') -ReferencedAssemblies $engine, 'System.Linq', 'System.Collections', 'System.Runtime', 'System.Text.Json', 'System.Memory'
    }
    [VelesDb.Engine.Contract.StoreProviders]::Register(('VelesDb.Tests.MemoryBackend.MemoryProvider' -as [type])::new())
}

function Get-VelesTestBackend {
    <#
    The backends a behaviour is tested on, as -ForEach data: the embedded engine (a folder) and the
    in-memory backend of Backends/MemoryBackend.cs (a mem:// name). Register-VelesMemoryBackend
    must have run before a mem:// store is made.
    #>
    [OutputType([hashtable])]
    param()
    @{ Backend = 'Mmap' }
    @{ Backend = 'Memory' }
}

function New-VelesTestLocation {
    <#
    A fresh location for one store of the given backend: a folder under -Folder for the embedded
    engine (which the test's $TestDrive or a New-VelesTestDirectory can be), a new mem:// name for
    the memory backend.
    #>
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [ValidateSet('Mmap', 'Memory')] [string] $Backend,
        [Parameter(Mandatory)] [string] $Folder
    )
    $name = [guid]::NewGuid().ToString('n')
    if ($Backend -eq 'Memory') {
        return "mem://t$name"
    }
    Join-Path $Folder "db-$name"
}

function Assert-VelesProgressBar {
    <#
    Runs a command in a fresh runspace with the built module imported and checks the progress it
    reports: more than one record, one activity id, real percentages, a final Completed record, and
    the first record's activity like ActivityLike.
    #>
    param(
        [Parameter(Mandatory)] [string] $Command,
        [Parameter(Mandatory)] [string] $ActivityLike
    )
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$(Get-VelesModulePath)'; $Command")
        $null = $ps.Invoke()
        $records = @($ps.Streams.Progress)
    }
    finally {
        $ps.Dispose()
    }
    $records.Count | Should -BeGreaterThan 1
    @($records.ActivityId | Sort-Object -Unique).Count | Should -Be 1
    $records[-1].RecordType | Should -Be 'Completed'
    $records[0].Activity | Should -BeLike $ActivityLike
    $records | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100) }
    $records
}

function Start-VelesGarnet {
    <#
    Starts a Garnet server (garnet-server from the repository's tool manifest) on a free loopback
    port with vector sets enabled and a fresh checkpoint folder, and returns it once it says it is
    ready: Port, Process, CheckpointFolder. Stop it with Stop-VelesGarnet, in AfterAll.
    #>
    [OutputType([pscustomobject])]
    param(
        [string[]] $ArgumentList = @(),
        # Leaves vector sets off (Garnet without --enable-vector-set-preview), for the errors of a server that lacks them.
        [switch] $WithoutVectorSets,
        # A port and checkpoint folder of a server stopped before (Restart-VelesGarnet); a free port and a new folder otherwise.
        [int] $Port,
        [string] $CheckpointFolder
    )
    $root = Get-VelesRepositoryRoot
    & dotnet tool restore --tool-manifest (Join-Path $root '.config/dotnet-tools.json') | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'dotnet tool restore failed; garnet-server cannot start.' }
    if ($Port -le 0) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $Port = $listener.LocalEndpoint.Port
        $listener.Stop()
    }
    $port = $Port
    $checkpoints = if ($CheckpointFolder) { $CheckpointFolder }
    else { (New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-garnet-$([guid]::NewGuid().ToString('n'))")).FullName }
    $vectorSets = if ($WithoutVectorSets) { @() } else { @('--enable-vector-set-preview') }
    $arguments = @('garnet-server', '--port', "$port", '--bind', '127.0.0.1') + $vectorSets + @(
        '--device-type', 'RandomAccess', '--checkpointdir', $checkpoints, '--memory', '256m', '--index', '16m',
        '--logger-level', 'Error') + $ArgumentList
    $process = Start-VelesReadyServer -Name 'Garnet' -FileName 'dotnet' -WorkingDirectory $root -ArgumentList $arguments
    [pscustomobject]@{ Port = $port; Process = $process; CheckpointFolder = $checkpoints; ArgumentList = $ArgumentList }
}

function Start-VelesReadyServer {
    <#
    Starts a server process (Garnet, Redis) and returns it once it prints that it is ready to
    accept connections; its output is drained from then on, so a full pipe never stalls it.
    #>
    [OutputType([System.Diagnostics.Process])]
    param([string] $Name, [string] $FileName, [string] $WorkingDirectory, [string[]] $ArgumentList)
    $start = [System.Diagnostics.ProcessStartInfo]::new($FileName)
    $start.WorkingDirectory = $WorkingDirectory
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.RedirectStandardInput = $true
    $start.UseShellExecute = $false
    foreach ($argument in $ArgumentList) {
        $start.ArgumentList.Add($argument)
    }
    $process = [System.Diagnostics.Process]::Start($start)
    $null = $process.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    $seen = [System.Collections.Generic.List[string]]::new()
    while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
        $seen.Add($line)
        if ($line.Contains('Ready to accept connections')) {
            $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
            return $process
        }
    }
    throw "$Name exited before it was ready:`n$($seen -join "`n")"
}

function Stop-VelesGarnet {
    <# Stops a server Start-VelesGarnet started, by its process id, and removes its checkpoint folder. #>
    [OutputType([void])]
    param([Parameter(Mandatory)] [AllowNull()] $Server)
    if ($null -eq $Server) { return }
    if (-not $Server.Process.HasExited) {
        # 'dotnet garnet-server' runs the server as a child process: stop the whole tree, or it outlives the test.
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit()
    }
    Remove-Item -LiteralPath $Server.CheckpointFolder -Recurse -Force -ErrorAction SilentlyContinue
}

function Stop-VelesGarnetProcess {
    <# Kills a server Start-VelesGarnet started, by its process id (SIGKILL: nothing saved on the way out), keeping its checkpoint folder. #>
    [OutputType([void])]
    param([Parameter(Mandatory)] $Server)
    if (-not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit()
    }
}

function Restart-VelesGarnet {
    <#
    Kills a server Start-VelesGarnet started (SIGKILL) and starts it again on the same port and
    checkpoint folder, with -ArgumentList (e.g. '--aof', '--recover') or the arguments it had.
    Returns the new server; stop that one with Stop-VelesGarnet.
    #>
    [OutputType([pscustomobject])]
    param([Parameter(Mandatory)] $Server, [string[]] $ArgumentList)
    Stop-VelesGarnetProcess $Server
    if (-not $PSBoundParameters.ContainsKey('ArgumentList')) { $ArgumentList = $Server.ArgumentList }
    Start-VelesGarnet -Port $Server.Port -CheckpointFolder $Server.CheckpointFolder -ArgumentList $ArgumentList
}

function Get-VelesRedisServer {
    <#
    The redis-server on PATH when it is version 8 or later (Redis's vector sets came with 8.0):
    Path and Version; otherwise Path (or null), Version (or null) and SkipReason, a sentence for a
    visible skip.
    #>
    [OutputType([pscustomobject])]
    param()
    $command = Get-Command redis-server -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $command) {
        return [pscustomobject]@{ Path = $null; Version = $null; SkipReason = 'no redis-server on PATH (Redis 8 or later runs these tests where one is installed)' }
    }
    $text = (& $command.Source --version 2>&1) -join ' '
    $version = if ($text -match 'v=(\d+)\.(\d+)\.(\d+)') { [version]"$($Matches[1]).$($Matches[2]).$($Matches[3])" } else { $null }
    $reason = if ($null -eq $version) { "the redis-server on PATH did not tell its version ('$text')" }
    elseif ($version.Major -lt 8) { "the redis-server on PATH is $version, which has no vector sets (they came with Redis 8.0)" }
    else { $null }
    [pscustomobject]@{ Path = $command.Source; Version = $version; SkipReason = $reason }
}

function Start-VelesRedis {
    <#
    Starts the redis-server on PATH (any version) on a free loopback port, without persistence, in a
    fresh folder, and returns it once it answers: Port, Process, Folder, Version. Stop it with
    Stop-VelesRedis.
    #>
    [OutputType([pscustomobject])]
    param([string[]] $ArgumentList = @())
    $server = Get-VelesRedisServer
    if (-not $server.Path) { throw $server.SkipReason }
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $port = $listener.LocalEndpoint.Port
    $listener.Stop()
    $folder = (New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-redis-$([guid]::NewGuid().ToString('n'))")).FullName
    $arguments = @('--port', "$port", '--bind', '127.0.0.1', '--dir', $folder, '--save', '', '--appendonly', 'no', '--daemonize', 'no') + $ArgumentList
    $process = Start-VelesReadyServer -Name 'redis-server' -FileName $server.Path -WorkingDirectory $folder -ArgumentList $arguments
    [pscustomobject]@{ Port = $port; Process = $process; Folder = $folder; Version = $server.Version }
}

function Stop-VelesRedis {
    <# Stops a server Start-VelesRedis started, by its process id, and removes its folder. #>
    [OutputType([void])]
    param([Parameter(Mandatory)] [AllowNull()] $Server)
    if ($null -eq $Server) { return }
    if (-not $Server.Process.HasExited) {
        $Server.Process.Kill($true)
        $Server.Process.WaitForExit()
    }
    Remove-Item -LiteralPath $Server.Folder -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function @(
    'Stop-VelesGarnetProcess'
    'Restart-VelesGarnet'
    'Get-VelesRedisServer'
    'Start-VelesRedis'
    'Stop-VelesRedis'
    'Assert-VelesProgressBar'
    'Start-VelesGarnet'
    'Stop-VelesGarnet'
    'Close-EveryStore'
    'Register-VelesMemoryBackend'
    'Get-VelesTestBackend'
    'New-VelesTestLocation'
    'Get-VelesRepositoryRoot'
    'Get-VelesModulePath'
    'Get-VelesHelpCompiler'
    'Get-VelesBuildFunction'
    'ConvertTo-VelesExampleScript'
    'Get-VelesModuleManifest'
    'Import-VelesModule'
    'New-VelesTestDirectory'
    'Remove-VelesTestDirectory'
    'Get-VelesPwshCommand'
    'Invoke-VelesPwsh'
    'Invoke-VelesPwshJson'
)
