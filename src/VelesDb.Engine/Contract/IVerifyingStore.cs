namespace VelesDb.Engine.Contract;

/// <summary>A store that can check every record against its checksum.</summary>
public interface IVerifyingStore
{
    /// <summary>Reads every record and checks it; returns how many were verified, or throws <see cref="StoreCorruptedException"/> at the first damage.</summary>
    long Verify();
}
