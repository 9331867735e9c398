# The module as it is laid out in out/VelesDb: its manifest, its files, and what a fresh
# pwsh gets from Import-Module.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $manifest = Get-VelesModuleManifest
    $script:ListedCmdlets = @($manifest.CmdletsToExport | ForEach-Object { @{ Cmdlet = $_ } })
    $script:ShippedFiles = @(
        'VelesDb.psd1'
        'VelesDb.PowerShell.dll'
        'VelesDb.Engine.dll'
        'VelesDb.format.ps1xml'
        'en-US/VelesDb.PowerShell.dll-Help.xml'
        'en-US/about_VelesDb.help.txt'
    ) | ForEach-Object { @{ File = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $modulePath = Get-VelesModulePath
    $manifestPath = Join-Path $modulePath 'VelesDb.psd1'
    $manifest = Get-VelesModuleManifest
}

Describe 'The module manifest' {
    It 'passes Test-ModuleManifest' {
        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'VelesDb'
    }

    It 'is the manifest of the source tree, copied unchanged' {
        $source = Join-Path (Get-VelesRepositoryRoot) 'VelesDb.psd1'
        (Get-FileHash -LiteralPath $manifestPath).Hash | Should -Be (Get-FileHash -LiteralPath $source).Hash
    }

    It 'has a release version that the built assemblies carry too' {
        $version = [version] $manifest.ModuleVersion
        foreach ($assembly in 'VelesDb.PowerShell.dll', 'VelesDb.Engine.dll') {
            $path = Join-Path $modulePath $assembly
            $assemblyVersion = [System.Reflection.AssemblyName]::GetAssemblyName($path).Version
            $fileVersion = [version] [System.Diagnostics.FileVersionInfo]::GetVersionInfo($path).FileVersion
            foreach ($built in $assemblyVersion, $fileVersion) {
                "$($built.Major).$($built.Minor).$($built.Build)" | Should -Be $version.ToString(3) -Because "$assembly is built by build.ps1 with -p:Version from the manifest"
            }
        }
    }

    It 'loads the cmdlet assembly as its root module' {
        $manifest.RootModule | Should -Be 'VelesDb.PowerShell.dll'
    }

    It 'targets PowerShell 7.6 on .NET (Core) only' {
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        [version] $manifest.PowerShellVersion | Should -Be ([version] '7.6')
    }

    It 'lists every cmdlet by name, with no wildcard' {
        $manifest.CmdletsToExport.Count | Should -BeGreaterThan 0
        $manifest.CmdletsToExport | Should -Not -Match '[*?]'
    }

    It 'exports no functions, variables or aliases' {
        foreach ($key in 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') {
            $manifest.ContainsKey($key) | Should -BeTrue -Because "$key must be explicit, or PowerShell exports everything"
            @($manifest[$key]).Count | Should -Be 0 -Because "$key must be empty"
        }
    }

    It 'loads the format views' {
        $manifest.FormatsToProcess | Should -Be @('VelesDb.format.ps1xml')
    }

    It 'has the gallery metadata: tags, project and licence links, release notes' {
        $psData = $manifest.PrivateData.PSData
        foreach ($tag in 'PSEdition_Core', 'Linux', 'Windows', 'MacOS') {
            $psData.Tags | Should -Contain $tag
        }
        [uri]::IsWellFormedUriString($psData.ProjectUri, 'Absolute') | Should -BeTrue
        [uri]::IsWellFormedUriString($psData.LicenseUri, 'Absolute') | Should -BeTrue
        $psData.ReleaseNotes | Should -Not -BeNullOrEmpty
    }
}

Describe 'The module layout in out/VelesDb' {
    It 'ships <File>' -ForEach $ShippedFiles {
        Join-Path $modulePath $File | Should -Exist
    }

    It 'does not ship System.Management.Automation, which the hosting pwsh supplies' {
        Get-ChildItem -LiteralPath $modulePath -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
    }

    It 'has a format file that is valid XML' {
        { [xml] (Get-Content -Raw -LiteralPath (Join-Path $modulePath 'VelesDb.format.ps1xml')) } | Should -Not -Throw
    }
}

Describe 'Importing the module in a fresh pwsh' {
    BeforeAll {
        $imported = Invoke-VelesPwshJson -Script {
            [pscustomobject]@{
                Name      = $VelesModule.Name
                Version   = $VelesModule.Version.ToString()
                Cmdlets   = @($VelesModule.ExportedCmdlets.Keys)
                Functions = @($VelesModule.ExportedFunctions.Keys)
                Aliases   = @($VelesModule.ExportedAliases.Keys)
                Variables = @($VelesModule.ExportedVariables.Keys)
            }
        }
        $imported = $imported[0]
    }

    It 'imports without error, with the manifest name and version' {
        $imported.Name | Should -Be 'VelesDb'
        $imported.Version | Should -Be $manifest.ModuleVersion
    }

    It 'exports <Cmdlet> as a cmdlet' -ForEach $ListedCmdlets {
        $imported.Cmdlets | Should -Contain $Cmdlet -Because "VelesDb.psd1 lists $Cmdlet, so VelesDb.PowerShell.dll must define it"
    }

    It 'lists every cmdlet that the cmdlet assembly defines' {
        # Imported on its own, the assembly exports every cmdlet it defines.
        $dll = (Join-Path $modulePath $manifest.RootModule) -replace "'", "''"
        $defined = Invoke-VelesPwsh -Script "(Import-Module '$dll' -PassThru).ExportedCmdlets.Keys"
        $defined.ExitCode | Should -Be 0 -Because $defined.Error
        foreach ($name in $defined.Output) {
            $manifest.CmdletsToExport | Should -Contain $name -Because "VelesDb.PowerShell.dll defines $name"
        }
    }

    It 'exports no functions, aliases or variables' {
        $imported.Functions | Should -BeNullOrEmpty
        $imported.Aliases | Should -BeNullOrEmpty
        $imported.Variables | Should -BeNullOrEmpty
    }
}
