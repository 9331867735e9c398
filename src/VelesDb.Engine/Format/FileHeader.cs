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
    public const int CurrentVersion = 1;
    public const string DataMagic = "VELESDAT";
    public const string WalMagic = "VELESWAL";
    public const string IndexMagic = "VELESIDX";

    public void WriteTo(Span<byte> destination)
    {
        Encoding.ASCII.GetBytes(Magic, destination[..8]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], CurrentVersion);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], Dimension);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], Generation);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], Sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[32..], Checksum.Compute(destination[..32]));
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

        var version = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(source[32..]);
        if (storedCrc != Checksum.Compute(source[..32]))
        {
            throw new StoreCorruptedException(path, 32, "the header checksum does not match its contents.");
        }

        if (version > CurrentVersion)
        {
            throw new StoreCorruptedException(path, 8, $"format version {version} is newer than this VelesDb reads (version {CurrentVersion}); open it with a newer VelesDb.");
        }

        if (version < 1)
        {
            throw new StoreCorruptedException(path, 8, $"format version {version} is not a valid version.");
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(source[12..]);
        if (dimension < 1 || dimension > MmapVectorStore.MaxDimension)
        {
            throw new StoreCorruptedException(path, 12, $"dimension {dimension} is outside 1..{MmapVectorStore.MaxDimension}.");
        }

        var generation = BinaryPrimitives.ReadInt64LittleEndian(source[16..]);
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(source[24..]);
        if (generation < 1 || sequence < 0)
        {
            throw new StoreCorruptedException(path, 16, $"generation {generation} or sequence {sequence} is out of range.");
        }

        return new FileHeader(magic, dimension, generation, sequence);
    }
}
