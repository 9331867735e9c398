using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Verification;

/// <summary>
/// One piece of damage a verification found: the record it hits (null for damage to a file that
/// names no single record, such as the log), where it is, and what is wrong.
/// </summary>
/// <param name="Key">The damaged record's key; null when the damage is not one record's.</param>
/// <param name="FilePath">The full path of the file that holds the damaged bytes.</param>
/// <param name="Offset">The byte offset in <paramref name="FilePath"/> where the damage is.</param>
/// <param name="Kind">What kind of damage it is.</param>
/// <param name="Problem">What is wrong, in words, for messages.</param>
public sealed record StoreDamage(RecordKey? Key, string FilePath, long Offset, DamageKind Kind, string Problem);
