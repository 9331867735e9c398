using System.Runtime.InteropServices;
using LightningDB;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// Finds a liblmdb for LightningDB. The one bundled in the package needs glibc 2.38; on an older
/// Linux (Debian 12 has 2.36) it cannot load, and Debian's own <c>liblmdb0</c> package
/// (<c>apt-get install liblmdb0</c>, which installs <c>liblmdb.so.0</c>) is used instead.
/// </summary>
internal static class LmdbLibrary
{
    private const string SystemLibrary = "liblmdb.so.0";
    private static readonly Lock Gate = new();
    private static bool _installed;
    private static string? _loaded;
    private static string? _failure;

    /// <summary>Which library was loaded and its version, or null when none could be.</summary>
    public static string? Loaded
    {
        get
        {
            EnsureResolver();
            return _loaded;
        }
    }

    /// <summary>Why LMDB cannot run here, when it cannot.</summary>
    public static string? Failure
    {
        get
        {
            EnsureResolver();
            return _failure;
        }
    }

    private static void EnsureResolver()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }

            _installed = true;
            var assembly = typeof(LightningEnvironment).Assembly;
            string? bundledError = null;
            IntPtr handle;
            try
            {
                handle = NativeLibrary.Load("lmdb", assembly, null);
                _loaded = "liblmdb bundled with LightningDB";
            }
            catch (DllNotFoundException e)
            {
                bundledError = e.Message;
                if (!NativeLibrary.TryLoad(SystemLibrary, out handle))
                {
                    _failure = "neither LightningDB's bundled liblmdb.so (it needs glibc 2.38) nor the system's liblmdb.so.0 could be loaded; " +
                        "install Debian's liblmdb0 (apt-get install liblmdb0). Bundled library: " + FirstLine(bundledError);
                    return;
                }

                _loaded = "the system's liblmdb.so.0 (Debian liblmdb0; the bundled one needs glibc 2.38)";
            }

            var resolved = handle;
            NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name == "lmdb" ? resolved : IntPtr.Zero);
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
