using System.Management.Automation;

namespace VelesDb.Benchmarks.Pipeline;

/// <summary>
/// The floor under pipeline ingest of records: <see cref="AddNoOpVectorCommand"/> with the
/// parameters Add-VelesVector has for records, so the binder does the same work per object. Id
/// takes either kind of key (an object, as a key of either kind binds), and -Attributes and
/// -ExcludeProperty are there. It counts what arrives and reads nothing else of the piped object:
/// what Add-VelesVector does beyond it (turning the object's other properties into attributes,
/// storing the record) is what the comparison measures.
/// </summary>
[Cmdlet(VerbsCommon.Add, "NoOpRecord", DefaultParameterSetName = StoreSet)]
[OutputType(typeof(long))]
public sealed class AddNoOpRecordCommand : PSCmdlet
{
    private const string StoreSet = "Store";
    private const string PathSet = "Path";

    private long _count;
    private long _components;

    [Parameter(Mandatory = true, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? Store { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("StorePath")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? Id { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Embedding")]
    [AllowEmptyCollection]
    public float[]? Vector { get; set; }

    [Parameter]
    public object? Attributes { get; set; }

    [Parameter]
    [ValidateNotNull]
    [SupportsWildcards]
    public string[]? ExcludeProperty { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; }

    protected override void ProcessRecord()
    {
        _count++;
        _components += Vector?.Length ?? 0;
    }

    /// <summary>Writes how many records arrived, so the benchmark can check they all did.</summary>
    protected override void EndProcessing() => WriteObject(_components == 0 ? 0 : _count);
}
