using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Backup;

/// <summary>
/// A backup taken while a writer acknowledges one atomic unit after another must hold exactly the
/// store as of some acknowledged prefix of those units: one no earlier than the units acknowledged
/// before the backup began, none later than those begun when its snapshot was taken (a unit whose
/// commit has returned but which the writer has not counted yet is acknowledged by the store).
/// </summary>
public sealed class BackupConsistencyTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Writes_acknowledged_while_the_slots_are_copied_are_not_in_the_backup_and_were_not_held_up(bool compactMeanwhile)
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, BackupWorkload.Dim, new VectorStoreOptions { Durability = Durability.Process });
        using var writer = new UnitWriter(store);
        writer.WaitFor(20);
        var atSnapshot = -1;
        store.AfterBackupSnapshot = () =>
        {
            // The write lock is free again: the writer acknowledges three more units while the backup waits here.
            atSnapshot = writer.Begun;
            writer.WaitFor(atSnapshot + 3);
            if (compactMeanwhile)
            {
                // The snapshot's mapping stays readable when a compaction retires its file.
                _ = store.Compact();
            }
        };

        var before = writer.Acknowledged;
        var destination = _dir.Next("backup");
        var result = store.Backup(destination);
        writer.Stop();

        var (units, mismatch) = BackupWorkload.MatchPrefix(StoreContent.Read(destination), before, atSnapshot);
        Assert.True(units is not null, $"the backup matches no acknowledged prefix from {before} to {atSnapshot}: {mismatch}");
        Assert.Equal(BackupWorkload.After(units!.Value).Count, result.Records);
        Assert.True(writer.Acknowledged >= atSnapshot + 3);
    }

    [Fact]
    public void Backups_taken_one_after_another_under_a_running_writer_each_match_an_acknowledged_prefix()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, BackupWorkload.Dim, new VectorStoreOptions { Durability = Durability.Process });
        using var writer = new UnitWriter(store);
        for (var round = 0; round < 6; round++)
        {
            writer.WaitFor((round * 10) + 5);
            var before = writer.Acknowledged;
            var destination = _dir.Next("backup");
            _ = store.Backup(destination);
            var after = writer.Begun;

            var (units, mismatch) = BackupWorkload.MatchPrefix(StoreContent.Read(destination), before, after);
            Assert.True(units is not null, $"round {round}: the backup matches no acknowledged prefix from {before} to {after}: {mismatch}");
            TempStoreDirectory.Remove(destination);
        }

        writer.Stop();
    }

    /// <summary>A thread applying <see cref="BackupWorkload"/> units to a store, one commit each, counting what it has acknowledged.</summary>
    private sealed class UnitWriter : IDisposable
    {
        private readonly object _gate = new();
        private readonly Thread _thread;
        private volatile bool _stop;
        private int _acknowledged;
        private int _begun;
        private Exception? _failure;

        public UnitWriter(IVectorStore store)
        {
            _thread = new Thread(() => Run(store)) { IsBackground = true, Name = "backup test writer" };
            _thread.Start();
        }

        /// <summary>Units whose commit has returned.</summary>
        public int Acknowledged => Volatile.Read(ref _acknowledged);

        /// <summary>Units begun: the acknowledged ones and the one in flight, whose commit may have returned already.</summary>
        public int Begun => Volatile.Read(ref _begun);

        /// <summary>Blocks until <paramref name="units"/> units are acknowledged (not a sleep: the writer wakes it).</summary>
        public void WaitFor(int units)
        {
            lock (_gate)
            {
                while (_acknowledged < units && _failure is null)
                {
                    Assert.True(Monitor.Wait(_gate, HangGuard), $"the writer did not get to {units} units (at {_acknowledged}): it is blocked");
                }
            }

            Assert.Null(_failure);
        }

        public void Stop()
        {
            _stop = true;
            _thread.Join();
            Assert.Null(_failure);
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Run(IVectorStore store)
        {
            try
            {
                var model = new StoreContent();
                for (var unit = 0; !_stop; unit++)
                {
                    Volatile.Write(ref _begun, unit + 1);
                    BackupWorkload.Apply(unit, model, store);
                    lock (_gate)
                    {
                        _acknowledged = unit + 1;
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure = e;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }
}
