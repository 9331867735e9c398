namespace VelesDb.Engine.Tests.Support;

/// <summary>One file operation of the engine, as <see cref="FaultFileSystem"/> sees it.</summary>
/// <param name="Index">Its position among all operations since the file system was made.</param>
/// <param name="Operation">Open, Create, Write, Allocate, SetLength, Sync, Delete, Replace or SyncDirectory.</param>
/// <param name="File">The file's name (for Replace the destination; for SyncDirectory ".").</param>
/// <param name="Occurrence">How many operations of this kind on this file came before it, plus one.</param>
/// <param name="CanTear">A write that spans pages, so a kill can land inside it.</param>
internal readonly record struct IoEvent(int Index, string Operation, string File, int Occurrence, bool CanTear = false)
{
    public override string ToString() => $"#{Index} {Operation}:{File}:{Occurrence}";
}
