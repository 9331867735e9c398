# The help compiler (src/VelesDb.HelpCompiler) on its own: it turns platyPS-schema markdown
# into MAML and about topics that Get-Help reads, and rejects markdown that breaks the schema.
# A small script module with external help stands in for the cmdlets, so these tests do not
# depend on how far the real docs have got.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force

    function Invoke-HelpCompiler([string] $Docs, [string] $Output, [string] $MamlFile) {
        $compiler = Get-VelesHelpCompiler
        $log = & dotnet $compiler $Docs $Output $MamlFile 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Log = ($log | Out-String).Trim() }
    }

    $commandDoc = @'
---
external help file: SampleHelp.psm1-Help.xml
Module Name: SampleHelp
online version:
schema: 2.0.0
---

# Add-SampleThing

## SYNOPSIS
Adds things to a sample store.

## SYNTAX

### ByName (Default)
```
Add-SampleThing [-Name] <String> [-Count <Int32>] [-Kind <String>] [<CommonParameters>]
```

### ByObject
```
Add-SampleThing -InputObject <Object> [-Count <Int32>] [-Kind <String>] [<CommonParameters>]
```

## DESCRIPTION
The **Add-SampleThing** function adds `things`.

It takes:

- names
- objects from the pipeline

## EXAMPLES

### Example 1: Add one thing
```powershell
Add-SampleThing -Name apple -Count 2
```

```output
Name  Count
----  -----
apple     2
```

Adds two apples.

### Example 2: Add from the pipeline
```powershell
Get-Thing | Add-SampleThing -Kind Fruit
```

Adds every thing that Get-Thing returns.

## PARAMETERS

### -Name
The name of the thing.

```yaml
Type: String
Parameter Sets: ByName
Aliases: n

Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### -InputObject
A thing from the pipeline.

```yaml
Type: Object
Parameter Sets: ByObject
Aliases:

Required: True
Position: Named
Default value: None
Accept pipeline input: True (ByValue)
Accept wildcard characters: False
```

### -Count
How many to add.

```yaml
Type: Int32
Parameter Sets: (All)
Aliases:

Required: False
Position: Named
Default value: 1
Accept pipeline input: True (ByPropertyName)
Accept wildcard characters: False
```

### -Kind
What kind of thing it is.

```yaml
Type: String
Parameter Sets: (All)
Aliases:
Accepted values: Fruit, Vegetable

