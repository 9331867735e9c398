using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests;

public sealed class CrossProcessLockTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Another_process_holding_the_store_makes_open_fail_at_once_and_its_death_frees_it()
    {
        MmapVectorStore.Create(_dir.StorePath, 4).Dispose();
        using var holder = ChildProcess.Start("hold", _dir.StorePath);
        Assert.True(holder.WaitForLine(line => line == "locked", TimeSpan.FromSeconds(60)), holder.StandardError);

        var e = Assert.Throws<StoreLockedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.NotNull(e.HolderProcessId);
        Assert.Contains($"process {e.HolderProcessId}", e.Message, StringComparison.Ordinal);

        _ = holder.KillAndCollect();
        using var store = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(4, store.Dimension);
    }
}
