# Checks the help that Get-Help shows for the built module against the cmdlets themselves:
# every exported cmdlet has a synopsis, a description and examples that run, and every
# parameter is documented with the type, position, mandatory flag and pipeline binding it has
# in code. Help is read in a fresh pwsh, as a user would see it right after the build.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force

    # One fresh pwsh collects what the code declares and what Get-Help shows, per cmdlet.
    $collected = Invoke-VelesPwshJson -Script {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters

        function ConvertTo-TypeNames([type] $Type) {
            # The docs may name a type short (String) or in full (System.String); a nullable
            # value type is documented as its underlying type.
            $names = @($Type.Name, $Type.FullName)
            $underlying = [Nullable]::GetUnderlyingType($Type)
            if ($underlying) { $names += @($underlying.Name, $underlying.FullName) }
            $names
        }

        foreach ($command in Get-Command -Module $VelesModule.Name -CommandType Cmdlet) {
            $help = Get-Help -Name $command.Name -Full
            $examplesText = Get-Help -Name $command.Name -Examples | Out-String -Width 250

            $sets = foreach ($set in $command.ParameterSets) {
                [pscustomobject]@{
                    Name       = $set.Name
                    Parameters = @(foreach ($p in $set.Parameters | Where-Object Name -NotIn $common) {
                            [pscustomobject]@{
                                Name           = $p.Name
                                Mandatory      = $p.IsMandatory
                                Position       = if ($p.Position -lt 0) { 'named' } else { [string] $p.Position }
                                ByValue        = $p.ValueFromPipeline
                                ByPropertyName = $p.ValueFromPipelineByPropertyName
                            }
                        })
                }
            }

            $parameters = foreach ($p in $command.Parameters.Values | Where-Object Name -NotIn $common) {
                [pscustomobject]@{ Name = $p.Name; TypeNames = @(ConvertTo-TypeNames $p.ParameterType); Type = $p.ParameterType.ToString() }
            }

            function ConvertTo-DocParameter($p) {
                [pscustomobject]@{
                    Name           = [string] $p.name
                    Type           = if ($p.PSObject.Properties['type']) { [string] $p.type.name } else { '' }
                    Mandatory      = [string] $p.required -eq 'true'
                    Position       = ([string] $p.position).ToLowerInvariant()
                    ByValue        = [string] $p.pipelineInput -match '^True.*ByValue'
                    ByPropertyName = [string] $p.pipelineInput -match '^True.*ByPropertyName'
                }
            }

            $hasParameters = $help.PSObject.Properties['parameters'] -and $help.parameters -and $help.parameters.PSObject.Properties['parameter']
            $hasSyntax = $help.PSObject.Properties['syntax'] -and $help.syntax
            $hasExamples = $help.PSObject.Properties['examples'] -and $help.examples
            [pscustomobject]@{
                Name         = $command.Name
                Synopsis     = [string] $help.Synopsis
                Description  = (@($help.PSObject.Properties['description'] ? $help.description : $null) | Where-Object { $_ } | ForEach-Object Text) -join "`n"
                Examples     = @(if ($hasExamples) { foreach ($e in $help.examples.example) { [pscustomobject]@{ Title = [string] $e.title; Code = [string] $e.code } } })
                ExamplesText = $examplesText
                Code         = [pscustomobject]@{ Parameters = @($parameters); Sets = @($sets) }
                Docs         = [pscustomobject]@{
                    Parameters = @(if ($hasParameters) { foreach ($p in $help.parameters.parameter) { ConvertTo-DocParameter $p } })
                    Syntax     = @(if ($hasSyntax) {
                            foreach ($item in $help.syntax.syntaxItem) {
                                , @(foreach ($p in @($item.PSObject.Properties['parameter'] ? $item.parameter : @())) { ConvertTo-DocParameter $p })
                            }
                        })
                }
            }
        }
    }
    $script:Cmdlets = $collected | ForEach-Object {
        # Pester makes each key of a -ForEach hashtable a variable of the tests.
        $case = @{}
        foreach ($property in $_.PSObject.Properties) { $case[$property.Name] = $property.Value }
        $case
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
}

