using VelesDb.Engine.Contract;
using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine;

/// <summary>
/// Many reads under one reference to the store's mapping, like a read transaction: a read through
/// it takes no reference of its own (<see cref="MmapVectorStore.TryGetView"/> takes and drops one
/// per read, two locked instructions), and every span it hands out stays valid until it is
/// disposed, even if the store grows, compacts or closes meanwhile.
/// It reads the generation of the data file that was current when it was opened, whose index
/// keeps following writes until a compaction replaces it; after that it reads the replaced file
/// as it was. A write made after it was opened may or may not be seen. One thread at a time;
/// dispose it, since it keeps every mapping it has used alive.
/// </summary>
public sealed class VectorReader : IDisposable
{
    private readonly MmapVectorStore _store;
    private readonly List<MappedRegion> _outgrown = [];
    private Generation _generation;
    private MappedRegion _region;
    private long _copies;
    private bool _disposed;

    internal VectorReader(MmapVectorStore store, Generation generation, MappedRegion region)
    {
        _store = store;
        _generation = generation;
        _region = region;
        Dimension = generation.Data.Layout.Dimension;
    }

    /// <summary>Components per vector.</summary>
    public int Dimension { get; }

    /// <summary>
    /// Zero-copy read: the vector's components straight from the mapped file, valid until this
    /// reader is disposed. Not checksum-verified, as <see cref="MmapVectorStore.TryGetView"/>.
    /// </summary>
    public bool TryGetVector(ulong id, out ReadOnlySpan<float> vector)
    {
        if (!TryGetSlot(id, out var bytes, out _))
        {
            vector = default;
            return false;
        }

        vector = _generation.Data.Layout.Vector(bytes);
        return true;
    }

    /// <summary>Copies vector <paramref name="id"/> into <paramref name="destination"/>, verifying its checksum. False when absent.</summary>
    public bool TryCopy(ulong id, Span<float> destination)
    {
        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the store's vectors have {Dimension}.", nameof(destination));
        }

        if (!TryGetSlot(id, out var bytes, out var offset))
        {
            return false;
        }

        _generation.Data.CopyVerified(bytes, offset, id, destination);
        _copies++;
        return true;
    }

    /// <summary>
    /// Copies the vector of the record with <paramref name="key"/>, verifying its checksum, and gives
    /// the record's metadata (null when it has none). False when absent.
    /// </summary>
    internal bool TryCopy(RecordKey key, Span<float> destination, out RecordMeta? meta)
    {
        if (!TryGetSlot(key, out var bytes, out var offset, out var slot))
        {
            meta = null;
            return false;
        }

        meta = _generation.Index.MetaAt(slot);
        var slotId = key.IsText ? RecordMeta.SlotIdOf(meta?.KeyUtf8 ?? []) : key.Number;
        _generation.Data.CopyVerified(bytes, offset, slotId, destination);
        _copies++;
        return true;
    }

    /// <summary>The metadata of the record with <paramref name="key"/> without reading its vector; false when absent.</summary>
    internal bool TryGetMeta(RecordKey key, out RecordMeta? meta)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_generation.Index.TryGetSlot(key, out var slot))
        {
            meta = null;
            return false;
        }

        meta = _generation.Index.MetaAt(slot);
        return true;
    }

    /// <summary>Lets go of the mappings; spans handed out must not be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _region.Release();
        foreach (var region in _outgrown)
        {
            region.Release();
        }

        _store.CountRetrieved(_copies);
    }

    private bool TryGetSlot(ulong id, out ReadOnlySpan<byte> bytes, out long offset) =>
        TryGetSlot(RecordKey.FromNumber(id), out bytes, out offset, out _);

    private bool TryGetSlot(RecordKey key, out ReadOnlySpan<byte> bytes, out long offset, out long slot)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (!_generation.Index.TryGetSlot(key, out slot))
            {
                bytes = default;
                offset = 0;
                return false;
            }

            var layout = _generation.Data.Layout;
            offset = layout.OffsetOf(slot);
            if (offset + layout.SlotSize <= _region.Length || TryTakeLargerRegion(offset + layout.SlotSize))
            {
                bytes = _region.Bytes(offset, layout.SlotSize);
                return true;
            }

            // The slot was written after this reader was opened, into space its generation grew
            // by, and a compaction has retired that generation since: read the current one.
            MoveTo(_store.Pin());
        }
    }

    /// <summary>The data file grew since the region was taken: take its current mapping too, or false when the file was retired.</summary>
    private bool TryTakeLargerRegion(long end)
    {
        if (_generation.Data.AcquireRegion() is not { } current)
        {
            return false;
        }

        if (current.Length < end)
        {
            // Slots are published only after the file has grown to hold them.
            current.Release();
            throw new InvalidOperationException($"Slot bytes up to {end} lie beyond the {current.Length}-byte mapping of {_generation.Data.Path}.");
        }

        MoveTo((_generation, current));
        return true;
    }

    /// <summary>Reads from here on go to <paramref name="pinned"/>; the regions used before stay referenced for the spans already handed out.</summary>
    private void MoveTo((Generation Generation, MappedRegion Region) pinned)
    {
        _outgrown.Add(_region);
        (_generation, _region) = pinned;
    }
}
