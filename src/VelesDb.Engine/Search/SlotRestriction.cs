namespace VelesDb.Engine.Search;

/// <summary>
/// Narrows a search to some of the live slots: clears, in the scan's own copy of the live-slot
/// bitmap (bit n = slot n, <paramref name="slots"/> of them), the bits of slots that are not
/// candidates. It runs on the same snapshot the scan then reads, so a candidate set and the
/// slots scanned always agree.
/// </summary>
internal delegate void SlotRestriction(ulong[] liveBits, long slots);
