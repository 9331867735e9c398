namespace VelesDb.Benchmarks.Report;

/// <summary>
/// A section of the report kept between two marker comments, so that a run of its workloads alone
/// replaces just that section and leaves the rest of the report as its own run wrote it.
/// </summary>
internal static class MarkedSection
{
    /// <summary>
    /// <paramref name="existing"/> with the section between <paramref name="begin"/> and
    /// <paramref name="end"/> replaced by <paramref name="section"/> (which carries both markers),
    /// or with the section added at the end, before "## Reproduce" where there is one.
    /// </summary>
    public static string Splice(string existing, string section, string begin, string end)
    {
        var from = existing.IndexOf(begin, StringComparison.Ordinal);
        var to = existing.IndexOf(end, StringComparison.Ordinal);
        if (from >= 0 && to > from)
        {
            return string.Concat(existing.AsSpan(0, from), section.TrimEnd('\n'), existing.AsSpan(to + end.Length));
        }

        var reproduce = existing.IndexOf("\n## Reproduce", StringComparison.Ordinal);
        return reproduce < 0
            ? existing.TrimEnd('\n') + "\n\n" + section
            : string.Concat(existing.AsSpan(0, reproduce + 1), section, "\n", existing.AsSpan(reproduce + 1));
    }
}
