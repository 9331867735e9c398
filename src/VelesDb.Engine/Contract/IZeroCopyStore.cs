namespace VelesDb.Engine.Contract;

/// <summary>A store whose vectors can be read in place, without a copy.</summary>
public interface IZeroCopyStore
{
    /// <summary>A reader for many zero-copy or copying reads under one pin of the store's files.</summary>
    VectorReader OpenReader();
}
