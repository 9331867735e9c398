using System.Buffers.Binary;
using System.Text;

namespace VelesDb.Engine.Format;

/// <summary>
/// The header every store file starts with. All integers little-endian.
/// <code>
/// | offset | size | field                                                         |
/// |      0 |    8 | magic: "VELESDAT", "VELESWAL" or "VELESIDX"                   |
/// |      8 |    4 | format version (rejected when newer than <see cref="CurrentVersion"/>) |
/// |     12 |    4 | vector dimension                                              |
/// |     16 |    8 | generation: which data file this belongs to (bumped by compaction) |
/// |     24 |    8 | sequence: WAL = last sequence before its first record;       |
/// |        |      |           index = last WAL sequence it includes; data = 0     |
/// |     32 |    4 | CRC-32C of bytes 0..31                                        |
/// </code>
/// </summary>
internal readonly record struct FileHeader(string Magic, int Dimension, long Generation, long Sequence)
{
    public const int Size = 36;
    public const int VersionOffset = 8;
    public const int DimensionOffset = 12;
    public const int GenerationOffset = 16;
    public const int SequenceOffset = 24;
    public const int ChecksumOffset = 32;
    /// <summary>
    /// Version 2 added record metadata (text keys, attributes) to the log and the index; a store of
    /// version 1 is read as it is and upgraded by the checkpoint its first open writes.
    /// </summary>
    public const int CurrentVersion = 2;
    public const string DataMagic = "VELESDAT";
    public const string WalMagic = "VELESWAL";
    public const string IndexMagic = "VELESIDX";

    /// <summary>The format version the file was written in; <see cref="CurrentVersion"/> for a header about to be written.</summary>
    public int Version { get; init; } = CurrentVersion;

    public void WriteTo(Span<byte> destination)
    {
        Encoding.ASCII.GetBytes(Magic, destination[..8]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[VersionOffset..], CurrentVersion);
        BinaryPrimitives.WriteInt32LittleEndian(destination[DimensionOffset..], Dimension);
        BinaryPrimitives.WriteInt64LittleEndian(destination[GenerationOffset..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(destination[SequenceOffset..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChecksumOffset..], Checksum.Compute(destination[..ChecksumOffset]));
    }

    /// <summary>Parses and checks a header; any problem is a <see cref="StoreCorruptedException"/> naming the byte.</summary>
    public static FileHeader Read(ReadOnlySpan<byte> source, string expectedMagic, string path)
    {
        var magic = Encoding.ASCII.GetString(source[..Math.Min(8, source.Length)]);
        if (source.Length >= 8 && magic != expectedMagic)
        {
            throw new StoreCorruptedException(path, 0, $"expected the signature '{expectedMagic}' but found bytes that are not a VelesDb file of this kind.");
        }

        if (source.Length < Size)
        {
            throw new StoreCorruptedException(path, source.Length, $"the file is {source.Length} bytes long, shorter than its {Size}-byte header.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(source[VersionOffset..]);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(source[ChecksumOffset..]);
        if (storedCrc != Checksum.Compute(source[..ChecksumOffset]))
        {
            throw new StoreCorruptedException(path, ChecksumOffset, "the header checksum does not match its contents.");
        }

        if (version > CurrentVersion)
        {
            throw new StoreCorruptedException(path, VersionOffset, $"format version {version} is newer than this VelesDb reads (version {CurrentVersion}); open it with a newer VelesDb.");
        }

        if (version < 1)
        {
            throw new StoreCorruptedException(path, VersionOffset, $"format version {version} is not a valid version.");
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(source[DimensionOffset..]);
        if (dimension < 1 || dimension > MmapVectorStore.MaxDimension)
        {
            throw new StoreCorruptedException(path, DimensionOffset, $"dimension {dimension} is outside 1..{MmapVectorStore.MaxDimension}.");
        }

        var generation = BinaryPrimitives.ReadInt64LittleEndian(source[GenerationOffset..]);
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(source[SequenceOffset..]);
        if (generation < 1 || sequence < 0)
        {
            throw new StoreCorruptedException(path, GenerationOffset, $"generation {generation} or sequence {sequence} is out of range.");
        }

        return new FileHeader(magic, dimension, generation, sequence) { Version = version };
    }
}
