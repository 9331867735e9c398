using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace VelesDb.HelpCompiler;

/// <summary>
/// Converts an about topic (<c>about_Name.md</c>, platyPS's about schema) to the plain text that
/// Get-Help shows for <c>about_Name.help.txt</c>, laid out like PowerShell's own about topics:
/// <code>
/// # about_Name          ->  TOPIC / about_Name (indented)
/// ## SHORT DESCRIPTION  ->  heading in capitals at column 0
/// ### Sub-heading       ->  at column 2
/// paragraph             ->  wrapped at 80 columns, indented 4
/// - list item           ->  "    - " with a hanging indent
/// ```code```            ->  indented 8, never wrapped
/// </code>
/// Get-Help reads the first line under SHORT DESCRIPTION as the topic's synopsis.
/// </summary>
internal static class AboutTopicWriter
{
    private const int Width = 80;
    private const int Indent = 4;

    /// <summary>The about topic text for the markdown in <paramref name="path"/>.</summary>
    public static string Write(string path)
    {
        var file = path;
        var document = Markdown.Parse(File.ReadAllText(path), CommandMarkdownReader.Pipeline);
        var text = new StringBuilder();
        var sawShortDescription = false;

        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock { Level: 1 } heading:
                    text.Append("TOPIC\n").Append(Pad(Indent)).Append(MarkdownText.Inlines(heading.Inline)).Append("\n\n");
                    break;
                case HeadingBlock { Level: 2 } heading:
                    var title = MarkdownText.Inlines(heading.Inline).ToUpperInvariant();
                    sawShortDescription |= title == "SHORT DESCRIPTION";
                    text.Append(title).Append('\n');
                    break;
                case HeadingBlock heading:
                    text.Append(Pad(Indent / 2)).Append(MarkdownText.Inlines(heading.Inline)).Append("\n\n");
                    break;
                default:
                    AppendBlock(text, block, Indent);
                    break;
            }
        }

        if (!sawShortDescription)
        {
            throw new HelpFormatException(file, 0, "an about topic needs a '## SHORT DESCRIPTION' section; Get-Help takes its synopsis from there.");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    private static void AppendBlock(StringBuilder text, Block block, int indent)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                AppendWrapped(text, MarkdownText.Inlines(paragraph.Inline), Pad(indent), Pad(indent));
                text.Append('\n');
                break;
            case CodeBlock code:
                foreach (var line in MarkdownText.Code(code).Split('\n'))
                {
                    text.Append(line.Length == 0 ? string.Empty : Pad(indent + Indent) + line.TrimEnd('\r')).Append('\n');
                }

                text.Append('\n');
                break;
            case ListBlock list:
                AppendList(text, list, indent);
                text.Append('\n');
                break;
            case Table table:
                AppendTable(text, table, indent);
                text.Append('\n');
                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    AppendBlock(text, child, indent + Indent);
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AppendBlock(text, child, indent);
                }

                break;
            default:
                break;
        }
    }

    private static void AppendList(StringBuilder text, ListBlock list, int indent)
    {
        var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}. " : "- ";
            var hanging = Pad(indent + marker.Length);
            var first = true;
            foreach (var child in item)
            {
                if (child is ParagraphBlock paragraph)
                {
                    AppendWrapped(text, MarkdownText.Inlines(paragraph.Inline), first ? Pad(indent) + marker : hanging, hanging);
                }
                else if (child is ListBlock nested)
                {
                    AppendList(text, nested, indent + marker.Length);
                }
                else
                {
                    AppendBlock(text, child, indent + marker.Length);
                }

                first = false;
            }
        }
    }

    private static void AppendTable(StringBuilder text, Table table, int indent)
    {
        var rows = table.OfType<TableRow>()
            .Select(r => r.OfType<TableCell>().Select(c => string.Join(" ", MarkdownText.Paragraphs(c))).ToList())
            .ToList();
        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(i => rows.Max(r => i < r.Count ? r[i].Length : 0))
            .ToList();
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = Enumerable.Range(0, columns).Select(i => (i < rows[r].Count ? rows[r][i] : string.Empty).PadRight(widths[i]));
            text.Append(Pad(indent)).Append(string.Join("  ", cells).TrimEnd()).Append('\n');
            if (r == 0 && table.OfType<TableRow>().First().IsHeader)
            {
                text.Append(Pad(indent)).Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
            }
        }
    }

    private static void AppendWrapped(StringBuilder text, string content, string firstPrefix, string prefix)
    {
        foreach (var hardLine in content.Split('\n'))
        {
            var line = new StringBuilder(firstPrefix);
            var empty = true;
            foreach (var word in hardLine.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!empty && line.Length + 1 + word.Length > Width)
                {
                    text.Append(line).Append('\n');
                    line.Clear().Append(prefix);
                    empty = true;
                }

                line.Append(empty ? string.Empty : " ").Append(word);
                empty = false;
            }

            text.Append(line).Append('\n');
            firstPrefix = prefix;
        }
    }

    private static string Pad(int width) => new(' ', width);
}
