using System.Numerics;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Backup;

/// <summary>
/// What a backup copies: a generation as of one moment, taken under the store's write lock. The
/// live-slot bitmap is a copy, so later writes and deletes do not show in it; the mapping is
/// referenced, so neither growth nor a compaction nor close unmaps it meanwhile. Copying from it
/// needs no lock: slots below the high-water mark are written once and never rewritten, and a
/// slot's metadata is set before it goes live and never changed while its generation lives.
/// </summary>
internal sealed class BackupSnapshot(Generation generation, MappedRegion region, ulong[] liveBits, long slots) : IDisposable
{
    public Generation Generation { get; } = generation;

    /// <summary>The pinned mapping; it covers every slot below <see cref="Slots"/>.</summary>
    public MappedRegion Region { get; } = region;

    /// <summary>Bit n set: slot n held a live record at the snapshot's moment.</summary>
    public ulong[] LiveBits { get; } = liveBits;

    /// <summary>Slots handed out at the snapshot's moment.</summary>
    public long Slots { get; } = slots;

    /// <summary>Records live at the snapshot's moment.</summary>
    public long Count { get; } = liveBits.Sum(word => (long)BitOperations.PopCount(word));

    public bool IsLive(long slot) => (LiveBits[slot >> 6] & (1UL << (int)(slot & 63))) != 0;

    public void Dispose() => Region.Release();
}
