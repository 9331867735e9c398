using System.Globalization;
using System.Net;

namespace VelesDb.Redis;

/// <summary>
/// A parsed <c>redis://host:port/name</c> or <c>rediss://</c> (TLS) location: the server, the
/// vector-set key that holds the store, and any user and password given in the URI. The canonical
/// form leaves the user and password out, so it may be shown and logged.
/// </summary>
internal sealed record RedisLocation(bool Tls, string Host, int Port, string Name, NetworkCredential? Credential)
{
    public const int DefaultPort = 6379;

    public string Canonical =>
        $"{(Tls ? "rediss" : "redis")}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(Name)}";

    /// <summary>The host and port, for messages.</summary>
    public string Server => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static bool IsServerUri(string location) =>
        location.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a location of either scheme; throws <see cref="ArgumentException"/> (never quoting a password) when it names no store.</summary>
    public static RedisLocation Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!IsServerUri(location) || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{Redact(location)}' is not a server location; write redis://host:port/name or rediss://host:port/name.", nameof(location));
        }

        var name = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (name.Length == 0)
        {
            throw new ArgumentException($"The location '{Redact(location)}' names no store: add the store's key after the server, as in redis://{uri.Host}:{(uri.IsDefaultPort ? DefaultPort : uri.Port)}/vectors.", nameof(location));
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw new ArgumentException($"The location '{Redact(location)}' has a query or fragment; a store location is only redis://host:port/name.", nameof(location));
        }

        NetworkCredential? credential = null;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? string.Empty : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            credential = new NetworkCredential(user, password);
        }

        var tls = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        var port = uri.Port < 0 ? DefaultPort : uri.Port;
        var host = uri.IdnHost.Trim('[', ']').ToLowerInvariant();
        return new RedisLocation(tls, host, port, name, credential);
    }

    /// <summary>
    /// The location with any user information replaced, for messages: everything between the scheme
    /// (<c>redis://</c>, or <c>redis:</c> when only one slash follows) and the last <c>@</c>. Text that
    /// is no URI at all loses everything before its last <c>@</c>.
    /// </summary>
    public static string Redact(string location)
    {
        var at = location.LastIndexOf('@');
        if (at < 0)
        {
            return location;
        }

        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        var colon = location.IndexOf(':', StringComparison.Ordinal);
        var start = scheme >= 0 && scheme < at ? scheme + 3 : colon >= 0 && colon < at && location[colon + 1] == '/' ? colon + 1 : 0;
        return string.Concat(location.AsSpan(0, start), "***@", location.AsSpan(at + 1));
    }

    /// <inheritdoc/>
    public override string ToString() => Canonical;
}
