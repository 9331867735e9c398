<#
Ingest into a server store, run in a fresh pwsh by the --remote benchmark: the data set's first
-Count vectors (Id, Vector) piped into Add-VelesVector -Store $s, a new store each time: on the
server -Server (host:port) or, without it, in a new folder under -Folder (the embedded store,
default durability); -Repetitions times after one warm-up; prints one JSON line with the seconds
of each run.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchAssembly,
    [string] $Server,
    [string] $Folder,
    [Parameter(Mandatory)] [int] $Count,
    [Parameter(Mandatory)] [int] $Dimension,
    [Parameter(Mandatory)] [int] $Repetitions
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $ModulePath
Import-Module $BenchAssembly

$objects = New-BenchVectorObject -Count $Count -Dimension $Dimension

function Measure-Add([string] $Name) {
    $store = if ($Server) { New-VelesStore -Uri "redis://$Server/$Name" -Dimension $Dimension }
    else { New-VelesStore -Path (Join-Path $Folder $Name) -Dimension $Dimension }
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $objects | Add-VelesVector -Store $store
        $watch.Stop()
        if ($store.Count -ne $Count) { throw "Add-VelesVector stored $($store.Count) vectors, not $Count." }
        foreach ($id in 0, ($Count - 1)) {
            $record = Get-VelesVector -Store $store -Id $id
            if (-not [Linq.Enumerable]::SequenceEqual([float[]] $record.Vector, [float[]] $objects[$id].Vector)) {
                throw "Vector $id reads back different from what was piped in."
            }
        }
        $watch.Elapsed.TotalSeconds
    }
    finally {
        Close-VelesStore -Store $store
        if (-not $Server) { Remove-Item -LiteralPath (Join-Path $Folder $Name) -Recurse -Force }
    }
}

$null = Measure-Add "bench-warmup-$PID"
$seconds = @(for ($r = 0; $r -lt $Repetitions; $r++) { Measure-Add "bench-ingest-$PID-$r" })
[ordered]@{
    Seconds = $seconds
    PowerShell = $PSVersionTable.PSVersion.ToString()
} | ConvertTo-Json -Compress
