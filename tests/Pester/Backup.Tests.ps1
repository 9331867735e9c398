# Backup-VelesStore as scripts use it: back up, open the copy and compare; the store from the
# pipeline or by -Path; -WhatIf; an existing destination; progress; the default view; and a
# backend that cannot back up.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    Register-VelesMemoryBackend

    function Get-Content-Of([VelesDb.PowerShell.VelesStore] $Store) {
        # Every record as one comparable line: key, vector and attributes.
        Get-VelesVector -Store $Store | ForEach-Object { '{0}|{1}|{2}' -f $_.Id, ($_.Vector -join ','), ($_.Attributes | ConvertTo-Json -Compress) } | Sort-Object
    }
}

AfterAll {
    Close-EveryStore
}

Describe 'Backup-VelesStore' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 3
        1..50 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = $_, 1, 2; Color = "c$($_ % 3)" } } | Add-VelesVector -Store $store
        [pscustomobject]@{ Id = 'doc-a'; Vector = 9, 9, 9; Note = 'text key' } | Add-VelesVector -Store $store
        1..10 | Remove-VelesVector -Store $store
        $destination = Join-Path $folder 'backups/first'
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'writes a store that Open-VelesStore opens, holding the same records, keys and attributes' {
        $result = Backup-VelesStore -Store $store -Destination $destination
        $result | Should -BeOfType ([VelesDb.PowerShell.VelesBackupResult])
        $result.Source | Should -Be $store.Path
        $result.Destination | Should -Be $destination
        $result.Records | Should -Be 41
        $result.Bytes | Should -BeGreaterThan 0
        $result.Duration | Should -BeOfType ([timespan])

        $copy = Open-VelesStore -Path $destination
        $copy.Count | Should -Be 41
        $copy.Dimension | Should -Be 3
        Get-Content-Of $copy | Should -Be (Get-Content-Of $store)
        (Get-VelesVector -Store $copy -Id 'doc-a').Attributes.Note | Should -Be 'text key'
    }

    It 'takes the store handle from the pipeline, and a relative destination from the current location' {
        Push-Location -LiteralPath $folder
        try {
            $result = $store | Backup-VelesStore -Destination 'piped'
        }
        finally {
            Pop-Location
        }
        $result.Destination | Should -Be (Join-Path $folder 'piped')
        (Open-VelesStore -Path $result.Destination).Count | Should -Be 41
    }

    It 'takes the store by -Path, reusing the open handle' {
        (Backup-VelesStore -Path $store.Path -Destination $destination).Records | Should -Be 41
        $store.IsOpen | Should -BeTrue
    }

    It 'refuses a destination that exists with VelesDb.StoreExists, and writes nothing there' {
        $null = New-Item -ItemType Directory -Path $destination -Force
        'mine' | Set-Content -LiteralPath (Join-Path $destination 'notes.txt')
        $result = Backup-VelesStore -Store $store -Destination $destination -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.StoreExists,*'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        @(Get-ChildItem -LiteralPath $destination -Force).Name | Should -Be @('notes.txt')
    }

    It 'creates nothing with -WhatIf and says what it would do' {
        Close-EveryStore
        $result = Invoke-VelesPwsh -ImportModule -Script @"
`$store = Open-VelesStore -Path '$(Join-Path $folder 'db')'
Backup-VelesStore -Store `$store -Destination '$destination' -WhatIf
"exists: `$(Test-Path -LiteralPath '$(Join-Path $folder 'backups')')"
"@ -WorkingDirectory $folder
        $result.ExitCode | Should -Be 0 -Because $result.Error
        ($result.Output -join "`n") | Should -Match 'What if: Performing the operation "Back up 41 records to ''.*first''" on target'
        $result.Output[-1] | Should -Be 'exists: False'
    }

    It 'reports progress under one activity id, with real percentages and a final Completed record' {
        $null = Assert-VelesProgressBar -Command "Backup-VelesStore -Path '$($store.Path)' -Destination '$destination'" -ActivityLike "Backing up *$(Split-Path -Leaf $store.Path)"
    }

    It 'shows a one-line table by default' {
        $text = Backup-VelesStore -Store $store -Destination $destination | Out-String -Width 300
        $text | Should -Match 'Source\s+Destination\s+Records\s+Bytes\s+Duration'
        $text | Should -Match '\s41\s+\d+\s+[\d.,]+ ms'
    }
}

Describe 'Backup-VelesStore on a backend without backups' {
    AfterEach { Close-EveryStore }

    It 'answers VelesDb.NotSupported, naming the backend' {
        $name = 'mem://t{0}' -f [guid]::NewGuid().ToString('N')
        $store = New-VelesStore -Path $name -Dimension 2
        $folder = New-VelesTestDirectory
        try {
            $result = Backup-VelesStore -Store $store -Destination (Join-Path $folder 'b') -ErrorVariable problems -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $problems.Count | Should -Be 1
            $problems[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.NotSupported,*'
            $problems[0].Exception.Message | Should -BeLike "*Memory store '$name'*backup*"
            Test-Path -LiteralPath (Join-Path $folder 'b') | Should -BeFalse
        }
        finally {
            Remove-VelesTestDirectory $folder
        }
    }
}
