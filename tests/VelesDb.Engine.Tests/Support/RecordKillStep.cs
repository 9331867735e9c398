using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Step <see cref="Index"/> of the records kill workload: what it does to <see cref="Keys"/> (all
/// different), at <see cref="Version"/>, from which every vector and attribute it writes derives.
/// </summary>
internal sealed record RecordKillStep(int Index, RecordKillKind Kind, int Version, RecordKey[] Keys);
