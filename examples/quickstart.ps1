#Requires -Version 7.6
<#
.SYNOPSIS
A tour of VelesDb: create a store, pipe vectors in, read them back, search, remove, compact,
look at the metrics, and close.

.DESCRIPTION
Run by 'build.ps1 -Task Demo' against the freshly built module. Works in a temp folder and
removes it at the end, so it can be run again and again.
#>
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

function Show([string] $Title, [object[]] $Objects) {
    Write-Host "`n== $Title" -ForegroundColor Cyan
    $Objects | Out-String -Width 140 | Write-Host
}

$folder = Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-quickstart-$([guid]::NewGuid().ToString('n'))"
$path = Join-Path $folder 'colours'
try {
    # A store is a folder; every vector in it has the same dimension.
    $store = New-VelesStore -Path $path -Dimension 3
    Show 'A new store' $store

    # Anything with Id and Vector properties pipes straight in: ConvertFrom-Json, Import-Csv,
    # the answer of an embedding service... Writes are batched and durable when the cmdlet returns.
    $colours = @'
[
  { "Id": 1, "Name": "red",    "Vector": [1.0, 0.0, 0.0] },
  { "Id": 2, "Name": "green",  "Vector": [0.0, 1.0, 0.0] },
  { "Id": 3, "Name": "blue",   "Vector": [0.0, 0.0, 1.0] },
  { "Id": 4, "Name": "yellow", "Vector": [1.0, 1.0, 0.0] },
  { "Id": 5, "Name": "purple", "Vector": [0.5, 0.0, 0.5] }
]
'@ | ConvertFrom-Json
    $colours | Add-VelesVector -Store $store

    # A CSV column of "r;g;b" strings binds as well.
    $csv = Join-Path $folder 'more.csv'
    Set-Content -LiteralPath $csv -Value 'Id,Vector', '6,0;1;1', '7,1;0;1', '8,0.5;0.5;0.5'
    Import-Csv -LiteralPath $csv | Add-VelesVector -Store $store
    Show "The store now holds $($store.Count) vectors; 1, 4 and 5 read back" (Get-VelesVector -Store $store -Id 1, 4, 5)

    Show 'The three colours nearest to orange (1, 0.5, 0) by cosine similarity' (Find-VelesVector -Store $store -Vector 1, 0.5, 0 -Top 3)

    Show 'The neighbours of vector 3 (blue), itself left out' (Get-VelesVector -Store $store -Id 3 | Find-VelesVector -Top 2 -ExcludeQuery)

    # Overwrite one vector and remove two: their old slots are now dead space.
    Add-VelesVector -Store $store -Id 8 -Vector 0.25, 0.25, 0.25
    Get-VelesVector -Store $store -Id 6, 7 | Remove-VelesVector
    Show 'Metrics after an overwrite and two deletes' (Get-VelesMetrics -Store $store)

    Show 'Compaction reclaims the dead slots' (Invoke-VelesCompaction -Store $store -Threshold 0.2)

    Close-VelesStore -Store $store
    $reopened = Open-VelesStore -Path $path
    Show 'Reopened: the dimension and the vectors come back from disk' $reopened
    Close-VelesStore -Store $reopened
}
finally {
    if (Test-Path -LiteralPath $folder) {
        Remove-Item -LiteralPath $folder -Recurse -Force
    }
}
