namespace VelesDb.Engine;

/// <summary>The store's backend cannot do what was asked (compaction on a server, a text key on a store of integer keys, ...).</summary>
public sealed class CapabilityNotSupportedException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="capability"/> on a store of <paramref name="backend"/>.</summary>
    public CapabilityNotSupportedException(string backend, string locator, string capability, string? advice = null)
        : base($"The {backend} store '{locator}' does not support {capability}.{(advice is null ? string.Empty : " " + advice)}")
    {
        Backend = backend;
        Locator = locator;
        Capability = capability;
    }

    /// <summary>The backend that lacks it.</summary>
    public string Backend { get; }

    /// <summary>The store's locator.</summary>
    public string Locator { get; }

    /// <summary>What it lacks, in words.</summary>
    public string Capability { get; }
}
