namespace VelesDb.Engine.Contract;

/// <summary>
/// A store whose quantization setting can change after creation (the embedded engine): with
/// <see cref="StoreQuantization.Int8"/> it keeps an int8 copy of its vectors that exact searches
/// scan first. Cmdlets test for it and answer VelesDb.NotSupported when a store lacks it.
/// </summary>
public interface IQuantizingStore
{
    /// <summary>The store's setting, as kept on disk.</summary>
    StoreQuantization Quantization { get; }

    /// <summary>Changes the setting, building the copy now (Int8, <paramref name="progress"/> from 0 to 1) or deleting it (None).</summary>
    void SetQuantization(StoreQuantization quantization, IProgress<double>? progress = null);
}
