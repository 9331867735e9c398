#Requires -Version 7.6
<#
.SYNOPSIS
A first look at VelesDb: create a store, add vectors through the pipeline, read them back.

.DESCRIPTION
Run by 'build.ps1 -Task Demo' against the freshly built module. Works in a temp folder and
removes it at the end, so it can be run again and again.
#>
$ErrorActionPreference = 'Stop'
Import-Module VelesDb

$folder = Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-quickstart-$([guid]::NewGuid().ToString('n'))"
$path = Join-Path $folder 'colours'
try {
    Write-Host "Creating a store of 3-dimensional vectors in $path"
    $store = New-VelesStore -Path $path -Dimension 3

    # Anything with Id and Vector properties pipes straight in: Import-Csv, ConvertFrom-Json,
    # the answer of an embedding service...
    $colours = @'
[
  { "Id": 1, "Vector": [1.0, 0.0, 0.0], "Name": "red"    },
  { "Id": 2, "Vector": [0.0, 1.0, 0.0], "Name": "green"  },
  { "Id": 3, "Vector": [0.0, 0.0, 1.0], "Name": "blue"   },
  { "Id": 4, "Vector": [1.0, 1.0, 0.0], "Name": "yellow" },
  { "Id": 5, "Vector": [0.5, 0.0, 0.5], "Name": "purple" }
]
'@ | ConvertFrom-Json
    $colours | Add-VelesVector -Store $store
    Write-Host "Added $($colours.Count) vectors."

    Write-Host 'Reading vectors 1, 4 and 5 back:'
    Get-VelesVector -Store $store -Id 1, 4, 5 | Format-Table | Out-String | Write-Host

    Write-Host 'Every vector in the store:'
    Get-VelesVector -Store $store | Format-Table | Out-String | Write-Host

    Close-VelesStore -Store $store
}
finally {
    if (Test-Path -LiteralPath $folder) {
        Remove-Item -LiteralPath $folder -Recurse -Force
    }
}
