namespace VelesDb.Engine;

/// <summary>What a write has survived when the call that made it returns.</summary>
public enum Durability
{
    /// <summary>The change is on stable storage: it survives a power loss. The default.</summary>
    Full = 0,

    /// <summary>
    /// The change is in the operating system's page cache: it survives a killed process but not a
    /// power loss. MmapVectorStore.Flush makes everything before it survive power loss.
    /// </summary>
    Process = 1,
}
