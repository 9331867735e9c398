using System.Diagnostics;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>
/// A store on a file system mounted read-only cannot take its lock file for writing. That is
/// not a lock held by another process (whose id the lock file may still name, long dead): the
/// error must say the store cannot be written there. Needs a mountable tmpfs (root); skipped elsewhere.
/// </summary>
public sealed class ReadOnlyFileSystemTests
{
    private const int Dim = 4;

    [TmpfsFact]
    public void Opening_a_store_on_a_read_only_file_system_says_read_only_rather_than_locked()
    {
        using var disk = Tmpfs.Mount(64L * 1024 * 1024);
        var path = Path.Combine(disk.Path, "store");
        using (var store = MmapVectorStore.Create(path, Dim))
        {
            store.Store(1, Vectors.For(1, Dim));
        }

        Remount(disk, "ro");

        var e = Assert.Throws<StoreReadOnlyException>(() => MmapVectorStore.Open(path));
        Assert.Contains("read-only", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Directory);
        Assert.DoesNotContain("held by", e.Message, StringComparison.Ordinal);

        // Nothing was held: once the file system is writable again, the store opens as it was.
        Remount(disk, "rw");
        using var reopened = MmapVectorStore.Open(path);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
    }

    [TmpfsFact]
    public void Creating_a_store_in_a_directory_on_a_read_only_file_system_says_read_only()
    {
        using var disk = Tmpfs.Mount(64L * 1024 * 1024);
        var path = Path.Combine(disk.Path, "store");
        _ = Directory.CreateDirectory(path);
        Remount(disk, "ro");

        var e = Assert.Throws<StoreReadOnlyException>(() => MmapVectorStore.Create(path, Dim));
        Assert.Contains("read-only", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Directory);
    }

    private static void Remount(Tmpfs disk, string mode)
    {
        var info = new ProcessStartInfo("mount") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-o", $"remount,{mode}", disk.Path })
        {
            info.ArgumentList.Add(argument);
        }

        using var mount = Process.Start(info)!;
        var error = mount.StandardError.ReadToEnd();
        mount.WaitForExit();
        Assert.True(mount.ExitCode == 0, $"mount -o remount,{mode} failed: {error}");
    }
}
