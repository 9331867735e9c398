using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;
using VelesDb.Engine.Search;
using VelesDb.Engine.Search.Quantized;

namespace VelesDb.Engine;

/// <summary>
/// The store's settings (<see cref="StoreSettings"/>) and the derived data they ask for: with
/// <see cref="StoreQuantization.Int8"/>, an int8 copy of each generation's vectors that searches scan
/// first. Derived data is never trusted over the f32 vectors and never the reason a write, an open
/// or a search fails: a copy that is missing, behind or damaged is made again from them.
/// </summary>
public sealed partial class MmapVectorStore : IQuantizingStore
{
    private StoreSettings _settings = StoreSettings.Default;

    /// <summary>The settings kept in the store's folder, for a backup to keep them too.</summary>
    internal StoreSettings Settings => Volatile.Read(ref _settings);
    private long _quantizedSearches;
    private long _quantizedCandidates;

    /// <summary>
    /// Whether searches scan an int8 copy of the vectors first (<see cref="StoreQuantization.Int8"/>)
    /// or only the f32 vectors (<see cref="StoreQuantization.None"/>). A setting kept on disk; the
    /// answers are the same either way (see about_VelesDb, "Quantized search").
    /// </summary>
    public StoreQuantization Quantization => Volatile.Read(ref _settings).Quantization;

    /// <summary>
    /// Changes <see cref="Quantization"/> and keeps the change on disk. Turning Int8 on builds the
    /// copy of the current vectors before it returns (<paramref name="progress"/> goes from 0 to 1);
    /// turning it off deletes the copy. Writers may go on meanwhile; a crash at any point leaves the
    /// old setting or the new one, and the copy is made again when needed.
    /// </summary>
    public void SetQuantization(StoreQuantization quantization, IProgress<double>? progress = null)
    {
        if (!Enum.IsDefined(quantization))
        {
            throw new ArgumentOutOfRangeException(nameof(quantization), quantization, "Use None or Int8.");
        }

        lock (_writeLock)
        {
            ThrowIfUnwritable();
            if (quantization != Quantization)
            {
                var settings = Volatile.Read(ref _settings) with { Quantization = quantization };
                // Not a guarded step: the settings ask only for derived data, so either file is a sound store.
                settings.Save(_fileSystem, _paths.Settings);
                Volatile.Write(ref _settings, settings);
                var generation = Current;
                var previous = generation.SearchIndex;
                AttachDerived(generation);
                (previous as QuantizedScanIndex)?.Copy.Drop();
            }
        }

        BuildDerived(progress);
    }

    /// <summary>
    /// Brings the int8 copy up to date with every vector written so far, building it when it is
    /// missing and checking and repairing what its file holds; does nothing without Int8 quantization.
    /// Searches do this themselves when they find the copy behind; this does it ahead of them.
    /// </summary>
    public void BuildDerived(IProgress<double>? progress = null)
    {
        var (generation, region) = Pin();
        try
        {
            if (generation.SearchIndex is QuantizedScanIndex quantized)
            {
                _ = quantized.Copy.Current(generation, region, progress);
            }
        }
        finally
        {
            region.Release();
        }

        progress?.Report(1.0);
    }

    /// <summary>Bytes of the current generation's int8 copy on disk (0 without one).</summary>
    internal long QuantizedFileBytes => Quantization == StoreQuantization.None || _disposed ? 0 : _fileSystem.LengthOf(_paths.Quantized(Current.Number));

    /// <summary>Searches since open that the int8 copy narrowed.</summary>
    internal long QuantizedSearches => Interlocked.Read(ref _quantizedSearches);

    /// <summary>Records scored from their f32 vectors by the searches <see cref="QuantizedSearches"/> counts.</summary>
    internal long QuantizedCandidates => Interlocked.Read(ref _quantizedCandidates);

    private void CountSearch(bool quantized, long candidates)
    {
        if (quantized)
        {
            _ = Interlocked.Increment(ref _quantizedSearches);
            _ = Interlocked.Add(ref _quantizedCandidates, candidates);
        }
    }

    /// <summary>Takes the settings read at open or written at create, and hangs what they ask for off the generation.</summary>
    private void UseSettings(StoreSettings settings)
    {
        Volatile.Write(ref _settings, settings);
        AttachDerived(Current);
    }

    /// <summary>Gives <paramref name="generation"/> the search index the settings ask for; its copy loads or builds at the first search.</summary>
    private void AttachDerived(Generation generation) =>
        generation.SearchIndex = Quantization == StoreQuantization.Int8
            ? new QuantizedScanIndex(new QuantizedCopy(_fileSystem, _paths.Quantized(generation.Number), generation.Number, Dimension))
            : ExactScanIndex.Instance;

    /// <summary>After a compaction: the new generation gets its own copy (made at its first search), the old one's goes.</summary>
    private void ReplaceDerived(Generation old, Generation replacement)
    {
        AttachDerived(replacement);
        (old.SearchIndex as QuantizedScanIndex)?.Copy.Drop();
    }

    /// <summary>
    /// At open: deletes the derived files the settings do not ask for (copies of other generations,
    /// a copy when quantization is off) and a settings temp file a crash left. They are the store's
    /// by name, and made again from the f32 vectors if ever needed.
    /// </summary>
    private static void DeleteStaleDerived(IStoreFileSystem fs, StorePaths paths, StoreSettings settings, long generation)
    {
        foreach (var file in fs.List(paths.Directory, StorePaths.QuantizedFilePattern))
        {
            if (StorePaths.TryParseQuantizedGeneration(Path.GetFileName(file), out var issued)
                && (issued != generation || settings.Quantization != StoreQuantization.Int8))
            {
                TryDelete(fs, file);
            }
        }

        var temp = StorePaths.TempOf(paths.Settings);
        if (fs.FileExists(temp))
        {
            TryDelete(fs, temp);
        }
    }

    private static void TryDelete(IStoreFileSystem fs, string path)
    {
        try
        {
            fs.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Derived or temporary: the next open tries again, and nothing reads it meanwhile.
        }
    }
}
