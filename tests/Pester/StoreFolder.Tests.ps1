# New-VelesStore in a folder that already holds files: the user's files are never deleted or
# changed; files named like a store's are refused, and -Force creates beside mere look-alikes.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
}

Describe 'New-VelesStore in a folder of other files' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
        $null = New-Item -ItemType Directory -Path $path
    }
    AfterEach {
        [VelesDb.PowerShell.ModuleCleanup]::new().OnRemove($null)
        Remove-VelesTestDirectory $folder
    }

    It 'creates the store beside unrelated files and keeps them' {
        Set-Content -LiteralPath (Join-Path $path 'notes.txt') -Value 'mine'
        Set-Content -LiteralPath (Join-Path $path 'vectors.csv') -Value 'Id,Vector'

        $store = New-VelesStore -Path $path -Dimension 2
        Add-VelesVector -Store $store -Id 1 -Vector 1, 2
        Close-VelesStore -Store $store

        Get-Content -LiteralPath (Join-Path $path 'notes.txt') | Should -Be 'mine'
        Get-Content -LiteralPath (Join-Path $path 'vectors.csv') | Should -Be 'Id,Vector'
        (Open-VelesStore -Path $path).Count | Should -Be 1
    }

    It 'refuses <Name>, which has the name of a store file, even with -Force, and leaves it as it was' -ForEach @(
        @{ Name = 'vectors.wal' }
        @{ Name = 'vectors.000001.dat' }
    ) {
        $file = Join-Path $path $Name
        Set-Content -LiteralPath $file -Value 'mine'

        $record = { New-VelesStore -Path $path -Dimension 2 -ErrorAction Stop } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'VelesDb.ForeignFiles,*'
        $record.CategoryInfo.Category | Should -Be 'ResourceExists'
        $record.Exception.Message | Should -BeLike "*'$Name'*"
        { New-VelesStore -Path $path -Dimension 2 -Force -ErrorAction Stop } | Should -Throw -ErrorId 'VelesDb.ForeignFiles,*'

        Get-Content -LiteralPath $file | Should -Be 'mine'
        Join-Path $path 'vectors.idx' | Should -Not -Exist
    }

    It 'refuses files that only look like a store''s, and with -Force creates the store beside them without touching them' {
        $backup = Join-Path $path 'vectors.backup.dat'
        $old = Join-Path $path 'vectors.old.tmp'
        Set-Content -LiteralPath $backup -Value 'backup'
        Set-Content -LiteralPath $old -Value 'old'

        $record = { New-VelesStore -Path $path -Dimension 2 -ErrorAction Stop } | Should -Throw -PassThru
        $record.FullyQualifiedErrorId | Should -BeLike 'VelesDb.ForeignFiles,*'
        $record.Exception.Message | Should -BeLike '*-Force*'

        $store = New-VelesStore -Path $path -Dimension 2 -Force
        Add-VelesVector -Store $store -Id 1 -Vector 1, 2
        Add-VelesVector -Store $store -Id 1 -Vector 3, 4
        $null = Invoke-VelesCompaction -Store $store -Confirm:$false
        Close-VelesStore -Store $store
        $reopened = Open-VelesStore -Path $path
        (Get-VelesVector -Store $reopened -Id 1).Vector | Should -Be @(3, 4)
        Close-VelesStore -Store $reopened

        Get-Content -LiteralPath $backup | Should -Be 'backup'
        Get-Content -LiteralPath $old | Should -Be 'old'
    }
}
