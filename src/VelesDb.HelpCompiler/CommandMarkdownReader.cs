using System.Globalization;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace VelesDb.HelpCompiler;

/// <summary>
/// Reads one cmdlet's help from markdown in platyPS schema 2.0.0:
/// <code>
/// ---                                   front matter: external help file, Module Name, schema
/// # Verb-Noun
/// ## SYNOPSIS                           one paragraph
/// ## SYNTAX                             ### SetName (Default), a code block per set
/// ## DESCRIPTION                        paragraphs, lists, code
/// ## EXAMPLES                           ### title, ```powershell code, remark paragraphs
/// ## PARAMETERS                         ### -Name, description, ```yaml attributes (one per set group)
/// ## INPUTS / ## OUTPUTS                ### type name, description
/// ## NOTES                              paragraphs
/// ## RELATED LINKS                      [text](uri) per paragraph
/// </code>
/// </summary>
internal static partial class CommandMarkdownReader
{
    private const string AllParameterSets = "__AllParameterSets";

    private static readonly string[] CodeLanguages = ["powershell", "ps", "ps1", "pwsh", "posh"];

    /// <summary>The Markdig pipeline shared by every help file: front matter and pipe tables.</summary>
    public static MarkdownPipeline Pipeline { get; } =
        new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePipeTables().Build();

    /// <summary>Reads <paramref name="path"/>; throws <see cref="HelpFormatException"/> naming the line at fault.</summary>
    public static CommandHelp Read(string path, string expectedHelpFile)
    {
        var file = path;
        var document = Markdown.Parse(File.ReadAllText(path), Pipeline);

        var frontMatter = ReadFrontMatter(file, document);
        Require(file, 0, frontMatter.GetValueOrDefault("schema") == "2.0.0",
            "front matter must say 'schema: 2.0.0' (platyPS markdown schema).");
        Require(file, 0, string.Equals(frontMatter.GetValueOrDefault("external help file"), expectedHelpFile, StringComparison.Ordinal),
            $"front matter must say 'external help file: {expectedHelpFile}'.");

        var title = document.OfType<HeadingBlock>().FirstOrDefault(h => h.Level == 1)
            ?? throw new HelpFormatException(file, 0, "the file has no '# Verb-Noun' title.");
        var name = MarkdownText.Inlines(title.Inline);

        var sections = MarkdownSection.Split(document, level: 2)
            .ToDictionary(s => s.Title.ToUpperInvariant(), StringComparer.Ordinal);
        MarkdownSection Section(string heading) =>
            sections.GetValueOrDefault(heading) ?? throw new HelpFormatException(file, title.Line, $"the '## {heading}' section is missing.");

        var synopsis = string.Join(" ", MarkdownText.Paragraphs(Section("SYNOPSIS").Blocks));
        Require(file, Section("SYNOPSIS").Line, synopsis.Length > 0, "the synopsis is empty.");

        var syntax = ReadSyntax(file, Section("SYNTAX"));
        var parameters = ReadParameters(file, Section("PARAMETERS"));
        CheckSetsAgree(file, Section("PARAMETERS"), syntax, parameters);

        var help = new CommandHelp(
            name,
            synopsis,
            MarkdownText.Paragraphs(Section("DESCRIPTION").Blocks),
            syntax,
            parameters,
            ReadTypes(Section("INPUTS")),
            ReadTypes(Section("OUTPUTS")),
            sections.TryGetValue("NOTES", out var notes) ? MarkdownText.Paragraphs(notes.Blocks) : [],
            ReadExamples(file, Section("EXAMPLES")),
            ReadLinks(frontMatter.GetValueOrDefault("online version"), sections.GetValueOrDefault("RELATED LINKS")));

        RejectPlaceholders(file, title.Line, help);
        return help;
    }

    private static Dictionary<string, string> ReadFrontMatter(string file, MarkdownDocument document)
    {
        var block = document.OfType<YamlFrontMatterBlock>().FirstOrDefault()
            ?? throw new HelpFormatException(file, 0, "the file has no '---' front matter.");
        var lines = block.Lines.Lines.Take(block.Lines.Count)
            .Select(l => l.Slice.ToString())
            .Where(l => l.Trim() != "---");
        return ParseFlatYaml(file, block.Line, lines);
    }

