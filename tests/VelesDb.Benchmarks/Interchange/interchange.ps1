# Times Import-VelesVector or Export-VelesVector in this pwsh, against the built module, and prints
# {"Seconds":[...]} as its last line. A small warm-up run first compiles the cmdlet's code, so the
# times are of the steady state a large file sees. Each import goes into a fresh store; each export
# writes the file anew from the store at -StorePath.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [ValidateSet('Import', 'Export')] [string] $Operation,
    [Parameter(Mandatory)] [string] $File,
    [Parameter(Mandatory)] [string] $WorkDirectory,
    [Parameter(Mandatory)] [int] $Dimension,
    [int] $Repetitions = 1,
    [string] $StorePath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath

$warm = Join-Path $WorkDirectory "warm$([IO.Path]::GetExtension($File))"
$seconds = [System.Collections.Generic.List[double]]::new()
if ($Operation -eq 'Import') {
    $warmStore = New-VelesStore -Path (Join-Path $WorkDirectory 'warm-store') -Dimension $Dimension
    1..2000 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = [float[]]::new($Dimension) } } | Add-VelesVector -Store $warmStore
    Export-VelesVector -Path $warm -Store $warmStore | Out-Null
    Import-VelesVector -Path $warm -Store $warmStore | Out-Null
    Close-VelesStore -Store $warmStore
    for ($i = 0; $i -lt $Repetitions; $i++) {
        $path = Join-Path $WorkDirectory "import-$i"
        $store = New-VelesStore -Path $path -Dimension $Dimension
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $result = Import-VelesVector -Path $File -Store $store
        $watch.Stop()
        if ($result.Failed -ne 0) { throw "The import failed $($result.Failed) rows." }
        $seconds.Add($watch.Elapsed.TotalSeconds)
        Close-VelesStore -Store $store
        Remove-Item -LiteralPath $path -Recurse -Force
    }
}
else {
    $store = Open-VelesStore -Path $StorePath
    Export-VelesVector -Path $warm -Store $store -Filter '.none == 1' | Out-Null
    for ($i = 0; $i -lt $Repetitions; $i++) {
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $result = Export-VelesVector -Path $File -Store $store
        $watch.Stop()
        if ($result.Records -ne $store.Count) { throw "The export wrote $($result.Records) of $($store.Count) records." }
        $seconds.Add($watch.Elapsed.TotalSeconds)
    }
    Close-VelesStore -Store $store
}
[Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject @{ Seconds = $seconds.ToArray() }))
