#
# Module manifest for VelesDb: the source of truth for the module's version and exports.
# build.ps1 reads ModuleVersion and passes it to dotnet as -p:Version, so the DLLs agree with it.
#
@{
    RootModule           = 'VelesDb.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '80d144ae-dc57-441f-b70e-235041db89d5'
    Author               = 'VelesDb contributors'
    CompanyName          = 'VelesDb'
    Copyright            = '(c) VelesDb contributors. MIT License.'
    Description          = 'A durable, fast, local vector store for PowerShell 7: binary cmdlets over a memory-mapped storage engine with a write-ahead log, exact nearest-neighbour search, compaction and metrics.'

    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.6'

    FormatsToProcess     = @('VelesDb.format.ps1xml')

    CmdletsToExport      = @(
        'New-VelesStore'
        'Open-VelesStore'
        'Close-VelesStore'
        'Add-VelesVector'
        'Get-VelesVector'
        'Remove-VelesVector'
        'Set-VelesVector'
        'Invoke-VelesCompaction'
        'Get-VelesMetrics'
        'Find-VelesVector'
        'Get-VelesStore'
        'Test-VelesStore'
        'Backup-VelesStore'
        'Export-VelesVector'
        'Import-VelesVector'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('PSEdition_Core', 'Linux', 'Windows', 'MacOS', 'vector', 'database', 'embeddings', 'nearest-neighbour', 'mmap')
            ProjectUri   = 'https://github.com/velesdb/VelesDb.PowerShell'
            LicenseUri   = 'https://github.com/velesdb/VelesDb.PowerShell/blob/main/LICENSE'
            ReleaseNotes = 'First release: create and open memory-mapped vector stores, add, get, remove and find vectors from the pipeline, compaction and metrics. Writes are durable when the cmdlet returns.'
        }
    }
}