    private static List<SyntaxSet> ReadSyntax(string file, MarkdownSection section)
    {
        var sets = new List<SyntaxSet>();
        var children = section.Children(level: 3);
        if (children.Count == 0)
        {
            var code = section.Blocks.OfType<FencedCodeBlock>().FirstOrDefault()
                ?? throw new HelpFormatException(file, section.Line, "SYNTAX has no code block.");
            sets.Add(new SyntaxSet(AllParameterSets, true, SyntaxParameterNames(MarkdownText.Code(code))));
            return sets;
        }

        foreach (var child in children)
        {
            var match = SetTitle().Match(child.Title);
            var code = child.Blocks.OfType<FencedCodeBlock>().FirstOrDefault()
                ?? throw new HelpFormatException(file, child.Line, $"parameter set '{child.Title}' has no code block.");
            sets.Add(new SyntaxSet(match.Groups["name"].Value, match.Groups["default"].Success, SyntaxParameterNames(MarkdownText.Code(code))));
        }

        if (sets.Count > 0 && !sets.Any(s => s.IsDefault))
        {
            sets[0] = sets[0] with { IsDefault = true };
        }

        return sets;
    }

    private static List<string> SyntaxParameterNames(string syntaxLine) =>
        SyntaxParameter().Matches(syntaxLine).Select(m => m.Groups["name"].Value).ToList();

    private static List<ParameterHelp> ReadParameters(string file, MarkdownSection section)
    {
        var parameters = new List<ParameterHelp>();
        foreach (var child in section.Children(level: 3))
        {
            if (child.Title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            Require(file, child.Line, child.Title.StartsWith('-'), $"parameter heading '{child.Title}' must be '### -Name'.");
            var usages = child.Blocks.OfType<FencedCodeBlock>()
                .Where(c => string.Equals(c.Info, "yaml", StringComparison.OrdinalIgnoreCase))
                .Select(c => ReadUsage(file, c))
                .ToList();
            Require(file, child.Line, usages.Count > 0, $"parameter '{child.Title}' has no ```yaml block.");

            var description = child.Blocks.Where(b => b is not FencedCodeBlock c || !string.Equals(c.Info, "yaml", StringComparison.OrdinalIgnoreCase));
            parameters.Add(new ParameterHelp(child.Title[1..], MarkdownText.Paragraphs(description), usages));
        }

        return parameters;
    }

    private static ParameterUsage ReadUsage(string file, FencedCodeBlock code)
    {
        var yaml = ParseFlatYaml(file, code.Line, MarkdownText.Code(code).Split('\n'));
        string Field(string key) =>
            yaml.TryGetValue(key, out var value) ? value : throw new HelpFormatException(file, code.Line, $"the yaml block has no '{key}:'.");
        static List<string> List(string value) =>
            value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        var type = Field("Type");
        Require(file, code.Line, type.Length > 0, "'Type:' is empty.");
        var sets = Field("Parameter Sets");
        var position = Field("Position");
        Require(file, code.Line,
            position.Equals("Named", StringComparison.OrdinalIgnoreCase) || int.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            $"'Position: {position}' must be 'Named' or a number.");
        var pipeline = Field("Accept pipeline input");
        Require(file, code.Line, pipeline.StartsWith("True", StringComparison.OrdinalIgnoreCase) || pipeline.StartsWith("False", StringComparison.OrdinalIgnoreCase),
            $"'Accept pipeline input: {pipeline}' must start with True or False.");

        return new ParameterUsage(
            type,
            sets == "(All)" ? [] : List(sets),
            List(yaml.GetValueOrDefault("Aliases", string.Empty)),
            List(yaml.GetValueOrDefault("Accepted values", string.Empty)),
            Boolean(file, code.Line, "Required", Field("Required")),
            position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : position,
            yaml.GetValueOrDefault("Default value", "None") is { Length: > 0 } d ? d : "None",
            pipeline,
            Boolean(file, code.Line, "Accept wildcard characters", yaml.GetValueOrDefault("Accept wildcard characters", "False")));
    }

    private static void CheckSetsAgree(string file, MarkdownSection section, List<SyntaxSet> syntax, List<ParameterHelp> parameters)
    {
        var known = syntax.Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parameters)
        {
            foreach (var set in parameter.Usages.SelectMany(u => u.SetNames).Where(s => !known.Contains(s)))
            {
                throw new HelpFormatException(file, section.Line, $"parameter -{parameter.Name} names set '{set}', which SYNTAX does not list.");
            }
        }

        foreach (var set in syntax)
        {
            foreach (var name in set.ParameterOrder)
            {
                var parameter = parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                    ?? throw new HelpFormatException(file, section.Line, $"SYNTAX shows -{name}, which PARAMETERS does not describe.");
                Require(file, section.Line, set.Name == AllParameterSets || parameter.UsageIn(set.Name) is not null,
                    $"SYNTAX shows -{name} in set '{set.Name}', but its yaml does not name that set.");
            }
        }
    }

