namespace VelesDb.Engine;

/// <summary>A vector or an argument of a write is not acceptable (NaN, infinity, empty batch...).</summary>
public sealed class InvalidVectorException : VelesDbException
{
    /// <summary>Creates the exception; <paramref name="id"/> names the offending vector when there is one.</summary>
    public InvalidVectorException(string message, ulong? id = null)
        : base(message)
    {
        Id = id;
    }

    /// <summary>The id of the offending vector, when the problem is tied to one.</summary>
    public ulong? Id { get; }
}
