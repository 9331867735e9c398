using System.Globalization;

namespace VelesDb.PowerShell;

/// <summary>A vector read from (or written to) a store.</summary>
public sealed class VelesVector
{
    internal VelesVector(ulong id, float[] vector, string storePath)
    {
        Id = id;
        Vector = vector;
        StorePath = storePath;
    }

    /// <summary>The vector's id.</summary>
    public ulong Id { get; }

    /// <summary>Components of the vector.</summary>
    public int Dimension => Vector.Length;

    /// <summary>The components (a copy: changing it does not change the store).</summary>
    public float[] Vector { get; }

    /// <summary>
    /// The full path of the store the vector belongs to. It binds to -Path of the next cmdlet,
    /// so piping a vector on (to Remove-VelesVector, Find-VelesVector, ...) needs no -Store.
    /// </summary>
    public string StorePath { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Id} [{VectorPreview.Of(Vector, 4)}]");
}
