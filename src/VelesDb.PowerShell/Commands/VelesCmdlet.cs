using System.Management.Automation;
using System.Net;
using System.Runtime.ExceptionServices;
using Microsoft.PowerShell.Commands;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Redis;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// What every VelesDb cmdlet shares: resolving what the user typed to a store locator, and
/// turning engine exceptions into error records with stable ids.
/// </summary>
public abstract class VelesCmdlet : PSCmdlet
{
    /// <summary>
    /// The canonical locator of a store as the user gave it: a URI (<c>scheme://...</c>) is handed to
    /// the provider of its scheme; anything else is a PowerShell path, resolved relative to the current
    /// PowerShell location (not the process's working directory), which must be on the file system.
    /// The store need not exist.
    /// </summary>
    protected StoreLocator ResolveLocator(string location)
    {
        if (location.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return StoreProviders.Locate(location).Locator;
            }
            catch (ArgumentException e)
            {
                // The target is what was typed, less any user and password in it.
                ThrowTerminatingError(new ErrorRecord(e, VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, RedisStoreProvider.Redact(location)));
                throw;
            }
        }

        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(location, out provider, out _);
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(e, VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, location));
            throw;
        }

        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The path '{location}' is on the {provider.Name} provider; a store lives in a file-system folder."),
                VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, location));
        }

        _ = StoreProviders.Embedded.TryLocate(resolved, out var locator);
        return locator;
    }

    /// <summary>
    /// The canonical locator of a server store given by -Uri, and the user and password the URI
    /// carries (null when it has none). A URI that names no server (a relative one, or one of a
    /// scheme no backend claims) is an error: a store in a folder is given by -Path.
    /// </summary>
    protected StoreLocator ResolveServerLocator(Uri uri, out NetworkCredential? credential)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.OriginalString;
        credential = null;
        if (!uri.IsAbsoluteUri || !text.Contains("://", StringComparison.Ordinal) || uri.IsFile)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"'{RedisStoreProvider.Redact(text)}' is not the location of a server store; write redis://host:port/name or rediss://host:port/name. A store in a folder is given by -Path."),
                VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, RedisStoreProvider.Redact(text)));
        }

        var locator = ResolveLocator(text);
        if (string.Equals(locator.Provider, RedisStoreProvider.ProviderName, StringComparison.OrdinalIgnoreCase))
        {
            credential = RedisStoreProvider.CredentialOf(text);
        }

        return locator;
    }

    /// <summary>
    /// The handle open for <paramref name="locator"/>, or the store opened now. With a
    /// <paramref name="durability"/>, a handle already open with another one is an error: the
    /// engine cannot change it while open. Errors stop the cmdlet, or with
    /// <paramref name="terminating"/> false are written and null is returned.
    /// </summary>
    protected VelesStore? GetOrOpenStore(StoreLocator locator, Durability? durability, bool terminating = true, NetworkCredential? credential = null)
    {
        if (TryGetOrOpenStore(locator, durability, out var error, credential) is { } store)
        {
            return store;
        }

        if (terminating)
        {
            ThrowTerminatingError(error!);
        }

        WriteError(error!);
        return null;
    }

    /// <summary>As <see cref="GetOrOpenStore"/>, handing back the error instead of reporting it.</summary>
    protected VelesStore? TryGetOrOpenStore(StoreLocator locator, Durability? durability, out ErrorRecord? error, NetworkCredential? credential = null)
    {
        error = null;
        try
        {
            var store = StoreRegistry.GetOrOpen(locator, durability, credential, out var opened);
            if (opened)
            {
                WriteVerbose($"Opened the store '{store.Path}' (dimension {store.Dimension}, {store.Count} vectors, durability {store.Durability}).");
                return store;
            }

            if (durability is not { } wanted || wanted == store.Durability)
            {
                WriteVerbose($"The store '{store.Path}' is already open in this process; using that handle.");
                return store;
            }

            error = new ErrorRecord(
                new InvalidOperationException($"The store '{store.Path}' is already open in this process with durability {store.Durability}, not {wanted}. Close it with Close-VelesStore and open it again to change that."),
                VelesErrors.DurabilityConflict, ErrorCategory.InvalidOperation, locator.Canonical);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            error = ToErrorRecord(e, locator.Canonical);
        }

        return null;
    }

    /// <summary>Writes a non-terminating error for a mapped exception; rethrows anything else.</summary>
    protected void WriteEngineError(Exception exception, object? target) => WriteError(ToErrorRecord(exception, target));

    /// <summary>Stops the cmdlet with the error record for a mapped exception; rethrows anything else.</summary>
    protected void ThrowEngineError(Exception exception, object? target) => ThrowTerminatingError(ToErrorRecord(exception, target));

    /// <summary>The error record for a mapped exception; anything else is rethrown as it is.</summary>
    protected static ErrorRecord ToErrorRecord(Exception exception, object? target)
    {
        var record = VelesErrors.FromException(exception, target);
        if (record is null)
        {
            // Not an error the module knows: a defect, which must surface as it is.
            ExceptionDispatchInfo.Capture(exception).Throw();
        }

        return record;
    }
}
