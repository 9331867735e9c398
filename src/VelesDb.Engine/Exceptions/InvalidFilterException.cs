namespace VelesDb.Engine;

/// <summary>A filter expression does not parse; <see cref="Position"/> is where it goes wrong.</summary>
public sealed class InvalidFilterException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="filter"/>, wrong at character <paramref name="position"/> (0-based).</summary>
    public InvalidFilterException(string filter, int position, string problem)
        : base($"The filter is not valid at character {position + 1}: {problem}{Environment.NewLine}  {filter}{Environment.NewLine}  {new string(' ', Math.Clamp(position, 0, filter.Length))}^")
    {
        Filter = filter;
        Position = position;
        Problem = problem;
    }

    /// <summary>The expression as given.</summary>
    public string Filter { get; }

    /// <summary>The 0-based character position where the expression stops making sense.</summary>
    public int Position { get; }

    /// <summary>What is wrong there, in words.</summary>
    public string Problem { get; }
}
