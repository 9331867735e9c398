namespace VelesDb.HelpCompiler;

/// <summary>The help of one cmdlet, as read from its platyPS markdown file.</summary>
internal sealed record CommandHelp(
    string Name,
    string Synopsis,
    IReadOnlyList<string> Description,
    IReadOnlyList<SyntaxSet> Syntax,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<LinkHelp> Links)
{
    /// <summary>The verb part of the name (before the first dash).</summary>
    public string Verb => Name.Split('-', 2)[0];

    /// <summary>The noun part of the name (after the first dash).</summary>
    public string Noun => Name.Contains('-', StringComparison.Ordinal) ? Name.Split('-', 2)[1] : string.Empty;
}

/// <summary>One parameter set from the SYNTAX section, with its parameters in documented order.</summary>
internal sealed record SyntaxSet(string Name, bool IsDefault, IReadOnlyList<string> ParameterOrder);

/// <summary>One <c>### -Name</c> entry of the PARAMETERS section.</summary>
internal sealed record ParameterHelp(string Name, IReadOnlyList<string> Description, IReadOnlyList<ParameterUsage> Usages)
{
    /// <summary>The usage that applies in <paramref name="setName"/>, or null if the parameter is not in that set.</summary>
    public ParameterUsage? UsageIn(string setName) =>
        Usages.FirstOrDefault(u => u.AppliesToAllSets || u.SetNames.Contains(setName, StringComparer.OrdinalIgnoreCase));
}

/// <summary>
/// One yaml block of a parameter: its attributes in the parameter sets it names. platyPS writes
/// several blocks when a parameter is, say, mandatory in one set and optional in another.
/// </summary>
internal sealed record ParameterUsage(
    string Type,
    IReadOnlyList<string> SetNames,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing)
{
    /// <summary>True when the block says <c>Parameter Sets: (All)</c>.</summary>
    public bool AppliesToAllSets => SetNames.Count == 0;

    /// <summary>True for a switch: it takes no value on the command line.</summary>
    public bool IsSwitch => Type is "SwitchParameter" or "System.Management.Automation.SwitchParameter";
}

/// <summary>An input or output type with its description.</summary>
internal sealed record TypeHelp(string Name, IReadOnlyList<string> Description);

/// <summary>One example: a title, the code to run, and the paragraphs that explain it.</summary>
internal sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A related link; <see cref="Uri"/> is empty for a link to another cmdlet's help.</summary>
internal sealed record LinkHelp(string Text, string Uri);
