namespace VelesDb.Engine;

/// <summary>A record's attributes cannot be kept: not a JSON object, too large, too deep, or a property name given twice.</summary>
public sealed class InvalidAttributesException : VelesDbException
{
    /// <summary>Creates the exception.</summary>
    public InvalidAttributesException(string message)
        : base(message)
    {
    }
}
