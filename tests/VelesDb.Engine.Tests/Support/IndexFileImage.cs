using System.Buffers.Binary;
using VelesDb.Engine.Index;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The table of a store's index checkpoint as (key, slot) pairs by position, for tests that forge
/// a table the engine would never write and seal it again so only the structural checks judge it.
/// </summary>
internal sealed class IndexFileImage
{
    private const int TableStart = 72;
    private const int EntrySize = 12;
    private readonly byte[] _bytes;

    private IndexFileImage(string path, byte[] bytes)
    {
        Path = path;
        _bytes = bytes;
    }

    public string Path { get; }

    public int Capacity => BinaryPrimitives.ReadInt32LittleEndian(_bytes.AsSpan(52));

    public static IndexFileImage Load(string path) => new(path, File.ReadAllBytes(path));

    public ulong KeyAt(int position) => BinaryPrimitives.ReadUInt64LittleEndian(Entry(position));

    public uint SlotAt(int position) => BinaryPrimitives.ReadUInt32LittleEndian(Entry(position)[8..]);

    public void Set(int position, ulong key, uint slot)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Entry(position), key);
        BinaryPrimitives.WriteUInt32LittleEndian(Entry(position)[8..], slot);
    }

    /// <summary>Every live (key, slot) pair, in position order.</summary>
    public List<(ulong Key, uint Slot)> LiveEntries() =>
        [.. Enumerable.Range(0, Capacity).Where(p => SlotAt(p) < SlotTable.Deleted).Select(p => (KeyAt(p), SlotAt(p)))];

    public void Save()
    {
        Forge.SealIndex(_bytes);
        File.WriteAllBytes(Path, _bytes);
    }

    private Span<byte> Entry(int position) => _bytes.AsSpan(TableStart + (position * EntrySize), EntrySize);
}
