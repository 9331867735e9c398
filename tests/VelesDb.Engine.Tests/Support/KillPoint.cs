using System.Globalization;
using System.IO.Enumeration;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// A code point to kill at, as named in the VELESDB_KILL_AT environment variable:
/// <c>position:Operation:file:n</c> (e.g. <c>after:Sync:vectors.wal:3</c>, the file may be a
/// pattern such as <c>vectors.*.dat</c>) or <c>position:#index</c> (the index-th file operation).
/// </summary>
internal sealed record KillPoint(FaultPosition Position, int? EventIndex, string? Operation, string? File, int Occurrence)
{
    public const string EnvironmentVariable = "VELESDB_KILL_AT";

    public static KillPoint At(IoEvent e, FaultPosition position) => new(position, e.Index, null, null, 0);

    /// <summary>Every point of a trace: before and after each operation, and inside each write that can tear.</summary>
    public static IEnumerable<KillPoint> Along(IEnumerable<IoEvent> trace)
    {
        foreach (var e in trace)
        {
            yield return At(e, FaultPosition.Before);
            if (e.CanTear)
            {
                yield return At(e, FaultPosition.Inside);
            }

            yield return At(e, FaultPosition.After);
        }
    }

    public static KillPoint Named(FaultPosition position, string operation, string file, int occurrence) => new(position, null, operation, file, occurrence);

    public static KillPoint Parse(string text)
    {
        var parts = text.Split(':');
        var position = Enum.Parse<FaultPosition>(parts[0], ignoreCase: true);
        if (parts.Length == 2 && parts[1].StartsWith('#'))
        {
            return new KillPoint(position, int.Parse(parts[1].AsSpan(1), CultureInfo.InvariantCulture), null, null, 0);
        }

        if (parts.Length != 4)
        {
            throw new FormatException($"'{text}' is not 'position:Operation:file:n' or 'position:#index'.");
        }

        return Named(position, parts[1], parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    public bool Matches(IoEvent e, FaultPosition position) =>
        position == Position && (EventIndex is { } index
            ? e.Index == index
            : string.Equals(e.Operation, Operation, StringComparison.OrdinalIgnoreCase)
              && FileSystemName.MatchesSimpleExpression(File, e.File)
              && e.Occurrence == Occurrence);

    public override string ToString() =>
        EventIndex is { } index
            ? string.Create(CultureInfo.InvariantCulture, $"{Position.ToString().ToLowerInvariant()}:#{index}")
            : string.Create(CultureInfo.InvariantCulture, $"{Position.ToString().ToLowerInvariant()}:{Operation}:{File}:{Occurrence}");
}
