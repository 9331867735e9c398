#Requires -Version 7.6
<#
.SYNOPSIS
Loads vectors from a CSV file into a store, reports the rows that could not be stored, and
searches the result.

.DESCRIPTION
The CSV file needs an Id column (an unsigned integer, or a text key such as 'doc-1') and a
Vector column: numbers separated by semicolons ("0.1;0.2;0.3"), or by commas inside quotes
("0.1,0.2,0.3"), or a JSON array. The other columns (Title in the sample) are kept as each
record's attributes, as strings, since that is what Import-Csv gives.

The load runs in Process durability: writes are not synced one batch at a time, and closing the
store at the end makes all of them durable at once. That is the faster choice for a load that can
simply be run again from its file if the machine loses power half-way.

Without -CsvPath, the script writes a small sample file (with one bad row) to a temp folder,
loads it there and removes the folder at the end, so it can be tried as it is.

.PARAMETER CsvPath
The CSV file to load.

.PARAMETER StorePath
The store's folder. A store already there is opened and added to (its dimension must match);
otherwise a store is created.

.PARAMETER Dimension
The dimension of a new store. By default, the number of components of the first row.

.EXAMPLE
./examples/import-csv.ps1 -CsvPath ./embeddings.csv -StorePath ./embeddings
#>
[CmdletBinding()]
param(
    [string] $CsvPath,
    [string] $StorePath,
    [ValidateRange(1, 65536)]
    [int] $Dimension
)

$ErrorActionPreference = 'Stop'
# From a clone, right after 'build.ps1 -Task Build', the module is in out/VelesDb next to this
# folder; where the module is installed, it is found by name on PSModulePath.
$built = Join-Path $PSScriptRoot '../out/VelesDb/VelesDb.psd1'
if (Test-Path -LiteralPath $built) {
    Import-Module $built
}
else {
    Import-Module VelesDb
}

$sampleFolder = $null
if (-not $CsvPath) {
    # A sample: 2,000 rows of 8 components, and one row with a component missing.
    $sampleFolder = Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-import-$([guid]::NewGuid().ToString('n'))"
    New-Item -ItemType Directory -Path $sampleFolder | Out-Null
    $CsvPath = Join-Path $sampleFolder 'embeddings.csv'
    $StorePath = Join-Path $sampleFolder 'embeddings'
    $random = [System.Random]::new(42)
    $rows = foreach ($id in 1..2000) {
        $vector = (1..8 | ForEach-Object { [math]::Round($random.NextDouble() * 2 - 1, 4).ToString([cultureinfo]::InvariantCulture) }) -join ';'
        [pscustomobject]@{ Id = $id; Title = "document $id"; Vector = $vector }
    }
    $rows += [pscustomobject]@{ Id = 2001; Title = 'a short one'; Vector = '0.5;0.5' }
    $rows | Export-Csv -LiteralPath $CsvPath -NoTypeInformation
}
elseif (-not $StorePath) {
    throw 'Give -StorePath: the folder of the store to load into.'
}

try {
    $rows = Import-Csv -LiteralPath $CsvPath
    $opened = Open-VelesStore -Path $StorePath -Durability Process -ErrorAction SilentlyContinue -ErrorVariable notOpened
    if ($opened) {
        $store = $opened
    }
    elseif ($notOpened[0].FullyQualifiedErrorId -like 'VelesDb.StoreNotFound,*') {
        if (-not $Dimension) {
            # The first row decides: count its components the way Add-VelesVector will bind them.
            $Dimension = @(($rows | Select-Object -First 1).Vector.Trim('[', ']') -split '[,; ]+' | Where-Object { $_ }).Count
        }
        $store = New-VelesStore -Path $StorePath -Dimension $Dimension -Durability Process
    }
    else {
        throw $notOpened[0]
    }

    # Bad rows are reported one by one; every other row is stored.
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $rows | Add-VelesVector -Store $store -BatchSize 5000 -ErrorAction SilentlyContinue -ErrorVariable rejected
    $watch.Stop()
    foreach ($problem in $rejected) {
        Write-Warning "Row with Id $($problem.TargetObject) was not stored: $($problem.ErrorDetails.Message ?? $problem.Exception.Message)"
    }
    Write-Host ('Stored {0} of {1} rows in {2:N0} ms; the store holds {3} vectors of dimension {4}.' -f
        ($rows.Count - $rejected.Count), $rows.Count, $watch.Elapsed.TotalMilliseconds, $store.Count, $store.Dimension)

    # The nearest neighbours of the first row's vector, to see that the load makes sense.
    $first = $rows | Select-Object -First 1
    Write-Host "`nThe five records nearest to row $($first.Id), with their titles:"
    Find-VelesVector -Store $store -Id $first.Id -Top 5 | Format-Table Rank, Id, Score, Title | Out-String | Write-Host

    # In Process durability, closing is what makes the load survive a power loss.
    Close-VelesStore -Store $store
}
finally {
    if ($sampleFolder -and (Test-Path -LiteralPath $sampleFolder)) {
        Close-VelesStore -Path $StorePath -ErrorAction Ignore
        Remove-Item -LiteralPath $sampleFolder -Recurse -Force
    }
}
