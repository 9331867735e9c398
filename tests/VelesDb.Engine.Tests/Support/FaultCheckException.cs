namespace VelesDb.Engine.Tests.Support;

/// <summary>A durability or integrity check failed; the message says what was expected.</summary>
internal sealed class FaultCheckException(string message) : Exception(message);
