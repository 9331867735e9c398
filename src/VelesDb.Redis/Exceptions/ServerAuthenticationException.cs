using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>The server refused the user and password given (or asked for one when none was given). The password is never part of the message.</summary>
public sealed class ServerAuthenticationException : VelesDbException
{
    /// <summary>Creates the exception for the store at <paramref name="locator"/>.</summary>
    public ServerAuthenticationException(string locator, string? user, Exception? innerException = null)
        : base($"The server of the store '{locator}' refused to authenticate {(string.IsNullOrEmpty(user) ? "the connection (no user given)" : $"the user '{user}'")}. Give the right credential (-Credential), or check the server's ACL.", innerException)
    {
        Locator = locator;
        User = user;
    }

    /// <summary>The store's canonical locator.</summary>
    public string Locator { get; }

    /// <summary>The user that was refused, when one was given.</summary>
    public string? User { get; }
}
