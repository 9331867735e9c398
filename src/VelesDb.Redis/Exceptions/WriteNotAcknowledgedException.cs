using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.Redis;

/// <summary>
/// A batch of writes was sent but the server did not acknowledge all of it (the connection dropped,
/// the server refused a command). <see cref="Keys"/> are the records whose writes are not known to
/// have happened: retry them. <see cref="AcknowledgedKeys"/> were acknowledged and are stored.
/// </summary>
public sealed class WriteNotAcknowledgedException : VelesDbException
{
    private const int KeysNamed = 20;

    /// <summary>Creates the exception for the store at <paramref name="locator"/>.</summary>
    public WriteNotAcknowledgedException(string locator, IReadOnlyList<RecordKey> keys, IReadOnlyList<RecordKey> acknowledgedKeys, Exception? innerException)
        : base($"The server of the store '{locator}' did not acknowledge the writes of {keys.Count:N0} record(s): {Describe(keys)} ({innerException?.Message ?? "no reply"}). " +
               $"{acknowledgedKeys.Count:N0} other write(s) of the batch were acknowledged and are stored. Write the unacknowledged records again once the server answers.", innerException)
    {
        Locator = locator;
        Keys = keys;
        AcknowledgedKeys = acknowledgedKeys;
    }

    /// <summary>The store's canonical locator.</summary>
    public string Locator { get; }

    /// <summary>The records whose writes were not acknowledged, in the order they were queued.</summary>
    public IReadOnlyList<RecordKey> Keys { get; }

    /// <summary>The records of the same batch whose writes were acknowledged.</summary>
    public IReadOnlyList<RecordKey> AcknowledgedKeys { get; }

    private static string Describe(IReadOnlyList<RecordKey> keys) =>
        string.Join(", ", keys.Take(KeysNamed).Select(k => k.IsText ? $"'{k}'" : k.ToString())) + (keys.Count > KeysNamed ? $" and {keys.Count - KeysNamed:N0} more" : string.Empty);
}