Required: False
Position: Named
Default value: None
Accept pipeline input: False
Accept wildcard characters: False
```

### CommonParameters
This cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable.

## INPUTS

### System.Object
Things to add.

## OUTPUTS

### None

## NOTES
Things are never removed.

## RELATED LINKS

[Get-Thing](Get-Thing.md)

[Sample project](https://example.com/sample)
'@

    $aboutDoc = @'
# about_SampleHelp

## SHORT DESCRIPTION
Explains the sample module that the help compiler tests use.

## LONG DESCRIPTION
The sample module has one function. This paragraph is long enough that the compiler has to wrap it at eighty columns, as PowerShell's own about topics are.

- A list item.

```powershell
Add-SampleThing -Name apple
```
'@
}

Describe 'The help compiler' {
    BeforeAll {
        $module = Join-Path $TestDrive 'SampleHelp'
        $docs = Join-Path $TestDrive 'docs'
        New-Item -ItemType Directory -Path $module, $docs | Out-Null
        Set-Content -LiteralPath (Join-Path $docs 'Add-SampleThing.md') -Value $commandDoc
        Set-Content -LiteralPath (Join-Path $docs 'about_SampleHelp.md') -Value $aboutDoc
        Set-Content -LiteralPath (Join-Path $module 'SampleHelp.psm1') -Value @'
function Add-SampleThing {
    # .ExternalHelp SampleHelp.psm1-Help.xml
    [CmdletBinding(DefaultParameterSetName = 'ByName')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'ByName')] [Alias('n')] [string] $Name,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'ByObject')] [object] $InputObject,
        [Parameter(ValueFromPipelineByPropertyName)] [int] $Count = 1,
        [ValidateSet('Fruit', 'Vegetable')] [string] $Kind
    )
}
'@
        $compiled = Invoke-HelpCompiler -Docs $docs -Output (Join-Path $module 'en-US') -MamlFile 'SampleHelp.psm1-Help.xml'

        $help = Invoke-VelesPwsh -Script @"
Import-Module '$module'
`$help = Get-Help Add-SampleThing -Full
`$about = Get-Help about_SampleHelp
[pscustomobject]@{
    Synopsis    = `$help.Synopsis
    Description = @(`$help.description.Text)
    Parameters  = @(`$help.parameters.parameter | ForEach-Object {
        [pscustomobject]@{ Name = `$_.name; Type = `$_.type.name; Required = `$_.required; Position = `$_.position; Pipeline = `$_.pipelineInput; Aliases = `$_.aliases; Default = `$_.defaultValue } })
    Syntax      = @(`$help.syntax.syntaxItem | ForEach-Object { ,@(`$_.parameter | ForEach-Object { "`$(`$_.name):`$(`$_.required)" }) })
    Examples    = @(`$help.examples.example | ForEach-Object { [pscustomobject]@{ Title = `$_.title; Code = `$_.code; Remarks = (@(`$_.remarks.Text) -join "``n") } })
    Inputs      = @(`$help.inputTypes.inputType.type.name)
    Notes       = (@(`$help.alertSet.alert.Text) -join "``n")
    Links       = @(`$help.relatedLinks.navigationLink | ForEach-Object { "`$(`$_.linkText)|`$(`$_.uri)" })
    Full        = (Get-Help Add-SampleThing -Full | Out-String -Width 200)
    AboutName   = `$about.Name
    AboutSynopsis = `$about.Synopsis
} | ConvertTo-Json -Depth 6
"@
        $help.ExitCode | Should -Be 0 -Because $help.Error
        $shown = ($help.Output -join "`n") | ConvertFrom-Json
    }

    It 'compiles the docs without error' {
        $compiled.ExitCode | Should -Be 0 -Because $compiled.Log
    }

    It 'writes help that Get-Help shows: synopsis and description' {
        $shown.Synopsis | Should -Be 'Adds things to a sample store.'
        $paragraphs = @($shown.Description | ForEach-Object Trim)
        $paragraphs[0] | Should -Be 'The Add-SampleThing function adds things.'
        $paragraphs | Should -Contain '- objects from the pipeline'
    }

    It 'writes every parameter with its type, mandatory flag, position, pipeline input, aliases and default' {
        $byName = @{}
        $shown.Parameters | ForEach-Object { $byName[$_.Name] = $_ }
        $byName.Keys | Sort-Object | Should -Be @('Count', 'InputObject', 'Kind', 'Name')
        $byName.Name.Type | Should -Be 'String'
        $byName.Name.Required | Should -Be 'true'
        $byName.Name.Position | Should -Be '0'
        $byName.Name.Aliases | Should -Be 'n'
        $byName.InputObject.Pipeline | Should -Be 'True (ByValue)'
        $byName.InputObject.Position | Should -Be 'named'
        $byName.Count.Type | Should -Be 'Int32'
        $byName.Count.Required | Should -Be 'false'
        $byName.Count.Pipeline | Should -Be 'True (ByPropertyName)'
        $byName.Count.Default | Should -Be '1'
    }

    It 'writes one syntax per parameter set, each with the parameters of that set' {
        $shown.Syntax.Count | Should -Be 2
        $shown.Syntax[0] | Should -Be @('Name:true', 'Count:false', 'Kind:false')
        $shown.Syntax[1] | Should -Be @('InputObject:true', 'Count:false', 'Kind:false')
    }

    It 'shows accepted values in the syntax' {
        $shown.Full | Should -Match '-Kind \{Fruit \| Vegetable\}'
    }

    It 'writes examples with their code apart from their remarks and output' {
        $shown.Examples.Count | Should -Be 2
        $shown.Examples[0].Title | Should -Match 'Example 1: Add one thing'
        $shown.Examples[0].Code | Should -Be 'Add-SampleThing -Name apple -Count 2'
        $shown.Examples[0].Remarks | Should -Match 'apple     2'
        $shown.Examples[0].Remarks | Should -Match 'Adds two apples.'
        $shown.Examples[1].Code | Should -Be 'Get-Thing | Add-SampleThing -Kind Fruit'
    }

    It 'writes inputs, notes and related links' {
        $shown.Inputs | Should -Be @('System.Object')
        $shown.Notes | Should -Match 'Things are never removed.'
        $shown.Links | Should -Be @('Get-Thing|', 'Sample project|https://example.com/sample')
    }

    It 'writes an about topic that Get-Help finds, with its short description as synopsis' {
        $shown.AboutName | Should -Be 'about_SampleHelp'
        $shown.AboutSynopsis | Should -Match '^Explains the sample module'
    }

    It 'wraps about topics at 80 columns and indents them like PowerShell''s own' {
        $text = Get-Content -LiteralPath (Join-Path $module 'en-US/about_SampleHelp.help.txt')
        $text[0] | Should -Be 'TOPIC'
        $text[1] | Should -Be '    about_SampleHelp'
        $text | Should -Contain 'SHORT DESCRIPTION'
        $text | Should -Contain '        Add-SampleThing -Name apple'
        $text | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 -Because "'$_' is too long" }
    }
}

Describe 'The help compiler on broken docs' {
    BeforeEach {
        $docs = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        New-Item -ItemType Directory -Path $docs | Out-Null
    }

    It 'fails, naming the file and line, when a section is missing' {
        Set-Content -LiteralPath (Join-Path $docs 'Add-SampleThing.md') -Value ($commandDoc -replace '(?s)## SYNOPSIS.*?(?=## SYNTAX)', '')
        $result = Invoke-HelpCompiler -Docs $docs -Output (Join-Path $docs 'out') -MamlFile 'SampleHelp.psm1-Help.xml'
        $result.ExitCode | Should -Be 1
        $result.Log | Should -Match 'Add-SampleThing\.md:\d+: the ''## SYNOPSIS'' section is missing'
    }

    It 'fails when platyPS placeholder text is left in' {
        Set-Content -LiteralPath (Join-Path $docs 'Add-SampleThing.md') -Value ($commandDoc -replace 'Adds two apples\.', '{{ Add example description here }}')
        $result = Invoke-HelpCompiler -Docs $docs -Output (Join-Path $docs 'out') -MamlFile 'SampleHelp.psm1-Help.xml'
        $result.ExitCode | Should -Be 1
        $result.Log | Should -Match 'placeholder'
    }

    It 'fails when a parameter names a set that SYNTAX does not list' {
        Set-Content -LiteralPath (Join-Path $docs 'Add-SampleThing.md') -Value ($commandDoc -replace 'Parameter Sets: ByObject', 'Parameter Sets: ByNothing')
        $result = Invoke-HelpCompiler -Docs $docs -Output (Join-Path $docs 'out') -MamlFile 'SampleHelp.psm1-Help.xml'
        $result.ExitCode | Should -Be 1
        $result.Log | Should -Match 'ByNothing'
    }

    It 'fails when the doc is for another help file' {
        Set-Content -LiteralPath (Join-Path $docs 'Add-SampleThing.md') -Value $commandDoc
        $result = Invoke-HelpCompiler -Docs $docs -Output (Join-Path $docs 'out') -MamlFile 'Other.dll-Help.xml'
        $result.ExitCode | Should -Be 1
        $result.Log | Should -Match 'external help file: Other.dll-Help.xml'
    }

    It 'writes an empty but valid MAML file when there are no cmdlet docs yet' {
        $result = Invoke-HelpCompiler -Docs $docs -Output (Join-Path $docs 'out') -MamlFile 'SampleHelp.psm1-Help.xml'
        $result.ExitCode | Should -Be 0 -Because $result.Log
        [xml] $maml = Get-Content -Raw -LiteralPath (Join-Path $docs 'out/SampleHelp.psm1-Help.xml')
        $maml.helpItems.schema | Should -Be 'maml'
    }
}
