using System.Management.Automation;

namespace VelesDb.Benchmarks.Pipeline;

/// <summary>
/// Makes the objects the pipeline-ingest workload pipes: what Import-Csv or ConvertFrom-Json
/// would give after conversion, a PSCustomObject with Id (ulong) and Vector (float[]) note
/// properties. Vector i is the data set's vector i (same fixed seed), so stores can be checked.
/// </summary>
[Cmdlet(VerbsCommon.New, "BenchVectorObject")]
[OutputType(typeof(PSObject))]
public sealed class NewBenchVectorObjectCommand : PSCmdlet
{
    [Parameter(Mandatory = true)]
    public int Count { get; set; }

    [Parameter(Mandatory = true)]
    public int Dimension { get; set; }

    protected override void EndProcessing()
    {
        var data = new DataSet(new Shape(Count, Dimension));
        var objects = new PSObject[Count];
        for (var i = 0; i < Count; i++)
        {
            var item = new PSObject();
            item.Properties.Add(new PSNoteProperty("Id", (ulong)i));
            item.Properties.Add(new PSNoteProperty("Vector", data.Vector((ulong)i).ToArray()));
            objects[i] = item;
        }

        WriteObject(objects, enumerateCollection: false);
    }
}
