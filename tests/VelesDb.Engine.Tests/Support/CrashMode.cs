namespace VelesDb.Engine.Tests.Support;

/// <summary>What happens when the armed <see cref="KillPoint"/> is reached.</summary>
internal enum CrashMode
{
    /// <summary>
    /// An in-process kill: the files stay exactly as they are (a killed process leaves the page
    /// cache behind), a <see cref="SimulatedCrashException"/> unwinds the engine, and every file
    /// operation from then on does nothing, so no clean-up can touch the disk.
    /// </summary>
    Kill,

    /// <summary>
    /// A power cut: as <see cref="Kill"/>, and first the directory as the disk holds it (see
    /// <see cref="FaultFileSystem"/>) is written to <see cref="FaultFileSystem.PowerCutDirectory"/>.
    /// </summary>
    PowerCut,

    /// <summary>The process sends itself SIGKILL: a real kill at an exact code point (child processes only).</summary>
    SigKill,
}
