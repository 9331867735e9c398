#Requires -Version 7.6
<#
.SYNOPSIS
Indexes a folder of text files by path, with their size and extension as attributes, and
searches it with a filter.

.DESCRIPTION
Every text file under -Folder becomes one record of the store at -Path:

  key         the file's path relative to -Folder, with '/' between folders ('guide/setup.md')
  vector      an embedding of the file's text (the first 20,000 characters)
  attributes  size (the file's length in bytes) and extension (lower case, with its dot: '.md')

Then the script embeds -Query the same way and returns the -Top files nearest to it among those
that -Filter matches, by default the Markdown files of more than 100 bytes, best first: objects
with the file's key (Id), the cosine similarity (Score), size and extension. The search is exact:
they are the best of all the files that match, not of a sample.

The embedding is written in the script, so that it runs with nothing else installed: every
three-character window of the lower-cased text is hashed to one of 64 components, with a sign,
and the sum is scaled to length 1. Texts that share many character trigrams get similar vectors.
That is enough to show indexing and filtered search; for real use, call an embedding model
instead and keep the rest of the script.

Running the script again on the same folder and store updates the store: each file's record is
overwritten, and records of files that are gone are removed. Files that are not text (they hold
a NUL character) are skipped.

Without -Folder, the script writes a few sample files to a temp folder, indexes and searches
them there, and removes the folder at the end, so it can be tried as it is.

.PARAMETER Folder
The folder whose files to index, with its subfolders.

.PARAMETER Path
The store's folder. A store already there (of dimension 64) is updated; otherwise one is created.

.PARAMETER Query
The text to search for.

.PARAMETER Filter
The filter the files must match, in the filter language of about_VelesDb: attributes are
.size and .extension.

.PARAMETER Top
How many files to return.

.EXAMPLE
./examples/index-folder.ps1 -Folder ./docs -Path ./docs-index -Query 'what survives a power loss'

.EXAMPLE
./examples/index-folder.ps1 -Folder ./notes -Path ./notes-index -Query 'backup' -Filter '.extension in [".txt", ".md"]' -Top 3
#>
[CmdletBinding()]
param(
    [string] $Folder,
    [string] $Path,
    [ValidateNotNullOrEmpty()]
    [string] $Query = 'durable writes are synced to disk',
    [ValidateNotNullOrEmpty()]
    [string] $Filter = '.extension == ".md" and .size > 100',
    [ValidateRange(1, 1000)]
    [int] $Top = 3
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

$Dimension = 64
$MaxCharacters = 20000

function Get-TextEmbedding {
    <#
    A deterministic embedding of a text: each three-character window of the lower-cased text (runs
    of white space read as one blank) adds +1 or -1 to one of the components, both chosen by a hash
    of the three characters; the sum is then scaled to length 1. The hash is computed here, not
    with String.GetHashCode, which differs from one process to the next.
    #>
    param([Parameter(Mandatory)] [AllowEmptyString()] [string] $Text)
    $vector = [double[]]::new($Dimension)
    # A blank at each end gives the first and last word windows of their own.
    $normal = ' ' + ($Text.ToLowerInvariant() -replace '\s+', ' ').Trim() + ' '
    $codes = [int[]][char[]] $normal
    for ($i = 0; $i + 2 -lt $codes.Length; $i++) {
        # A polynomial hash of the three UTF-16 code units: at most about 6.4e7, so it stays an [int].
        $hash = ($codes[$i] * 31 + $codes[$i + 1]) * 31 + $codes[$i + 2]
        $component = $hash % $Dimension
        $sign = if ((($hash -shr 6) -band 1) -eq 0) { 1.0 } else { -1.0 }
        $vector[$component] += $sign
    }

    $sumOfSquares = 0.0
    foreach ($value in $vector) { $sumOfSquares += $value * $value }
    if ($sumOfSquares -gt 0) {
        $length = [math]::Sqrt($sumOfSquares)
        for ($i = 0; $i -lt $Dimension; $i++) { $vector[$i] /= $length }
    }
    # The comma keeps the array one object in the pipeline.
    , $vector
}

function Read-TextStart([string] $FilePath) {
    <# The first $MaxCharacters characters of a file, or $null when it is not text (it holds a NUL). #>
    $reader = [System.IO.StreamReader]::new($FilePath)
    try {
        $buffer = [char[]]::new($MaxCharacters)
        $read = $reader.ReadBlock($buffer, 0, $buffer.Length)
        $text = [string]::new($buffer, 0, $read)
    }
    finally {
        $reader.Dispose()
    }
    if ($text.Contains([char] 0)) { return $null }
    $text
}

$sampleFolder = $null
if (-not $Folder) {
    # A sample: Markdown and text files about a store, in two subfolders, one of them short.
    $sampleFolder = Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-index-$([guid]::NewGuid().ToString('n'))"
    $Folder = Join-Path $sampleFolder 'files'
    $Path = Join-Path $sampleFolder 'index'
    $samples = [ordered]@{
        'README.md'          = 'A small vector store for PowerShell scripts. Pipe objects in, look records up by key, and find the nearest neighbours of a query.'
        'guide/durability.md' = 'Durability: when a write returns, its batch is synced to disk, so durable writes survive a killed process and a power loss. After a crash the store opens without repair.'
        'guide/search.md'    = 'Search scores every record against the query vector and returns the best ones first. A filter narrows the search to records whose attributes match, and the search stays exact.'
        'guide/backup.md'    = 'To back up a store, close it, copy the whole folder, and open it again. The copy is a store of its own.'
        'notes/todo.txt'     = 'Check that durable writes are synced to disk before the cmdlet returns, also after the disk is full.'
        'notes/sync.md'      = 'Writes are synced to disk.'
    }
    foreach ($relative in $samples.Keys) {
        $file = Join-Path $Folder $relative
        New-Item -ItemType Directory -Path (Split-Path -Parent $file) -Force | Out-Null
        Set-Content -LiteralPath $file -Value $samples[$relative] -Encoding utf8NoBOM
    }
}
elseif (-not $Path) {
    throw 'Give -Path: the folder of the store to index into.'
}

try {
    $root = (Resolve-Path -LiteralPath $Folder).ProviderPath
    $storeFull = [System.IO.Path]::GetFullPath($Path, (Get-Location -PSProvider FileSystem).ProviderPath)

    $opened = Open-VelesStore -Path $Path -ErrorAction SilentlyContinue -ErrorVariable notOpened
    if ($opened) {
        $store = $opened
        if ($store.Dimension -ne $Dimension) {
            throw "The store at '$storeFull' has dimension $($store.Dimension); this script writes vectors of dimension $Dimension. Give another -Path."
        }
    }
    elseif ($notOpened[0].FullyQualifiedErrorId -like 'VelesDb.StoreNotFound,*') {
        $store = New-VelesStore -Path $Path -Dimension $Dimension
    }
    else {
        throw $notOpened[0]
    }

    # One record per text file. The relative path is the key; a path that is all digits, such as
    # '2024', is the integer key 2024 by VelesDb's key rule, which names the same record.
    $keys = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
    $records = foreach ($file in Get-ChildItem -LiteralPath $root -File -Recurse) {
        if ($file.FullName.StartsWith($storeFull + [System.IO.Path]::DirectorySeparatorChar, [System.StringComparison]::Ordinal)) {
            continue   # the store's own files, when it lives inside the folder
        }
        $text = Read-TextStart $file.FullName
        if ($null -eq $text) {
            Write-Verbose "Skipped $($file.FullName): not a text file."
            continue
        }
        $key = [System.IO.Path]::GetRelativePath($root, $file.FullName).Replace('\', '/')
        $null = $keys.Add($key)
        # Id and Vector bind to Add-VelesVector's parameters; size and extension become the
        # record's attributes.
        [pscustomobject]@{
            Id        = $key
            Vector    = Get-TextEmbedding $text
            size      = $file.Length
            extension = $file.Extension.ToLowerInvariant()
        }
    }

    # One call for all the files: batched, and durable once when it returns. A file whose path
    # is longer than a key may be (1,024 UTF-8 bytes) is reported and the others are stored.
    @($records) | Add-VelesVector -Store $store -ErrorAction SilentlyContinue -ErrorVariable rejected
    foreach ($problem in $rejected) {
        Write-Warning "Not indexed: $($problem.Exception.Message)"
    }

    # Records of files that are no longer there go.
    Get-VelesVector -Store $store -ExcludeAttributes |
        Where-Object { -not $keys.Contains([string] $_.Id) } |
        Remove-VelesVector -Confirm:$false

    Write-Host ("Indexed {0} files of '{1}' into '{2}', which holds {3} records." -f ($keys.Count - $rejected.Count), $root, $storeFull, $store.Count)
    Write-Host "The $Top files nearest to '$Query' among those where $Filter :"

    $queryVector = Get-TextEmbedding $Query
    if (-not ($queryVector | Where-Object { $_ -ne 0 })) {
        throw "The query '$Query' has no text to search for."
    }
    Find-VelesVector -Store $store -Vector $queryVector -Top $Top -Filter $Filter |
        Select-Object Id, @{ Name = 'Score'; Expression = { [math]::Round($_.Score, 4) } }, size, extension

    Close-VelesStore -Store $store
}
finally {
    if ($sampleFolder -and (Test-Path -LiteralPath $sampleFolder)) {
        Close-VelesStore -Path $Path -ErrorAction Ignore
        Remove-Item -LiteralPath $sampleFolder -Recurse -Force
    }
}
