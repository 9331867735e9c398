using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Locking;

public sealed class CrossProcessLockTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Another_process_holding_the_store_makes_open_fail_at_once_and_its_death_frees_it()
    {
        MmapVectorStore.Create(_dir.StorePath, 4).Dispose();
        using var holder = CrashWriterProcess.Start("hold", _dir.StorePath);
        Assert.True(holder.WaitForLine(line => line == "locked", TimeSpan.FromSeconds(60)), holder.StandardError);

        var e = Assert.Throws<StoreLockedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.NotNull(e.HolderProcessId);
        Assert.Contains($"process {e.HolderProcessId}", e.Message, StringComparison.Ordinal);

        _ = holder.KillAndCollect();
        using var store = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(4, store.Dimension);
    }

    [Fact]
    public void A_holder_whose_runtime_skips_file_locking_still_keeps_other_openers_out()
    {
        MmapVectorStore.Create(_dir.StorePath, 4).Dispose();
        using var holder = CrashWriterProcess.StartWithEnvironment(WithoutRuntimeFileLocking, "hold", _dir.StorePath);
        Assert.True(holder.WaitForLine(line => line == "locked", TimeSpan.FromSeconds(60)), holder.StandardError);

        var e = Assert.Throws<StoreLockedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.NotNull(e.HolderProcessId);

        _ = holder.KillAndCollect();
        using var store = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(4, store.Dimension);
    }

    [Fact]
    public void An_opener_whose_runtime_skips_file_locking_is_refused_while_the_store_is_open()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, 4))
        {
            using var opener = CrashWriterProcess.StartWithEnvironment(WithoutRuntimeFileLocking, "try-open", _dir.StorePath);
            Assert.True(
                opener.WaitForLine(line => line == "opened" || line.StartsWith("refused", StringComparison.Ordinal), TimeSpan.FromSeconds(60)),
                opener.StandardError);
            Assert.Equal($"refused {Environment.ProcessId}", opener.KillAndCollect()[^1]);
        }

        // Once the store is closed, the same opener gets in.
        using var after = CrashWriterProcess.StartWithEnvironment(WithoutRuntimeFileLocking, "try-open", _dir.StorePath);
        Assert.True(after.WaitForLine(line => line == "opened", TimeSpan.FromSeconds(60)), after.StandardError);
    }

    /// <summary>The switch that makes .NET skip the flock behind <see cref="FileShare.None"/> on Unix.</summary>
    private static Dictionary<string, string> WithoutRuntimeFileLocking => new() { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" };
}
