using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace VelesDb.HelpCompiler;

/// <summary>
/// Turns Markdig blocks and inlines into the plain text that MAML paragraphs and about topics
/// hold: emphasis and code marks dropped, links as their text, soft breaks as spaces.
/// </summary>
internal static class MarkdownText
{
    /// <summary>The plain text of an inline container (a heading's or a paragraph's content).</summary>
    public static string Inlines(ContainerInline? container)
    {
        if (container is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        Append(text, container);
        return text.ToString().Trim();
    }

    /// <summary>
    /// The paragraphs of a run of blocks: one string per paragraph, list item, code block or
    /// table row, in document order.
    /// </summary>
    public static List<string> Paragraphs(IEnumerable<Block> blocks)
    {
        var paragraphs = new List<string>();
        foreach (var block in blocks)
        {
            AddParagraphs(paragraphs, block, prefix: string.Empty);
        }

        return paragraphs;
    }

    /// <summary>The raw text of a code block, without a trailing newline.</summary>
    public static string Code(LeafBlock block) => block.Lines.ToString().TrimEnd('\r', '\n');

    private static void AddParagraphs(List<string> paragraphs, Block block, string prefix)
    {
        switch (block)
        {
            case ParagraphBlock paragraph:
                paragraphs.Add(prefix + Inlines(paragraph.Inline));
                break;
            case HeadingBlock heading:
                paragraphs.Add(prefix + Inlines(heading.Inline));
                break;
            case CodeBlock code:
                paragraphs.Add(Code(code));
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = list.IsOrdered ? $"{number++}. " : "- ";
                    var first = true;
                    foreach (var child in item)
                    {
                        AddParagraphs(paragraphs, child, first ? marker : "  ");
                        first = false;
                    }
                }

                break;
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().Select(cell => string.Join(" ", Paragraphs(cell)));
                    paragraphs.Add(prefix + string.Join(" | ", cells));
                }

                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    AddParagraphs(paragraphs, child, prefix);
                }

                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    AddParagraphs(paragraphs, child, prefix);
                }

                break;
            default:
                // Thematic breaks, link reference definitions and raw HTML carry no help text.
                break;
        }
    }

    private static void Append(StringBuilder text, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? "\n" : " ");
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url);
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
            case HtmlInline:
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(text, child);
                }

                break;
            default:
                break;
        }
    }
}
