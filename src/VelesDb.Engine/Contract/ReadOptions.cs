namespace VelesDb.Engine.Contract;

/// <summary>What a read returns of each record, and (for a full read) which records.</summary>
public sealed record ReadOptions
{
    /// <summary>Vectors and attributes of every record.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>False leaves each record's vector out (an empty array), for callers that need only keys and attributes.</summary>
    public bool Vectors { get; init; } = true;

    /// <summary>False leaves attributes out (null), which saves reading them.</summary>
    public bool Attributes { get; init; } = true;

    /// <summary>
    /// For <see cref="IVectorStore.ReadAll(ReadOptions)"/>: only records whose attributes match this
    /// filter expression (the filter language of about_VelesDb); null means every record.
    /// </summary>
    public string? Filter { get; init; }
}
