namespace VelesDb.Benchmarks;

/// <summary>A store returned wrong data, or a probe failed: the run stops rather than report a number for it.</summary>
internal sealed class BenchmarkFailedException : Exception
{
    public BenchmarkFailedException()
    {
    }

    public BenchmarkFailedException(string message)
        : base(message)
    {
    }

    public BenchmarkFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
