using Markdig.Syntax;

namespace VelesDb.HelpCompiler;

/// <summary>
/// A heading and the blocks under it up to the next heading of the same or a higher level:
/// the unit platyPS's schema is written in (<c>## PARAMETERS</c>, then <c>### -Name</c> under it).
/// </summary>
internal sealed class MarkdownSection
{
    private readonly List<Block> _blocks = [];

    private MarkdownSection(string title, int line)
    {
        Title = title;
        Line = line;
    }

    /// <summary>The heading's plain text.</summary>
    public string Title { get; }

    /// <summary>The heading's zero-based line in the file.</summary>
    public int Line { get; }

    /// <summary>Every block under the heading, sub-headings included.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    /// <summary>Splits the section's blocks at headings of <paramref name="level"/>.</summary>
    public List<MarkdownSection> Children(int level) => Split(Blocks, level);

    /// <summary>Splits <paramref name="blocks"/> at headings of <paramref name="level"/>; blocks before the first are dropped.</summary>
    public static List<MarkdownSection> Split(IEnumerable<Block> blocks, int level)
    {
        var sections = new List<MarkdownSection>();
        MarkdownSection? current = null;
        foreach (var block in blocks)
        {
            if (block is HeadingBlock heading && heading.Level <= level)
            {
                current = heading.Level == level
                    ? new MarkdownSection(MarkdownText.Inlines(heading.Inline), heading.Line)
                    : null;
                if (current is not null)
                {
                    sections.Add(current);
                }

                continue;
            }

            if (current is not null)
            {
                current._blocks.Add(block);
            }
        }

        return sections;
    }
}
