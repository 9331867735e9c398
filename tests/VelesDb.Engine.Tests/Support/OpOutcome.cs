namespace VelesDb.Engine.Tests.Support;

/// <summary>What became of one step of a workload.</summary>
internal enum OpOutcome
{
    /// <summary>Started; the process died (or the power went) before it returned.</summary>
    InFlight,

    /// <summary>Returned: it must be there after any crash (Process durability: after a kill; after a power cut only once flushed).</summary>
    Acknowledged,

    /// <summary>Threw an I/O error: not acknowledged, so it may be there or not, but never half.</summary>
    Failed,

    /// <summary>Refused by a failed store before it did anything: it must not be there.</summary>
    Refused,
}
