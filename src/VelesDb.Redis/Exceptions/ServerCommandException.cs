using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>The server answered a command of the store with an error VelesDb has no more specific meaning for.</summary>
public sealed class ServerCommandException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="command"/> refused with <paramref name="serverMessage"/>.</summary>
    public ServerCommandException(string locator, string command, string serverMessage, Exception? innerException = null)
        : base($"The server of the store '{locator}' refused {command}: {serverMessage}", innerException)
    {
        Locator = locator;
        Command = command;
        ServerMessage = serverMessage;
    }

    /// <summary>The store's canonical locator.</summary>
    public string Locator { get; }

    /// <summary>The command refused.</summary>
    public string Command { get; }

    /// <summary>The server's error text.</summary>
    public string ServerMessage { get; }
}
