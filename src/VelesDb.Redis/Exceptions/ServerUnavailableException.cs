using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>The server of a store cannot be reached, or stopped answering; what was not acknowledged did not happen as far as the caller can know.</summary>
public sealed class ServerUnavailableException : VelesDbException
{
    /// <summary>Creates the exception for the store at <paramref name="locator"/> on <paramref name="server"/>.</summary>
    public ServerUnavailableException(string locator, string server, string detail, Exception? innerException = null)
        : base($"The server {server} of the store '{locator}' cannot be reached: {detail} Check that it is running and listening there, then try again.", innerException)
    {
        Locator = locator;
        Server = server;
    }

    /// <summary>The store's canonical locator.</summary>
    public string Locator { get; }

    /// <summary>The server's host and port.</summary>
    public string Server { get; }
}
