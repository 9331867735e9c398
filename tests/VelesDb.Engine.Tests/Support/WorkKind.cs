namespace VelesDb.Engine.Tests.Support;

/// <summary>What one step of a fault-test workload does.</summary>
internal enum WorkKind
{
    /// <summary>
    /// StoreBatch of <see cref="WorkOp.Ids"/> at <see cref="WorkOp.Version"/>; with the call's
    /// durability lowered to Process when <see cref="WorkOp.Unsynced"/>.
    /// </summary>
    Put,

    /// <summary>DeleteBatch of <see cref="WorkOp.Ids"/>, with the call's durability lowered to Process when <see cref="WorkOp.Unsynced"/>.</summary>
    Delete,

    /// <summary>Compact.</summary>
    Compact,

    /// <summary>ReserveCapacity(<see cref="WorkOp.Amount"/>): growth without a write.</summary>
    Reserve,

    /// <summary>Flush: in Process durability, everything before it must survive a power cut.</summary>
    Flush,
}
