using System.Management.Automation;

namespace VelesDb.Benchmarks.Pipeline;

/// <summary>
/// The floor under pipeline ingest: a binary cmdlet with Add-VelesVector's parameter shape
/// (-Store from the pipeline or by name, Id and Vector bound by property name, -PassThru,
/// -BatchSize) that only counts what it is given. Piping the same objects into it and into
/// Add-VelesVector separates PowerShell's binding cost from VelesDb's.
/// </summary>
[Cmdlet(VerbsCommon.Add, "NoOpVector")]
[OutputType(typeof(long))]
public sealed class AddNoOpVectorCommand : PSCmdlet
{
    private long _count;
    private long _components;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object? Store { get; set; }

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
