namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Tests that run alone: one counts the whole process's mappings and file descriptors, which any
/// test running beside it would change.
/// </summary>
[CollectionDefinition(nameof(WholeProcessGroup), DisableParallelization = true)]
public sealed class WholeProcessGroup;
