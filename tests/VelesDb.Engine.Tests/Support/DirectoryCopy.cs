using System.Runtime.InteropServices;

namespace VelesDb.Engine.Tests.Support;

/// <summary>Copies of a store's files as a crash left them.</summary>
internal static partial class DirectoryCopy
{
    /// <summary>
    /// Hard-links every file of <paramref name="source"/> but the lock into a new directory: the
    /// files as they are now, without copying the data, for a crashed store whose "process" can no
    /// longer write (its handles may still be open here, and its lock still held).
    /// </summary>
    public static string LinkAsAfterKill(string source, string target)
    {
        _ = Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (Path.GetFileName(file) == StorePaths.LockFileName)
            {
                continue;
            }

            var destination = Path.Combine(target, Path.GetFileName(file));
            // link(2) is libc's; on Windows, or where linking fails (another file system), copy.
            if (OperatingSystem.IsWindows() || Link(file, destination) != 0)
            {
                File.Copy(file, destination);
            }
        }

        return target;
    }

    /// <summary>
    /// Copies every file of <paramref name="source"/> but the lock, as a kill right now would leave
    /// them (the page cache survives a process kill), into a new directory; holes stay holes. For a
    /// store that goes on writing afterwards.
    /// </summary>
    public static string CopyAsAfterKill(string source, string target)
    {
        _ = Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (Path.GetFileName(file) == StorePaths.LockFileName)
            {
                continue;
            }

            SparseImage image;
            try
            {
                image = SparseImage.Read(file);
            }
            catch (FileNotFoundException)
            {
                // A replaced data file the store is deleting in the background: a kill now may leave it or not.
                continue;
            }

            image.WriteTo(Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
