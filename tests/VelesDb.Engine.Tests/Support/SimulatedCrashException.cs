namespace VelesDb.Engine.Tests.Support;

/// <summary>Thrown through the engine where an in-process kill or power cut lands; the test catches it.</summary>
internal sealed class SimulatedCrashException(string message) : Exception(message);
