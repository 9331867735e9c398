namespace VelesDb.Engine;

/// <summary>The base of every error the engine raises on purpose.</summary>
public abstract class VelesDbException : Exception
{
    /// <summary>Creates the exception with a message that says what happened and what to do.</summary>
    protected VelesDbException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
