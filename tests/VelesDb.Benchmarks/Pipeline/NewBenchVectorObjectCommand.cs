using System.Globalization;
using System.Management.Automation;

namespace VelesDb.Benchmarks.Pipeline;

/// <summary>
/// Makes the objects the pipeline-ingest workload pipes: what Import-Csv or ConvertFrom-Json
/// would give after conversion, a PSCustomObject with Id (ulong) and Vector (float[]) note
/// properties. Vector i is the data set's vector i (same fixed seed), so stores can be checked.
/// With -WithAttributes each object also carries three more properties, as a record's attributes:
/// Name (a string), N (a number, i mod 1000) and Tags (an array of two strings).
/// </summary>
[Cmdlet(VerbsCommon.New, "BenchVectorObject")]
[OutputType(typeof(PSObject))]
public sealed class NewBenchVectorObjectCommand : PSCmdlet
{
    [Parameter(Mandatory = true)]
    public int Count { get; set; }

    [Parameter(Mandatory = true)]
    public int Dimension { get; set; }

    [Parameter]
    public SwitchParameter WithAttributes { get; set; }

    protected override void EndProcessing()
    {
        var data = new DataSet(new Shape(Count, Dimension));
        var objects = new PSObject[Count];
        for (var i = 0; i < Count; i++)
        {
            var item = new PSObject();
            item.Properties.Add(new PSNoteProperty("Id", (ulong)i));
            item.Properties.Add(new PSNoteProperty("Vector", data.Vector((ulong)i).ToArray()));
            if (WithAttributes)
            {
                item.Properties.Add(new PSNoteProperty("Name", string.Create(CultureInfo.InvariantCulture, $"record {i}")));
                item.Properties.Add(new PSNoteProperty("N", i % 1000));
                item.Properties.Add(new PSNoteProperty("Tags", new[] { "a", string.Create(CultureInfo.InvariantCulture, $"t{i % 7}") }));
            }
            objects[i] = item;
        }

        WriteObject(objects, enumerateCollection: false);
    }
}
