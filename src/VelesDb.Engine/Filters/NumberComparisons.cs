using System.Runtime.Intrinsics;

namespace VelesDb.Engine.Filters;

/// <summary>A comparison of doubles, scalar and four at a time, with IEEE NaN rules (as C's).</summary>
internal interface INumberComparison
{
    static abstract bool Test(double value, double constant);

    static abstract Vector256<double> Test(Vector256<double> values, Vector256<double> constant);
}

/// <summary>The comparisons a column pass runs; one struct each, so the JIT compiles a loop per comparison.</summary>
internal static class NumberComparisons
{
    public readonly struct Greater : INumberComparison
    {
        public static bool Test(double value, double constant) => value > constant;

        public static Vector256<double> Test(Vector256<double> values, Vector256<double> constant) => Vector256.GreaterThan(values, constant);
    }

    public readonly struct GreaterOrEqual : INumberComparison
    {
        public static bool Test(double value, double constant) => value >= constant;

        public static Vector256<double> Test(Vector256<double> values, Vector256<double> constant) => Vector256.GreaterThanOrEqual(values, constant);
    }

    public readonly struct Less : INumberComparison
    {
        public static bool Test(double value, double constant) => value < constant;

        public static Vector256<double> Test(Vector256<double> values, Vector256<double> constant) => Vector256.LessThan(values, constant);
    }

    public readonly struct LessOrEqual : INumberComparison
    {
        public static bool Test(double value, double constant) => value <= constant;

        public static Vector256<double> Test(Vector256<double> values, Vector256<double> constant) => Vector256.LessThanOrEqual(values, constant);
    }

    public readonly struct Equal : INumberComparison
    {
        public static bool Test(double value, double constant) => value == constant;

        public static Vector256<double> Test(Vector256<double> values, Vector256<double> constant) => Vector256.Equals(values, constant);
    }
}
