using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Redis;

namespace VelesDb.PowerShell;

/// <summary>
/// The module's error ids, and the mapping of engine exceptions to error records. Ids are
/// stable: scripts match on them (<c>$_.FullyQualifiedErrorId -like 'VelesDb.StoreLocked,*'</c>).
/// </summary>
public static class VelesErrors
{
    public const string DimensionMismatch = "VelesDb.DimensionMismatch";
    public const string StoreLocked = "VelesDb.StoreLocked";
    public const string StoreReadOnly = "VelesDb.StoreReadOnly";
    public const string StoreFull = "VelesDb.StoreFull";
    public const string BatchTooLarge = "VelesDb.BatchTooLarge";
    public const string StoreNotFound = "VelesDb.StoreNotFound";
    public const string StoreExists = "VelesDb.StoreExists";
    public const string InvalidVector = "VelesDb.InvalidVector";
    public const string InvalidId = "VelesDb.InvalidId";
    public const string VectorNotFound = "VelesDb.VectorNotFound";
    public const string StoreCorrupted = "VelesDb.StoreCorrupted";
    public const string StoreFailed = "VelesDb.StoreFailed";
    public const string StoreClosed = "VelesDb.StoreClosed";
    public const string StoreNotOpen = "VelesDb.StoreNotOpen";
    public const string DurabilityConflict = "VelesDb.DurabilityConflict";
    public const string InvalidPath = "VelesDb.InvalidPath";
    public const string InvalidArgument = "VelesDb.InvalidArgument";
    public const string IOError = "VelesDb.IOError";
    public const string AccessDenied = "VelesDb.AccessDenied";
    public const string NotSupported = "VelesDb.NotSupported";
    public const string ForeignFiles = "VelesDb.ForeignFiles";
    public const string CloseFailed = "VelesDb.CloseFailed";
    public const string InvalidAttributes = "VelesDb.InvalidAttributes";
    public const string InvalidFilter = "VelesDb.InvalidFilter";
    public const string ServerUnavailable = "VelesDb.ServerUnavailable";
    public const string AuthenticationFailed = "VelesDb.AuthenticationFailed";
    public const string ForeignKey = "VelesDb.ForeignKey";
    public const string WriteNotAcknowledged = "VelesDb.WriteNotAcknowledged";
    public const string ServerError = "VelesDb.ServerError";
    public const string MalformedRow = "VelesDb.MalformedRow";
    public const string MalformedFile = "VelesDb.MalformedFile";
    public const string NotRepresentable = "VelesDb.NotRepresentable";
    public const string UnknownFormat = "VelesDb.UnknownFormat";

    /// <summary>An error record for an exception the engine raised on purpose (or an I/O failure), or null for anything else.</summary>
    internal static ErrorRecord? FromException(Exception exception, object? target) => exception switch
    {
        ServerUnavailableException e => new(exception, ServerUnavailable, ErrorCategory.ConnectionError, target ?? e.Locator),
        ServerAuthenticationException e => new(exception, AuthenticationFailed, ErrorCategory.AuthenticationError, target ?? e.Locator),
        ForeignKeyException e => new(exception, ForeignKey, ErrorCategory.ResourceExists, target ?? e.Locator),
        WriteNotAcknowledgedException e => new(exception, WriteNotAcknowledged, ErrorCategory.WriteError, target ?? e.Locator),
        ServerCommandException e => new(exception, ServerError, ErrorCategory.InvalidResult, target ?? e.Locator),
        CapabilityNotSupportedException e => new(exception, NotSupported, ErrorCategory.NotImplemented, target ?? e.Locator),
        DimensionMismatchException => new(exception, DimensionMismatch, ErrorCategory.InvalidData, target),
        InvalidVectorException => new(exception, InvalidVector, ErrorCategory.InvalidData, target),
        InvalidAttributesException => new(exception, InvalidAttributes, ErrorCategory.InvalidData, target),
        InvalidFilterException e => new(exception, InvalidFilter, ErrorCategory.InvalidArgument, target ?? e.Filter),
        StoreLockedException e => new(exception, StoreLocked, ErrorCategory.ResourceBusy, target ?? e.LockFilePath),
        StoreReadOnlyException e => new(exception, StoreReadOnly, ErrorCategory.PermissionDenied, target ?? e.Directory),
        StoreFullException e => new(exception, StoreFull, ErrorCategory.LimitsExceeded, target ?? e.Directory),
        BatchTooLargeException => new(exception, BatchTooLarge, ErrorCategory.LimitsExceeded, target),
        InvalidOptionException => new(exception, InvalidArgument, ErrorCategory.InvalidArgument, target),
        StoreNotFoundException e => new(exception, StoreNotFound, ErrorCategory.ObjectNotFound, target ?? e.Directory),
        StoreExistsException e => new(exception, StoreExists, ErrorCategory.ResourceExists, target ?? e.Path),
        StoreCorruptedException e => new(exception, StoreCorrupted, ErrorCategory.InvalidData, target ?? e.FilePath),
        StoreFailedException e => new(exception, StoreFailed, ErrorCategory.WriteError, target ?? e.Directory),
        ForeignFilesException e => new(exception, ForeignFiles, ErrorCategory.ResourceExists, target ?? e.Directory),
        StoreCloseFailedException e => new(exception, CloseFailed, ErrorCategory.WriteError, target ?? e.Directory),
        ObjectDisposedException => new(
            new InvalidOperationException("The store is closed. Open it again with Open-VelesStore, or pass -Path to open it.", exception),
            StoreClosed, ErrorCategory.ResourceUnavailable, target),
        UnauthorizedAccessException => new(exception, AccessDenied, ErrorCategory.PermissionDenied, target),
        IOException => new(exception, IOError, ErrorCategory.WriteError, target),
        ArgumentException => new(exception, InvalidArgument, ErrorCategory.InvalidArgument, target),
        _ => null,
    };

    /// <summary>True for the exceptions <see cref="FromException"/> maps.</summary>
    internal static bool IsMapped(Exception exception) =>
        exception is VelesDbException or ObjectDisposedException or IOException or UnauthorizedAccessException or ArgumentException;

    internal static ErrorRecord VectorMissing(RecordKey key, string storePath) => new(
        new ItemNotFoundException($"Vector {Named(key)} is not in the store '{storePath}'."),
        VectorNotFound, ErrorCategory.ObjectNotFound, key.ToObject());

    internal static ErrorRecord BadVector(RecordKey key, string problem, object? target) => new(
        new InvalidVectorException($"Vector {Named(key)} cannot be used: {problem}", key.IsText ? null : key.Number),
        InvalidVector, ErrorCategory.InvalidData, target);

    /// <summary>The error for one record whose attributes cannot be kept; the rest of the pipeline goes on.</summary>
    internal static ErrorRecord BadAttributes(RecordKey key, InvalidAttributesException exception, object? target) => new(
        new InvalidAttributesException($"The attributes of vector {Named(key)} cannot be stored: {exception.Message}"),
        InvalidAttributes, ErrorCategory.InvalidData, target);

    /// <summary>A key as messages show it: an integer as it is, text in quotes.</summary>
    internal static string Named(RecordKey key) => key.IsText ? $"'{key.Text}'" : key.ToString();

    internal static ErrorRecord WrongDimension(ulong id, int expected, int actual, object? target) => new(
        new DimensionMismatchException(expected, actual),
        DimensionMismatch, ErrorCategory.InvalidData, target)
    {
        ErrorDetails = new ErrorDetails(
            $"Vector {id} has {actual} components but the store holds vectors of dimension {expected}. Give it {expected} numbers, or use a store of dimension {actual}."),
    };
}
