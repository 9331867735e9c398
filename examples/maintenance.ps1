#Requires -Version 7.6
<#
.SYNOPSIS
Nightly maintenance of every store under a folder: verify every record, compact the fragmented
ones, and report one line per store.

.DESCRIPTION
For each store folder under -Root, the script opens the store, reads its metrics, optionally
verifies every record with Test-VelesStore (-Verify), compacts it when its fragmentation is at
least -Threshold, and closes it. It writes one object per store: its path, what happened, the
vector count, the fragmentation before, the damaged records and the bytes reclaimed. A store
that another process has open (VelesDb.StoreLocked) or that is damaged (VelesDb.StoreCorrupted)
is reported and the others go on; the script's exit code is 1 when any store had a problem, so a
scheduler can alert. A damaged store is not compacted (compaction refuses damaged slots); run
Test-VelesStore -Repair on it to drop the damaged records, then add them again from their source.

Without -Root, the script builds two sample stores in a temp folder (one fragmented, one not),
runs on them and removes the folder at the end, so it can be tried as it is.

.PARAMETER Root
The folder whose subfolders are stores.

.PARAMETER Threshold
Compact a store when at least this share of its used slots is dead (0..1). 0.3 is a good rule.

.PARAMETER Verify
Also verify every record (checksums, keys, index, attributes, log) with Test-VelesStore. Reads the whole store.

.PARAMETER BackupRoot
Also back up every healthy store, after its compaction, into <BackupRoot>/<timestamp>/<store name>
with Backup-VelesStore (online and consistent, so writers elsewhere need not stop).

.EXAMPLE
./examples/maintenance.ps1 -Root /var/lib/embeddings -Verify | Format-Table

.EXAMPLE
./examples/maintenance.ps1 -Root /var/lib/embeddings -Verify -BackupRoot /backup/embeddings
#>
[CmdletBinding()]
param(
    [string] $Root,
    [ValidateRange(0.0, 1.0)]
    [double] $Threshold = 0.3,
    [switch] $Verify,
    [string] $BackupRoot
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
if (-not $Root) {
    $sampleFolder = Join-Path ([System.IO.Path]::GetTempPath()) "velesdb-maintenance-$([guid]::NewGuid().ToString('n'))"
    $Root = $sampleFolder
    foreach ($name in 'articles', 'products') {
        $store = New-VelesStore -Path (Join-Path $Root $name) -Dimension 16
        1..1000 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = 1..16 | ForEach-Object { [math]::Sin($_) } } } | Add-VelesVector -Store $store
        Close-VelesStore $store
    }
    # Half of the articles are deleted: 50 % fragmentation.
    1..500 | Remove-VelesVector -Path (Join-Path $Root 'articles')
    Close-VelesStore -Path (Join-Path $Root 'articles')
    $Verify = $true
    $BackupRoot = "$sampleFolder-backups"
}
$stamp = Get-Date -Format 'yyyyMMdd-HHmmss'


$failed = 0
try {
    foreach ($folder in Get-ChildItem -LiteralPath $Root -Directory) {
        $report = [ordered]@{ Store = $folder.FullName; Result = ''; Vectors = $null; Fragmentation = $null; Damaged = 0; BytesReclaimed = 0; Backup = $null }
        $store = $null
        try {
            $store = Open-VelesStore -Path $folder.FullName -ErrorAction Stop
            $metrics = Get-VelesMetrics -Store $store
            $report.Vectors = $metrics.VectorCount
            $report.Fragmentation = [math]::Round($metrics.FragmentationRatio, 3)

            if ($Verify) {
                # Damage is a report plus one StoreCorrupted error per record: collected here, not fatal.
                $check = Test-VelesStore -Store $store -ErrorAction SilentlyContinue -ErrorVariable damage
                if ($check -and -not $check.Healthy) {
                    $failed++
                    $report.Damaged = $check.Damaged.Count
                    $report.Result = "DAMAGED: $($check.Damaged.Count) record(s), first: $($damage[0].Exception.Message)"
                    [pscustomobject] $report
                    continue
                }
            }

            $result = Invoke-VelesCompaction -Store $store -Threshold $Threshold -Confirm:$false
            $report.Result = if ($result.Skipped) { 'healthy' } else { 'compacted' }
            $report.BytesReclaimed = $result.BytesReclaimed

            if ($BackupRoot) {
                # A new folder per run: Backup-VelesStore never overwrites an older backup.
                $backup = Backup-VelesStore -Store $store -Destination (Join-Path $BackupRoot $stamp $folder.Name) -Confirm:$false
                $report.Backup = $backup.Destination
            }
        }
        catch {
            $problem = $_
            $failed++
            $report.Result = switch -Wildcard ($problem.FullyQualifiedErrorId) {
                'VelesDb.StoreNotFound,*' { 'not a store'; $failed--; break }
                'VelesDb.StoreLocked,*' { "in use: $($problem.Exception.Message)"; break }
                'VelesDb.StoreCorrupted,*' { "DAMAGED: $($problem.Exception.Message)"; break }
                default { "failed: $($problem.Exception.Message)" }
            }
        }
        finally {
            if ($store) {
                Close-VelesStore -Store $store
            }
        }
        [pscustomobject] $report
    }
}
finally {
    if ($sampleFolder -and (Test-Path -LiteralPath $sampleFolder)) {
        Remove-Item -LiteralPath $sampleFolder -Recurse -Force
    }
    if ($sampleFolder -and (Test-Path -LiteralPath "$sampleFolder-backups")) {
        Remove-Item -LiteralPath "$sampleFolder-backups" -Recurse -Force
    }
}

if ($failed -gt 0) {
    Write-Warning "$failed store(s) need attention; see Troubleshooting in about_VelesDb."
    exit 1
}
