namespace VelesDb.Engine.Tests.Support;

/// <summary>Where, relative to one file operation, a kill or power cut lands.</summary>
internal enum FaultPosition
{
    /// <summary>The operation never starts.</summary>
    Before,

    /// <summary>A write has put the first half of its bytes in place (a torn write).</summary>
    Inside,

    /// <summary>The operation has completed.</summary>
    After,
}
