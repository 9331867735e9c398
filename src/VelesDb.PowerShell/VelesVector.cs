using System.Globalization;
using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>A record read from (or written to) a store: its key, its vector and its attributes.</summary>
public sealed class VelesVector
{
    internal VelesVector(RecordKey key, float[] vector, PSObject? attributes, string storePath)
    {
        Key = key;
        Id = key.ToObject();
        Vector = vector;
        Attributes = attributes;
        StorePath = storePath;
    }

    /// <summary>The record's key, as the user gave it: a <c>[ulong]</c> for an integer id, a <c>[string]</c> for a text key.</summary>
    public object Id { get; }

    /// <summary>Components of the vector.</summary>
    public int Dimension => Vector.Length;

    /// <summary>The components (a copy: changing it does not change the store).</summary>
    public float[] Vector { get; }

    /// <summary>
    /// The record's attributes as a PSCustomObject (empty when it has none), or null when they were
    /// not read (-ExcludeAttributes). Piped into Add-VelesVector, these are the attributes it stores.
    /// </summary>
    public PSObject? Attributes { get; }

    /// <summary>
    /// The full path of the store the vector belongs to. It binds to -Path of the next cmdlet,
    /// so piping a vector on (to Remove-VelesVector, Find-VelesVector, ...) needs no -Store.
    /// </summary>
    public string StorePath { get; }

    /// <summary>The key as the engine knows it.</summary>
    internal RecordKey Key { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} [{VectorPreview.Of(Vector, 4)}]");
}
