using System.Collections;
using System.Management.Automation;
using VelesDb.Redis;

namespace VelesDb.PowerShell;

/// <summary>
/// Binds a -Uri parameter (<see cref="Uri"/> or <c>Uri[]</c>) from text, as PowerShell's own
/// conversion would, except that text which is no URI is refused with a message that shows it with
/// its user information replaced: PowerShell's conversion error quotes the text whole, and a store
/// location may carry a password (<c>redis://user:password@host:port/name</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class ServerUriTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case null or Uri or Uri[]:
                return value;
            case string text:
                return Convert(text);
            case IList list:
                var uris = new Uri[list.Count];
                for (var i = 0; i < uris.Length; i++)
                {
                    var item = list[i] is PSObject p ? p.BaseObject : list[i];
                    uris[i] = item as Uri ?? Convert(item?.ToString() ?? string.Empty);
                }

                return uris;
            default:
                return inputData;
        }
    }

    private static Uri Convert(string text)
    {
        try
        {
            return new Uri(text, UriKind.RelativeOrAbsolute);
        }
        catch (UriFormatException e)
        {
            throw new ArgumentTransformationMetadataException(
                $"'{RedisStoreProvider.Redact(text)}' is not a valid URI ({e.Message}) Write a server store's location as redis://host:port/name or rediss://host:port/name.", e);
        }
    }
}