    private static List<TypeHelp> ReadTypes(MarkdownSection section)
    {
        var types = section.Children(level: 3)
            .Select(c => new TypeHelp(c.Title, MarkdownText.Paragraphs(c.Blocks)))
            .ToList();
        if (types.Count == 0)
        {
            // "None" written as a plain paragraph instead of a ### heading.
            types.AddRange(MarkdownText.Paragraphs(section.Blocks).Take(1).Select(p => new TypeHelp(p, [])));
        }

        return types;
    }

    private static List<ExampleHelp> ReadExamples(string file, MarkdownSection section)
    {
        var examples = new List<ExampleHelp>();
        foreach (var child in section.Children(level: 3))
        {
            var codeBlocks = child.Blocks.OfType<FencedCodeBlock>().ToList();
            var code = codeBlocks.Where(c => CodeLanguages.Contains(c.Info?.ToLowerInvariant())).ToList();
            if (code.Count == 0 && codeBlocks.Count > 0)
            {
                code.Add(codeBlocks[0]);
            }

            Require(file, child.Line, code.Count > 0, $"example '{child.Title}' has no code block.");
            var remarks = MarkdownText.Paragraphs(child.Blocks.Where(b => b is not FencedCodeBlock c || !code.Contains(c)));
            examples.Add(new ExampleHelp(child.Title, string.Join("\n\n", code.Select(MarkdownText.Code)), remarks));
        }

        return examples;
    }

    private static List<LinkHelp> ReadLinks(string? onlineVersion, MarkdownSection? section)
    {
        var links = new List<LinkHelp>();
        if (!string.IsNullOrWhiteSpace(onlineVersion))
        {
            links.Add(new LinkHelp("Online Version:", onlineVersion));
        }

        foreach (var paragraph in section?.Blocks.OfType<ParagraphBlock>() ?? [])
        {
            var inlineLinks = paragraph.Inline?.Descendants<LinkInline>().Where(l => !l.IsImage).ToList() ?? [];
            if (inlineLinks.Count == 0)
            {
                links.Add(new LinkHelp(MarkdownText.Inlines(paragraph.Inline), string.Empty));
                continue;
            }

            foreach (var link in inlineLinks)
            {
                var url = link.Url ?? string.Empty;
                // A link to a sibling .md file is another cmdlet: Get-Help resolves it by name.
                var isHelpFile = !url.Contains("://", StringComparison.Ordinal) && url.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
                links.Add(new LinkHelp(MarkdownText.Inlines(link), isHelpFile ? string.Empty : url));
            }
        }

        return links;
    }

    private static void RejectPlaceholders(string file, int line, CommandHelp help)
    {
        var texts = new[] { help.Synopsis }
            .Concat(help.Description)
            .Concat(help.Notes)
            .Concat(help.Examples.SelectMany(e => e.Remarks.Append(e.Code)))
            .Concat(help.Parameters.SelectMany(p => p.Description))
            .Concat(help.Inputs.Concat(help.Outputs).SelectMany(t => t.Description.Append(t.Name)));
        var placeholder = texts.FirstOrDefault(t => t.Contains("{{", StringComparison.Ordinal) && t.Contains("}}", StringComparison.Ordinal));
        Require(file, line, placeholder is null, $"platyPS placeholder text is still there: '{placeholder}'.");
    }

    private static Dictionary<string, string> ParseFlatYaml(string file, int line, IEnumerable<string> lines)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in lines.Select(l => l.TrimEnd('\r')))
        {
            if (string.IsNullOrWhiteSpace(raw) || raw.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            Require(file, line, colon > 0, $"'{raw}' is not a 'key: value' line.");
            map[raw[..colon].Trim()] = raw[(colon + 1)..].Trim();
        }

        return map;
    }

    private static bool Boolean(string file, int line, string key, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new HelpFormatException(file, line, $"'{key}: {value}' must be True or False.");

    private static void Require(string file, int line, bool condition, string message)
    {
        if (!condition)
        {
            throw new HelpFormatException(file, line, message);
        }
    }

    [GeneratedRegex(@"^(?<name>\S+?)(\s+\((?<default>Default)\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SetTitle();

    [GeneratedRegex(@"(?<=[\s\[])-(?<name>[A-Za-z][A-Za-z0-9_]*)")]
    private static partial Regex SyntaxParameter();
}
