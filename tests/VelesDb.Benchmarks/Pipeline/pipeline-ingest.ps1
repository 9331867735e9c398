<#
Pipeline ingest, run in a fresh pwsh by the benchmark: the same objects (Id, Vector of
-Dimension floats) piped into Add-VelesVector (default durability, a fresh store each time) and
into Add-NoOpVector, a binary cmdlet of the same parameter shape that does nothing; and, to
show what the syncs cost, into Add-VelesVector on a store opened with -Durability Process.
Runs the three in turn, in a rotating order, -Repetitions times each after one warm-up of each;
prints one JSON line.
With -WithAttributes the objects also carry Name (a string), N (a number) and Tags (an array of
strings), which Add-VelesVector keeps as each record's attributes, and the no-op is
Add-NoOpRecord, which has Add-VelesVector's record parameters (-Attributes, -ExcludeProperty, an
Id of either key kind).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $BenchAssembly,
    [Parameter(Mandatory)] [int] $Count,
    [Parameter(Mandatory)] [int] $Dimension,
    [Parameter(Mandatory)] [int] $Repetitions,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [switch] $WithAttributes
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $ModulePath
Import-Module $BenchAssembly

$objects = New-BenchVectorObject -Count $Count -Dimension $Dimension -WithAttributes:$WithAttributes
$noOpStore = [object]::new()

function Measure-NoOp {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $received = if ($WithAttributes) { $objects | Add-NoOpRecord -Store $noOpStore } else { $objects | Add-NoOpVector -Store $noOpStore }
    $watch.Stop()
    if ($received -ne $Count) { throw "The no-op cmdlet received $received objects, not $Count." }
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
            $record = Get-VelesVector -Store $store -Id $id
            if ([Linq.Enumerable]::SequenceEqual([float[]] $record.Vector, [float[]] $objects[$id].Vector) -eq $false) {
                throw "Vector $id reads back different from what was piped in."
            }
            if ($WithAttributes) {
                $given = $objects[$id]
                $kept = $record.Attributes
                if ($kept.Name -cne $given.Name -or $kept.N -ne $given.N -or (($kept.Tags -join ',') -cne ($given.Tags -join ','))) {
                    throw "Record $id reads back with attributes $($kept | ConvertTo-Json -Compress), not the Name, N and Tags piped in."
                }
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
    Verified = "VectorCount = $Count after each run; vectors 0, $([int]($Count / 2)) and $($Count - 1) read back equal$(if ($WithAttributes) { ', with the Name, N and Tags they were piped with as attributes' })"
} | ConvertTo-Json -Compress
