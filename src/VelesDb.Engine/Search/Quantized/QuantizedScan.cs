using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VelesDb.Engine.Format;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// The quantized exact search. Each live slot's score is bounded from its int8 record: the quantized
/// dot product is within N_q·E_x + E_q·N_x + E_q·E_x of the real one (see <see cref="QuantizedVector"/>),
/// widened by what float32 rounding can move the exact scan's own score (<see cref="QueryCodes.RoundingFactor"/>).
/// The k-th best lower bound L is then a score at least k slots reach, so a slot whose upper bound
/// is below L cannot be among the exact top-k. Every other slot is a candidate and is scored from
/// its f32 vector exactly as the f32 scan scores it (<see cref="VectorScan.Rank"/>): the answer is the
/// f32 scan's, ties by smaller id included, whatever the data. Slots written after the copy was last
/// caught up are candidates outright. The cost of a bound that is loose for some data (many near
/// equal scores) is more candidates, never a wrong answer.
/// </summary>
internal static class QuantizedScan
{
    private const long SlotsPerPartitionMinimum = 16_384;
    private const long ChunkMask = (1L << QuantizedRecords.ChunkShift) - 1;

    /// <summary>The answer, and how many slots were scored from their f32 vectors.</summary>
    public static (List<ScoredSlot> Hits, long Candidates) Run(Generation generation, MappedRegion region, QuantizedRecords records, ReadOnlySpan<float> query, int k, DistanceMetric metric, SlotRestriction? restriction, int threads)
    {
        var layout = generation.Data.Layout;
        var bits = generation.Index.SnapshotLiveSlots(out var liveSlots);
        var slots = Math.Min(liveSlots, (region.Length - SlotLayout.DataStart) / layout.SlotSize);
        restriction?.Invoke(bits, slots);
        var covered = Math.Min(records.Covered, slots);
        var plan = QueryCodes.For(query, metric, records.Centre);

        var partitions = (int)Math.Clamp(covered / SlotsPerPartitionMinimum, 1, threads);
        var perPartition = (covered + partitions - 1) / partitions;
        var partials = new Partial[partitions];
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var from = p * perPartition;
            partials[p] = ScanRange(records, bits, from, Math.Min(covered, from + perPartition), plan, k, metric);
        });

        var floor = KthLargest(partials.SelectMany(p => p.Lower.UnorderedItems.Select(item => item.Priority)), k);
        var candidates = new List<long>();
        foreach (var partial in partials)
        {
            foreach (var (slot, upper) in partial.Candidates)
            {
                if (upper >= floor)
                {
                    candidates.Add(slot);
                }
            }
        }

        // Written after the copy last caught up: no record yet, so scored from f32 outright.
        for (var slot = covered; slot < slots; slot++)
        {
            if ((bits[slot >> 6] & (1UL << (int)(slot & 63))) != 0)
            {
                candidates.Add(slot);
            }
        }

        return (VectorScan.Rank(generation, region, candidates, query, k, metric), candidates.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Partial ScanRange(QuantizedRecords records, ulong[] bits, long from, long to, QueryCodes plan, int k, DistanceMetric metric)
    {
        var result = new Partial();
        if (from >= to)
        {
            return result;
        }

        ref var queryCodes = ref MemoryMarshal.GetArrayDataReference(plan.Codes);
        var q = plan.Quantized;
        var gamma = plan.RoundingFactor;
        var recordSize = records.RecordSize;
        var codesLength = plan.Codes.Length;
        var floor = double.NegativeInfinity;
        for (var word = from >> 6; word <= (to - 1) >> 6; word++)
        {
            // A word's 64 slots lie in one chunk (a chunk is a multiple of 64 slots).
            var bitsLeft = bits[word];
            var chunk = bitsLeft == 0 ? null! : records.ChunkOf(word << 6);
            while (bitsLeft != 0)
            {
                var slot = (word << 6) + BitOperations.TrailingZeroCount(bitsLeft);
                bitsLeft &= bitsLeft - 1;
                if (slot < from || slot >= to)
                {
                    continue;
                }

                ref var head = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(chunk), (nint)((slot & ChunkMask) * recordSize));
                var scale = Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref head, 8));
                var codeNorm = (double)Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref head, 12));
                var errorNorm = (double)Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref head, 16));
                var dot = Int8Kernels.OffsetDot(ref queryCodes, ref Unsafe.As<byte, sbyte>(ref Unsafe.Add(ref head, QuantizedFile.RecordHeadSize)), codesLength)
                    - (Int8Kernels.QueryOffset * Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref head, 28)));

                // t, the real dot product of the (centred) query with x − μ, lies in [a − b, a + b].
                var a = (double)q.Scale * scale * dot;
                var b = (q.CodeNorm * errorNorm) + (q.ErrorNorm * codeNorm) + (q.ErrorNorm * errorNorm);
                b += 1e-9 * (Math.Abs(a) + b);
                double lower, upper;
                if (metric == DistanceMetric.Euclidean)
                {
                    // Higher is better throughout, so a distance ranks by its negated square.
                    var sum = plan.CentredSquaredNorm + Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref head, 24));
                    var slack = (2 * gamma * sum) + 1e-30;
                    var nearest = sum - (2 * (a + b));
                    if (nearest - slack > -floor)
                    {
                        continue;
                    }

                    lower = -(sum - (2 * (a - b)) + slack);
                    upper = -(Math.Max(0, nearest) - slack);
                }
                else
                {
                    var norm = (double)Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref head, 20));
                    if (metric == DistanceMetric.DotProduct)
                    {
                        var slack = (gamma * plan.Norm * norm) + 1e-30;
                        upper = a + b + plan.DotCentre + slack;
                        if (upper < floor)
                        {
                            continue;
                        }

                        lower = a - b + plan.DotCentre - slack;
                    }
                    else if (norm < 1e-15)
                    {
                        // Zero (cosine 0) or so small that float32 squares vanish: any cosine at all.
                        lower = -2;
                        upper = 2;
                    }
                    else
                    {
                        // Most slots fail the floor: tell that with a multiplication, before any division.
                        var divisor = plan.Norm * norm;
                        var slack = (6 * gamma) + 1e-12;
                        if (a + b + plan.DotCentre < (floor - slack) * divisor)
                        {
                            continue;
                        }

                        lower = ((a - b + plan.DotCentre) / divisor) - slack;
                        upper = ((a + b + plan.DotCentre) / divisor) + slack;
                    }
                }

                if (upper < floor)
                {
                    continue;
                }

                result.Candidates.Add((slot, upper));
                if (result.Lower.Count < k)
                {
                    result.Lower.Enqueue(lower, lower);
                }
                else if (lower > floor)
                {
                    _ = result.Lower.DequeueEnqueue(lower, lower);
                }

                if (result.Lower.Count == k)
                {
                    floor = result.Lower.Peek();
                }
            }
        }

        return result;
    }

    private static double KthLargest(IEnumerable<double> values, int k)
    {
        var all = values.ToList();
        if (all.Count < k)
        {
            return double.NegativeInfinity;
        }

        all.Sort();
        return all[^k];
    }

    /// <summary>One partition's k best lower bounds (a min-heap) and the slots whose upper bound reached its running floor.</summary>
    private sealed class Partial
    {
        public PriorityQueue<double, double> Lower { get; } = new();

        public List<(long Slot, double Upper)> Candidates { get; } = [];
    }
}
