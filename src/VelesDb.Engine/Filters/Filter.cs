using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Filters;

// PLACEHOLDER until the filter language lands; replaced on merge.
#pragma warning disable CS1591, CA1822
public sealed class Filter
{
    private Filter(string text) => Text = text;

    public string Text { get; }

    public static Filter Parse(string text) => throw new InvalidFilterException(text, 0, "filters are not available yet");

    public bool Matches(RecordAttributes? attributes) => false;
}
