using System.Diagnostics;
using VelesDb.Engine.Format;
using VelesDb.Engine.Verification;

namespace VelesDb.Engine;

/// <summary>Verifying a whole store without stopping at the first damage, and repairing what it finds.</summary>
public sealed partial class MmapVectorStore
{
    /// <summary>
    /// Checks every live record (its slot's checksum, the id its slot holds, that the index gives its
    /// slot to it alone and within the data file, that its attributes parse), that the log decodes
    /// to its end and that the index file matches its checksums, and reports all the damage it finds. Runs beside readers and writers, over the
    /// records live when it starts (records written meanwhile may or may not be checked). Progress
    /// goes from 0 to 1 on the calling thread.
    /// </summary>
    public VerificationReport Check(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var scan = Scan(progress, cancellationToken);
        return new VerificationReport(scan.RecordsChecked, scan.Damage, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// As <see cref="Check"/>, then drops exactly the damaged records, each only while the index
    /// still gives it the damaged slot (a record overwritten since is healthy and stays), through a
    /// logged, durable delete: a crash leaves them either there or gone. A damaged log or index
    /// file is replaced first by a checkpoint of the index in memory, which holds every write they did.
    /// </summary>
    public VerificationReport Repair(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var scan = Scan(progress, cancellationToken);
            if (scan.Damage.Count == 0)
            {
                return new VerificationReport(scan.RecordsChecked, scan.Damage, Stopwatch.GetElapsedTime(started));
            }

            lock (_writeLock)
            {
                ThrowIfUnwritable();
                var generation = Current;
                if (generation.Number != scan.Generation)
                {
                    // A compaction ran in between; it refuses damaged slots, so what it moved is sound: look again.
                    continue;
                }

                // Before the deletes, which would otherwise be appended behind a damaged log record.
                var checkpointed = scan.FilesDamaged;
                if (checkpointed)
                {
                    Guard(Checkpoint);
                }

                var victims = scan.Slots
                    .Where(damaged => generation.Index.TryGetSlot(damaged.Key, out var slot) && slot == damaged.Slot)
                    .Select(damaged => damaged.Key)
                    .Distinct()
                    .ToArray();
                if (victims.Length > 0)
                {
                    _ = DeleteKeys(victims, Durability.Full);
                }

                return new VerificationReport(scan.RecordsChecked, scan.Damage, Stopwatch.GetElapsedTime(started), victims, checkpointed);
            }
        }
    }

    private StoreScan Scan(IProgress<double>? progress, CancellationToken cancellationToken)
    {
        FileHeader logHeader;
        long logLength;
        long indexWrites;
        lock (_writeLock)
        {
            ThrowIfDisposed();
            logHeader = _wal.Header;
            logLength = _wal.Length;
            indexWrites = IndexWrites;
        }

        progress?.Report(0.0);
        var (generation, region) = Pin();
        SlotScan slots;
        try
        {
            slots = SlotScan.Run(generation, ref region, _options.CheckSlotsPerRange, progress, cancellationToken);
        }
        finally
        {
            region.Release();
        }

        var damage = new List<StoreDamage>(slots.Damage);
        var logDamage = LogScan.Run(_fileSystem, _paths.Wal, logHeader, logLength, cancellationToken);
        if (logDamage is not null && !LogIsStill(logHeader))
        {
            // A checkpoint emptied the log while it was read: what was damaged is gone, and the index holds its writes.
            logDamage = null;
        }

        if (logDamage is not null)
        {
            damage.Add(logDamage);
        }

        var indexDamage = IndexFileScan.Run(_fileSystem, _paths.Index, generation.Number, cancellationToken);
        if (indexDamage is not null && !IndexIsStill(indexWrites))
        {
            // A checkpoint or compaction replaced the file while it was read: look at the new one.
            indexDamage = IndexFileScan.Run(_fileSystem, _paths.Index, Current.Number, cancellationToken);
        }

        if (indexDamage is not null)
        {
            damage.Add(indexDamage);
        }

        progress?.Report(1.0);
        return new StoreScan(generation.Number, slots.Checked, damage, slots.DamagedSlots, logDamage is not null || indexDamage is not null);
    }

    /// <summary>Index checkpoint files written so far: by checkpoints and by compactions.</summary>
    private long IndexWrites => _metrics.Checkpoints + _metrics.Compactions;

    private bool LogIsStill(FileHeader header)
    {
        lock (_writeLock)
        {
            return !_disposed && _wal.Header == header;
        }
    }

    private bool IndexIsStill(long indexWrites)
    {
        lock (_writeLock)
        {
            return !_disposed && IndexWrites == indexWrites;
        }
    }

    /// <summary>What one scan found, with what a repair needs to act on exactly that; <paramref name="FilesDamaged"/>: the log or the index file, which a checkpoint replaces.</summary>
    private sealed record StoreScan(long Generation, long RecordsChecked, IReadOnlyList<StoreDamage> Damage, IReadOnlyList<DamagedSlot> Slots, bool FilesDamaged);
}
