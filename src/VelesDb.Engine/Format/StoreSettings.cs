using System.Buffers.Binary;
using System.Text;
using VelesDb.Engine.Contract;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Format;

/// <summary>
/// The store's settings file, <c>vectors.settings</c>: which derived data the store keeps beside its
/// f32 vectors. A store without the file (every store made before it existed, and every store made
/// with the defaults) has the defaults: no quantized copy, no approximate index. Written to a temp
/// file, synced, renamed over the old one and the directory synced, as the index checkpoint is, so
/// a crash leaves the old settings or the new ones. All integers little-endian.
/// <code>
/// | offset | size | field                                                              |
/// |      0 |    8 | magic "VELESSET"                                                   |
/// |      8 |    4 | format version (1; rejected when newer)                            |
/// |     12 |    4 | quantization: 0 none, 1 int8 (a copy per generation, vectors.NNNNNN.q8) |
/// |     16 |    4 | approximate index: 0 none; other values are kept but not built here |
/// |     20 |    4 | index parameter M (0 = the index's default)                        |
/// |     24 |    4 | index parameter ef-construction (0 = the index's default)          |
/// |     28 |    4 | zero                                                               |
/// |     32 |    4 | CRC-32C of bytes 0..31                                             |
/// </code>
/// The settings say only what to build; derived data is never trusted over the f32 vectors, so no
/// setting can change what a search answers, only how fast.
/// </summary>
internal sealed record StoreSettings(StoreQuantization Quantization, int IndexKind = 0, int IndexM = 0, int IndexEfConstruction = 0)
{
    public const int Size = 36;
    public const string Magic = "VELESSET";
    public const int CurrentVersion = 1;
    private const int ChecksumOffset = 32;

    /// <summary>What a store without a settings file has.</summary>
    public static StoreSettings Default { get; } = new(StoreQuantization.None);

    public bool IsDefault => this == Default;

    public void WriteTo(Span<byte> destination)
    {
        destination[..Size].Clear();
        Encoding.ASCII.GetBytes(Magic, destination[..8]);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], CurrentVersion);
        BinaryPrimitives.WriteInt32LittleEndian(destination[12..], (int)Quantization);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], IndexKind);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], IndexM);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], IndexEfConstruction);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[ChecksumOffset..], Checksum.Compute(destination[..ChecksumOffset]));
    }

    /// <summary>Parses and checks the settings; any problem is a <see cref="StoreCorruptedException"/> naming the byte.</summary>
    public static StoreSettings Read(ReadOnlySpan<byte> source, string path)
    {
        if (source.Length < Size)
        {
            throw new StoreCorruptedException(path, source.Length, $"the settings file is {source.Length} bytes long, shorter than its {Size} bytes.");
        }

        if (Encoding.ASCII.GetString(source[..8]) != Magic)
        {
            throw new StoreCorruptedException(path, 0, $"expected the signature '{Magic}' but found bytes that are not a VelesDb settings file.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[ChecksumOffset..]) != Checksum.Compute(source[..ChecksumOffset]))
        {
            throw new StoreCorruptedException(path, ChecksumOffset, "the settings checksum does not match their contents; deleting the file returns the store to its default settings (no quantization) and loses no record.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        if (version > CurrentVersion || version < 1)
        {
            throw new StoreCorruptedException(path, 8, $"settings format version {version} is not one this VelesDb reads (version {CurrentVersion}); open the store with a newer VelesDb.");
        }

        var quantization = BinaryPrimitives.ReadInt32LittleEndian(source[12..]);
        if (!Enum.IsDefined((StoreQuantization)quantization))
        {
            throw new StoreCorruptedException(path, 12, $"quantization {quantization} is not one this VelesDb knows.");
        }

        return new StoreSettings(
            (StoreQuantization)quantization,
            BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[24..]));
    }

    /// <summary>The store's settings: the file's, or the defaults when there is none.</summary>
    public static StoreSettings Load(IStoreFileSystem fileSystem, string path)
    {
        if (!fileSystem.FileExists(path))
        {
            return Default;
        }

        using var file = fileSystem.Open(path, create: false);
        Span<byte> bytes = stackalloc byte[Size];
        var read = file.Read(bytes, 0);
        return Read(bytes[..read], path);
    }

    /// <summary>Replaces the settings file atomically (temp file, sync, rename, directory sync).</summary>
    public void Save(IStoreFileSystem fileSystem, string path)
    {
        var temp = StorePaths.TempOf(path);
        var bytes = new byte[Size];
        WriteTo(bytes);
        using (var file = fileSystem.Open(temp, create: true))
        {
            file.Write(bytes, 0);
            file.Sync();
        }

        fileSystem.Replace(temp, path);
        fileSystem.SyncDirectory(Path.GetDirectoryName(path)!);
    }
}
