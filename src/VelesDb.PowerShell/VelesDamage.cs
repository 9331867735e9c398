using VelesDb.Engine.Verification;

namespace VelesDb.PowerShell;

/// <summary>One piece of damage Test-VelesStore found: the record, where its bytes are, and what is wrong.</summary>
public sealed class VelesDamage
{
    internal VelesDamage(string storePath, StoreDamage damage)
    {
        StorePath = storePath;
        Key = damage.Key?.ToObject();
        File = damage.FilePath;
        Offset = damage.Offset;
        Kind = damage.Kind;
        Problem = damage.Problem;
    }

    /// <summary>The damaged record's key (a number or a string); null for damage that is no single record's, such as the log's.</summary>
    public object? Key { get; }

    /// <summary>The full path of the file that holds the damaged bytes.</summary>
    public string File { get; }

    /// <summary>The byte offset in <see cref="File"/> where the damage is.</summary>
    public long Offset { get; }

    /// <summary>What kind of damage it is: SlotChecksum, SlotKey, SlotOutOfRange, SlotNamedTwice, Attributes, Log, Index or Other.</summary>
    public DamageKind Kind { get; }

    /// <summary>What is wrong, in words.</summary>
    public string Problem { get; }

    /// <summary>The store the damage is in.</summary>
    public string StorePath { get; }

    /// <inheritdoc/>
    public override string ToString() => Problem;
}
