using System.Xml.Linq;

namespace VelesDb.HelpCompiler;

/// <summary>
/// Writes cmdlet help as MAML, the XML that PowerShell's Get-Help reads from
/// <c>&lt;culture&gt;/&lt;Assembly&gt;.dll-Help.xml</c>. The element layout follows what platyPS's
/// New-ExternalHelp produces:
/// <code>
/// helpItems
///   command:command
///     command:details        name, verb, noun, maml:description (synopsis)
///     maml:description        description paragraphs
///     command:syntax          one command:syntaxItem per parameter set
///     command:parameters      one command:parameter per parameter
///     command:inputTypes / command:returnValues
///     maml:alertSet           notes
///     command:examples        title, dev:code, dev:remarks
///     command:relatedLinks    maml:navigationLink
/// </code>
/// </summary>
internal static class MamlWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    private static readonly XNamespace MSHelp = "http://msdn.microsoft.com/mshelp";

    /// <summary>The MAML document for <paramref name="commands"/>, in the order given.</summary>
    public static XDocument Write(IEnumerable<CommandHelp> commands) =>
        new(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Msh + "helpItems",
                new XAttribute("schema", "maml"),
                commands.Select(CommandElement)));

    private static XElement CommandElement(CommandHelp help) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MSHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", help.Name),
                new XElement(Command + "verb", help.Verb),
                new XElement(Command + "noun", help.Noun),
                Description([help.Synopsis])),
            Description(help.Description),
            new XElement(Command + "syntax", help.Syntax.Select(set => SyntaxItem(help, set))),
            new XElement(Command + "parameters", help.Parameters.Select(p => Parameter(p, p.Usages[0]))),
            new XElement(Command + "inputTypes", help.Inputs.Select(t => TypeElement("inputType", t))),
            new XElement(Command + "returnValues", help.Outputs.Select(t => TypeElement("returnValue", t))),
            new XElement(Maml + "alertSet",
                new XElement(Maml + "alert", Paragraphs(help.Notes))),
            new XElement(Command + "examples", help.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", help.Links.Select(Link)));

    private static XElement SyntaxItem(CommandHelp help, SyntaxSet set)
    {
        var inSet = set.ParameterOrder
            .Select(name => help.Parameters.First(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            .Concat(help.Parameters.Where(p => p.UsageIn(set.Name) is not null))
            .Distinct();
        return new XElement(Command + "syntaxItem",
            new XElement(Maml + "name", help.Name),
            inSet.Select(p => Parameter(p, p.UsageIn(set.Name) ?? p.Usages[0])));
    }

    private static XElement Parameter(ParameterHelp parameter, ParameterUsage usage) =>
        new(Command + "parameter",
            new XAttribute("required", Lower(usage.Required)),
            new XAttribute("variableLength", Lower(usage.Type.EndsWith("[]", StringComparison.Ordinal))),
            new XAttribute("globbing", Lower(usage.Globbing)),
            new XAttribute("pipelineInput", usage.PipelineInput),
            new XAttribute("position", usage.Position),
            new XAttribute("aliases", usage.Aliases.Count == 0 ? "none" : string.Join(", ", usage.Aliases)),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description),
            usage.AcceptedValues.Count == 0
                ? null
                : new XElement(Command + "parameterValueGroup",
                    usage.AcceptedValues.Select(v =>
                        new XElement(Command + "parameterValue",
                            new XAttribute("required", "false"),
                            new XAttribute("variableLength", "false"),
                            v))),
            usage.IsSwitch
                ? null
                : new XElement(Command + "parameterValue",
                    new XAttribute("required", Lower(!usage.IsSwitch)),
                    new XAttribute("variableLength", "false"),
                    usage.Type),
            new XElement(Dev + "type",
                new XElement(Maml + "name", usage.Type),
                new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", usage.DefaultValue));

    private static XElement TypeElement(string element, TypeHelp type) =>
        new(Command + element,
            new XElement(Dev + "type",
                new XElement(Maml + "name", type.Name)),
            Description(type.Description));

    private static XElement Example(ExampleHelp example) =>
        new(Command + "example",
            new XElement(Maml + "title", $"--------- {example.Title} ---------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static XElement Link(LinkHelp link) =>
        new(Maml + "navigationLink",
            new XElement(Maml + "linkText", link.Text),
            new XElement(Maml + "uri", link.Uri));

    private static XElement Description(IReadOnlyList<string> paragraphs) =>
        new(Maml + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IReadOnlyList<string> paragraphs) =>
        paragraphs.Count == 0
            ? [new XElement(Maml + "para")]
            : paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Lower(bool value) => value ? "true" : "false";
}
