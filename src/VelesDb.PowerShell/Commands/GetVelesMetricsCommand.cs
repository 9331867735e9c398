using System.Management.Automation;

namespace VelesDb.PowerShell.Commands;

/// <summary>Returns one object with a store's counts, sizes, fragmentation and latency percentiles.</summary>
[Cmdlet(VerbsCommon.Get, "VelesMetrics", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Get-VelesMetrics.md")]
[OutputType(typeof(VelesMetrics))]
public sealed class GetVelesMetricsCommand : VelesStoreCmdlet
{
    /// <summary>The store to measure.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        try
        {
            WriteObject(VelesMetrics.Present(RequireOpen(store).GetMetrics()));
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            WriteEngineError(e, store);
        }
    }
}