Describe 'The help of the built module' {
    BeforeAll {
        $helpFolder = Join-Path (Get-VelesModulePath) 'en-US'
    }

    It 'lands in an en-US folder spelled exactly so, as Linux needs' {
        (Get-ChildItem -LiteralPath (Get-VelesModulePath) -Directory).Name | Should -Contain 'en-US' -Because 'a lower-case en-us makes Get-Help show only the syntax'
        Join-Path $helpFolder 'VelesDb.PowerShell.dll-Help.xml' | Should -Exist
    }

    It 'is well-formed MAML' {
        [xml] $maml = Get-Content -Raw -LiteralPath (Join-Path $helpFolder 'VelesDb.PowerShell.dll-Help.xml')
        $maml.DocumentElement.LocalName | Should -Be 'helpItems'
        $maml.DocumentElement.GetAttribute('schema') | Should -Be 'maml'
    }

    It 'has an about_VelesDb topic that Get-Help finds, with a short description' {
        $result = Invoke-VelesPwsh -ImportModule -Script '(Get-Help about_VelesDb).Synopsis; Get-Help about_VelesDb | Out-String'
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $result.Output[0] | Should -Not -BeNullOrEmpty
        ($result.Output -join "`n") | Should -Match 'SHORT DESCRIPTION'
    }

    It 'documents only cmdlets that the module exports' {
        $exported = @(Invoke-VelesPwshJson -Script 'Get-Command -Module $VelesModule.Name -CommandType Cmdlet | ForEach-Object Name' | ForEach-Object { $_ })
        $docs = Get-ChildItem -LiteralPath (Join-Path (Get-VelesRepositoryRoot) 'docs/en-US') -Filter '*.md' |
            Where-Object Name -NotLike 'about_*' |
            ForEach-Object BaseName
        foreach ($doc in $docs) {
            $exported | Should -Contain $doc -Because "docs/en-US/$doc.md documents a cmdlet that the module does not export"
        }
    }
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    It 'has a synopsis of its own, not the generated syntax' {
        $Synopsis | Should -Not -BeNullOrEmpty -Because "docs/en-US/$Name.md should exist and have a SYNOPSIS"
        $Synopsis.Trim() | Should -Not -Match "^$([regex]::Escape($Name))(\s|$)" -Because 'Get-Help falls back to the syntax when the cmdlet has no help'
    }

    It 'has a description' {
        $Description | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example with code' {
        $Examples.Count | Should -BeGreaterThan 0
        $Examples | ForEach-Object { $_.Code | Should -Not -BeNullOrEmpty -Because "example '$($_.Title)' needs code" }
    }

    It 'shows its examples with Get-Help -Examples' {
        $Examples.Count | Should -BeGreaterThan 0
        $firstLine = ($Examples[0].Code -split "`n")[0].Trim()
        $ExamplesText | Should -BeLike "*$([WildcardPattern]::Escape($firstLine))*"
    }

    Context '<Title>' -ForEach @($Examples | ForEach-Object { @{ Title = $_.Title.Trim(' -'); Code = $_.Code } }) {
        # Each example runs on its own: a fresh pwsh with the module imported, in an empty
        # temp folder, with $ErrorActionPreference = 'Stop'. An example that needs a store
        # creates it, as a reader trying it would.
        It 'runs without error in a fresh pwsh and an empty folder' {
            $folder = New-VelesTestDirectory
            try {
                $result = Invoke-VelesPwsh -ImportModule -Script (ConvertTo-VelesExampleScript $Code) -WorkingDirectory $folder
                $result.ExitCode | Should -Be 0 -Because "the example failed: $($result.Error)"
            }
            finally {
                Remove-VelesTestDirectory $folder
            }
        }
    }

    It 'documents only parameters that the cmdlet has' {
        $codeNames = $Code.Parameters.Name
        foreach ($doc in $Docs.Parameters) {
            $codeNames | Should -Contain $doc.Name -Because "the help documents -$($doc.Name), which $Name does not have"
        }
    }

    It 'shows a syntax for every parameter set of the cmdlet' {
        foreach ($set in $Code.Sets) {
            $names = @($set.Parameters.Name | Sort-Object)
            $match = $Docs.Syntax | Where-Object { (@($_.Name | Sort-Object) -join ',') -eq ($names -join ',') }
            $match | Should -Not -BeNullOrEmpty -Because "parameter set '$($set.Name)' has -$($names -join ', -'), and no syntax in the help shows exactly those"
        }
    }

    Context 'parameter -<Name>' -ForEach @($Code.Parameters | ForEach-Object { @{ Name = $_.Name; TypeNames = $_.TypeNames; Type = $_.Type } }) {
        BeforeAll {
            $parameterName = $Name
            $doc = $Docs.Parameters | Where-Object Name -EQ $parameterName | Select-Object -First 1
            $usages = @(foreach ($set in $Code.Sets) {
                    $set.Parameters | Where-Object Name -EQ $parameterName | Select-Object -First 1 |
                        Add-Member -NotePropertyName Set -NotePropertyValue $set -PassThru
                })
        }

        It 'is documented' {
            $doc | Should -Not -BeNullOrEmpty -Because "the cmdlet has -$parameterName, and its help does not describe it"
        }

        It 'is documented with its type' {
            $doc | Should -Not -BeNullOrEmpty
            $TypeNames | Should -Contain $doc.Type -Because "-$parameterName is of type $Type"
        }

        It 'is documented with its mandatory flag, position and pipeline binding in every parameter set' {
            $doc | Should -Not -BeNullOrEmpty
            $attributes = 'Mandatory', 'Position', 'ByValue', 'ByPropertyName'
            $uniform = @($usages | ForEach-Object { $u = $_; ($attributes | ForEach-Object { $u.$_ }) -join '|' } | Sort-Object -Unique).Count -eq 1
            if ($uniform) {
                # One set of attributes everywhere: the PARAMETERS section must state it.
                foreach ($attribute in $attributes) {
                    $doc.$attribute | Should -Be $usages[0].$attribute -Because "-$parameterName's $attribute in the help must match the code"
                }
            }

            # Per set: the syntax item that shows the set's parameters must carry its attributes.
            # The closest item is used, so a wrong attribute is reported even while the syntax
            # itself is incomplete (which 'shows a syntax for every parameter set' reports).
            foreach ($usage in $usages) {
                $item = $Docs.Syntax |
                    Where-Object { $_.Name -contains $parameterName } |
                    Sort-Object { @($_.Name | Where-Object { $_ -in $usage.Set.Parameters.Name }).Count - @($_.Name | Where-Object { $_ -notin $usage.Set.Parameters.Name }).Count } -Descending |
                    Select-Object -First 1
                if (-not $item) { continue }  # the parameter is in no syntax: reported by 'shows a syntax for every parameter set'
                $shown = $item | Where-Object Name -EQ $parameterName
                foreach ($attribute in $attributes) {
                    $shown.$attribute | Should -Be $usage.$attribute -Because "-$parameterName's $attribute in set '$($usage.Set.Name)' must match the code"
                }
            }
        }
    }
}
