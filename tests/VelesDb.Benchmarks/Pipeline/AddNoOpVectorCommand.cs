using System.Management.Automation;

namespace VelesDb.Benchmarks.Pipeline;

/// <summary>
/// The floor under pipeline ingest: a binary cmdlet with Add-VelesVector's parameter shape that
/// only counts what it is given. The shape includes both parameter sets (-Store, from the
/// pipeline or by name; -Path, by property name too), because PowerShell's binder does more work
/// per object for each parameter set a cmdlet has. Id and Vector bind by property name; -PassThru
/// and -BatchSize are there too. Piping the same objects into it and into Add-VelesVector
/// separates PowerShell's binding cost from VelesDb's.
/// </summary>
[Cmdlet(VerbsCommon.Add, "NoOpVector", DefaultParameterSetName = StoreSet)]
[OutputType(typeof(long))]
public sealed class AddNoOpVectorCommand : PSCmdlet
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
    public ulong Id { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Embedding")]
    [AllowEmptyCollection]
    public float[]? Vector { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 1000;

    protected override void ProcessRecord()
    {
        _count++;
        _components += Vector?.Length ?? 0;
    }

    /// <summary>Writes how many vectors arrived, so the benchmark can check they all did.</summary>
    protected override void EndProcessing() => WriteObject(_components == 0 ? 0 : _count);
}
