namespace VelesDb.Engine;

/// <summary>A vector's length differs from the store's dimension.</summary>
public sealed class DimensionMismatchException : VelesDbException
{
    /// <summary>Creates the exception for a vector of <paramref name="actual"/> components.</summary>
    public DimensionMismatchException(int expected, long actual)
        : base($"The vector has {actual} components but the store holds vectors of dimension {expected}.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception for record <paramref name="key"/>, with what to do about it.</summary>
    public DimensionMismatchException(int expected, long actual, string key)
        : base($"Vector {key} has {actual} components but the store holds vectors of dimension {expected}. Give it {expected} numbers, or use a store of dimension {actual}.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The store's dimension.</summary>
    public int Expected { get; }

    /// <summary>The number of components that was given.</summary>
    public long Actual { get; }
}
