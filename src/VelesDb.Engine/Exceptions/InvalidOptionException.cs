namespace VelesDb.Engine;

/// <summary>A <see cref="VectorStoreOptions"/> setting is outside what the store can work with.</summary>
public sealed class InvalidOptionException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="option"/> set to <paramref name="value"/>; <paramref name="accepted"/> says what it takes.</summary>
    public InvalidOptionException(string option, object value, string accepted)
        : base($"{option} cannot be {value}: {accepted}")
    {
        Option = option;
    }

    /// <summary>The name of the offending option.</summary>
    public string Option { get; }
}
