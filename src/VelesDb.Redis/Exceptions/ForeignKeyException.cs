using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>
/// A key the store needs holds a value VelesDb did not write (a string, a hash, a vector set
/// without the store's metadata, ...). Nothing was changed: VelesDb never overwrites such a key.
/// </summary>
public sealed class ForeignKeyException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="key"/>, which holds <paramref name="holds"/>.</summary>
    public ForeignKeyException(string locator, string key, string holds, string advice)
        : base($"The store '{locator}' cannot use the key '{key}': it holds {holds}, which VelesDb did not write, and nothing was changed. {advice}")
    {
        Locator = locator;
        Key = key;
        Holds = holds;
    }

    /// <summary>The store's canonical locator.</summary>
    public string Locator { get; }

    /// <summary>The server key in the way.</summary>
    public string Key { get; }

    /// <summary>What it holds, in words (the server's type name).</summary>
    public string Holds { get; }
}
