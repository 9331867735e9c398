#Requires -Version 7.6
<#
.SYNOPSIS
Imports a TEXMEX base set and its query set, searches every query, and reports recall@K against
the ground truth.

.DESCRIPTION
The script imports an .fvecs base set (such as ANN_SIFT10K's siftsmall_base.fvecs) into a new
store with Import-VelesVector, reads the query set (.fvecs) and the ground truth (.ivecs: the ids
of each query's nearest base vectors, nearest first) the same way, runs Find-VelesVector for each
query with the Euclidean metric, and reports recall@K: the share of each query's K true nearest
neighbours that the search returned, averaged over the queries. Row i of the base set has the key
i, which is how the ground-truth files name neighbours.

Without -Base, the script generates a tiny set in a temp folder (500 random base vectors of
dimension 16 and 20 queries), computes its exact ground truth itself, writes the three files in
the TEXMEX formats, runs on them and removes the folder at the end, so it can be tried as it is.
Exact search finds every true neighbour there, so the recall is 1.

.PARAMETER Base
The base vectors (.fvecs).

.PARAMETER Query
The query vectors (.fvecs).

.PARAMETER GroundTruth
The ground truth (.ivecs): for each query, the ids of its nearest base vectors, nearest first.

.PARAMETER K
How many neighbours each search returns and recall is counted over (at most the ground truth's width).

.PARAMETER StorePath
The folder of the store to create for the base set. Unset: a temp folder, removed at the end.

.EXAMPLE
./examples/sift-small.ps1

.EXAMPLE
./examples/sift-small.ps1 -Base ./siftsmall/siftsmall_base.fvecs -Query ./siftsmall/siftsmall_query.fvecs -GroundTruth ./siftsmall/siftsmall_groundtruth.ivecs -K 10
#>
[CmdletBinding()]
param(
    [string] $Base,
    [string] $Query,
    [string] $GroundTruth,
    [ValidateRange(1, 1000)] [int] $K = 10,
    [string] $StorePath
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# From a clone, right after 'build.ps1 -Task Build', the module is in out/VelesDb next to this
# folder; elsewhere it is imported by name, as a user who installed it would.
$built = Join-Path $PSScriptRoot '../out/VelesDb/VelesDb.psd1'
if (Test-Path -LiteralPath $built) {
    Import-Module $built
}
else {
    Import-Module VelesDb
}

function Write-Vecs([string] $Path, [System.Collections.IList] $Rows, [switch] $Integers) {
    # TEXMEX: each row is its dimension (int32) and then its components (float32, or int32 for .ivecs).
    $writer = [System.IO.BinaryWriter]::new([System.IO.File]::Create($Path))
    try {
        foreach ($row in $Rows) {
            $writer.Write([int] $row.Count)
            foreach ($value in $row) {
                if ($Integers) { $writer.Write([int] $value) } else { $writer.Write([float] $value) }
            }
        }
    }
    finally {
        $writer.Dispose()
    }
}

function New-TinySet([string] $Folder, [int] $Count, [int] $Queries, [int] $Dimension, [int] $Width) {
    # Random vectors from a fixed seed, and each query's exact nearest neighbours by squared L2 distance.
    $random = [System.Random]::new(20261204)
    $baseRows = [System.Collections.Generic.List[float[]]]::new()
    for ($i = 0; $i -lt $Count; $i++) {
        $baseRows.Add([float[]] @(for ($j = 0; $j -lt $Dimension; $j++) { [float] $random.NextDouble() }))
    }
    $queryRows = [System.Collections.Generic.List[float[]]]::new()
    $truthRows = [System.Collections.Generic.List[int[]]]::new()
    for ($q = 0; $q -lt $Queries; $q++) {
        $query = [float[]] @(for ($j = 0; $j -lt $Dimension; $j++) { [float] $random.NextDouble() })
        $queryRows.Add($query)
        $distances = [double[]]::new($Count)
        for ($i = 0; $i -lt $Count; $i++) {
            $sum = 0.0
            $row = $baseRows[$i]
            for ($j = 0; $j -lt $Dimension; $j++) { $d = [double] $row[$j] - $query[$j]; $sum += $d * $d }
            $distances[$i] = $sum
        }
        $order = [int[]] (0..($Count - 1))
        [Array]::Sort($distances, $order)
        $truthRows.Add([int[]] $order[0..($Width - 1)])
    }
    Write-Vecs (Join-Path $Folder 'tiny_base.fvecs') $baseRows
    Write-Vecs (Join-Path $Folder 'tiny_query.fvecs') $queryRows
    Write-Vecs (Join-Path $Folder 'tiny_groundtruth.ivecs') $truthRows -Integers
}

function Get-Dimension([string] $Path) {
    # The first int32 of a TEXMEX file is the dimension of its first row.
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $bytes = [byte[]]::new(4)
        if ($stream.Read($bytes, 0, 4) -ne 4) { throw "'$Path' is empty." }
        [BitConverter]::ToInt32($bytes, 0)
    }
    finally {
        $stream.Dispose()
    }
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-sift-$([guid]::NewGuid().ToString('n'))"
New-Item -ItemType Directory -Path $work | Out-Null
$stores = @()
try {
    if (-not $Base) {
        New-TinySet -Folder $work -Count 500 -Queries 20 -Dimension 16 -Width $K
        $Base = Join-Path $work 'tiny_base.fvecs'
        $Query = Join-Path $work 'tiny_query.fvecs'
        $GroundTruth = Join-Path $work 'tiny_groundtruth.ivecs'
    }
    elseif (-not $Query -or -not $GroundTruth) {
        throw 'Give -Query and -GroundTruth with -Base.'
    }

    $dimension = Get-Dimension $Base
    $baseStore = New-VelesStore -Path ($StorePath ? $StorePath : (Join-Path $work 'base')) -Dimension $dimension
    $queryStore = New-VelesStore -Path (Join-Path $work 'queries') -Dimension $dimension
    $truthStore = New-VelesStore -Path (Join-Path $work 'truth') -Dimension (Get-Dimension $GroundTruth)
    $stores = @($baseStore, $queryStore, $truthStore)

    $imported = Import-VelesVector -Path $Base -Store $baseStore
    Import-VelesVector -Path $Query -Store $queryStore | Out-Null
    Import-VelesVector -Path $GroundTruth -Store $truthStore | Out-Null
    if ($K -gt $truthStore.Dimension) { throw "The ground truth lists $($truthStore.Dimension) neighbours per query; -K must not be larger." }

    $found = 0
    $queries = 0
    $searching = [System.Diagnostics.Stopwatch]::StartNew()
    foreach ($queryRecord in Get-VelesVector -Store $queryStore) {
        $truth = [System.Collections.Generic.HashSet[ulong]]::new()
        foreach ($id in (Get-VelesVector -Store $truthStore -Id $queryRecord.Id).Vector[0..($K - 1)]) { $null = $truth.Add([ulong] $id) }
        $hits = Find-VelesVector -Store $baseStore -Vector $queryRecord.Vector -Top $K -Metric Euclidean -ExcludeAttributes
        $found += @($hits | Where-Object { $truth.Contains([ulong] $_.Id) }).Count
        $queries++
    }
    $searching.Stop()

    [pscustomobject]@{
        Base        = $imported.Imported
        Queries     = $queries
        K           = $K
        RecallAtK   = [math]::Round($found / ($queries * $K), 4)
        ImportTime  = $imported.Duration
        SearchTime  = $searching.Elapsed
    }
}
finally {
    foreach ($store in $stores) { Close-VelesStore -Store $store }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
