namespace VelesDb.Engine.IO;

/// <summary>
/// Recognises a full disk in an <see cref="IOException"/> from .NET's own file calls and adds
/// what to do about it, as <see cref="Native"/> does for the calls it makes itself: the bare
/// "No space left on device" does not say that freeing space is all it takes.
/// </summary>
internal static class DiskFull
{
    public const string Advice = "The disk is full: free space and try again.";

    private const int Enospc = 28;
    private const int ErrorHandleDiskFull = 39;
    private const int ErrorDiskFull = 112;

    /// <summary>Runs a file operation; a full disk comes out as an IOException that says so.</summary>
    public static void Advise(Action operation)
    {
        try
        {
            operation();
        }
        catch (IOException e) when (NeedsAdvice(e))
        {
            throw WithAdvice(e);
        }
    }

    /// <summary>As <see cref="Advise(Action)"/>, for an operation with a result.</summary>
    public static T Advise<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (IOException e) when (NeedsAdvice(e))
        {
            throw WithAdvice(e);
        }
    }

    /// <summary>The same failure, saying what to do about it.</summary>
    public static IOException WithAdvice(IOException e) => new($"{e.Message} {Advice}", e);

    /// <summary>True for a full disk whose message does not yet say what to do.</summary>
    public static bool NeedsAdvice(IOException e) =>
        !e.Message.Contains(Advice, StringComparison.Ordinal) && IsDiskFull(e);

    /// <summary>ENOSPC on Unix, where .NET puts the errno in the HResult; the two disk-full codes on Windows.</summary>
    private static bool IsDiskFull(IOException e) =>
        OperatingSystem.IsWindows()
            ? (e.HResult & 0xFFFF) is ErrorDiskFull or ErrorHandleDiskFull
            : e.HResult == Enospc;
}
