<#
Pipeline ingest, run in a fresh pwsh by the benchmark: the same objects (Id, Vector of
-Dimension floats) piped into Add-VelesVector (default durability, a fresh store each time) and
into Add-NoOpVector, a binary cmdlet of the same parameter shape that does nothing; and, to
show what the syncs cost, into Add-VelesVector on a store opened with -Durability Process.
Runs the three in turn, in a rotating order, -Repetitions times each after one warm-up of each;
prints one JSON line.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchAssembly,
    [Parameter(Mandatory)] [int] $Count,
    [Parameter(Mandatory)] [int] $Dimension,
    [Parameter(Mandatory)] [int] $Repetitions,
    [Parameter(Mandatory)] [string] $WorkDirectory
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $ModulePath
Import-Module $BenchAssembly

$objects = New-BenchVectorObject -Count $Count -Dimension $Dimension
$noOpStore = [object]::new()

function Measure-NoOp {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $received = $objects | Add-NoOpVector -Store $noOpStore
    $watch.Stop()
    if ($received -ne $Count) { throw "Add-NoOpVector received $received objects, not $Count." }
    $watch.Elapsed.TotalSeconds
}

function Measure-Add([string] $Name, [string] $Durability = 'Full') {
    $path = Join-Path $WorkDirectory $Name
    $store = New-VelesStore -Path $path -Dimension $Dimension -Durability $Durability
    try {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $objects | Add-VelesVector -Store $store
        $watch.Stop()
        $stored = (Get-VelesMetrics -Store $store).VectorCount
        if ($stored -ne $Count) { throw "Add-VelesVector stored $stored vectors, not $Count." }
        foreach ($id in 0, [int]($Count / 2), ($Count - 1)) {
            $back = (Get-VelesVector -Store $store -Id $id).Vector
            if ([Linq.Enumerable]::SequenceEqual([float[]] $back, [float[]] $objects[$id].Vector) -eq $false) {
                throw "Vector $id reads back different from what was piped in."
            }
        }
        $watch.Elapsed.TotalSeconds
    }
    finally {
        Close-VelesStore -Store $store
        Remove-Item -LiteralPath $path -Recurse -Force
    }
}

$null = Measure-NoOp
$null = Measure-Add 'warmup'
$null = Measure-Add 'warmup-process' 'Process'
$noOp = @(); $add = @(); $addProcess = @()
# The order rotates each round, so that no variant always runs right after the same other one:
# what a run leaves behind (garbage, freed page-cache pages) changes what the next one costs.
$order = 'noop', 'full', 'process'
for ($r = 0; $r -lt $Repetitions; $r++) {
    for ($k = 0; $k -lt $order.Count; $k++) {
        switch ($order[($r + $k) % $order.Count]) {
            'noop' { $noOp += Measure-NoOp }
            'full' { $add += Measure-Add "ingest$r" }
            'process' { $addProcess += Measure-Add "ingest-process$r" 'Process' }
        }
    }
}

[ordered]@{
    Count = $Count
    Dimension = $Dimension
    NoOpSeconds = $noOp
    AddSeconds = $add
    AddProcessSeconds = $addProcess
    PowerShell = $PSVersionTable.PSVersion.ToString()
    Verified = "VectorCount = $Count after each run; vectors 0, $([int]($Count / 2)) and $($Count - 1) read back equal"
} | ConvertTo-Json -Compress
