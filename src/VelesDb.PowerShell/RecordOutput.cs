using System.Management.Automation;

namespace VelesDb.PowerShell;

/// <summary>
/// The objects the record cmdlets write: a <see cref="VelesVector"/> or <see cref="VelesSearchResult"/>
/// wrapped so that each of its attributes is also a property of its own, which makes
/// <c>Select-Object Rank, Score, Name</c>, <c>Where-Object Name -eq red</c> and Export-Csv work
/// without reaching into Attributes. The type names stay, so the narrow default views still apply.
/// </summary>
internal static class RecordOutput
{
    /// <summary>
    /// Names no attribute property takes even where the object has no such property: the next record
    /// cmdlet binds them from the pipeline by name (-Path, -Vector or its alias Embedding, -QueryId),
    /// and PowerShell tries a parameter's own name before its aliases, so an attribute named Path
    /// would send <c>Get-VelesVector | Remove-VelesVector</c> to another store. They stay in Attributes.
    /// </summary>
    private static readonly HashSet<string> Reserved = new(["Path", "StorePath", "Id", "QueryId", "Vector", "Embedding"], StringComparer.OrdinalIgnoreCase);

    /// <summary>A record as Get-VelesVector (and Add-VelesVector -PassThru, Set-VelesVector -PassThru) writes it.</summary>
    internal static PSObject Of(VelesVector vector) => WithAttributeProperties(new PSObject(vector), vector.Attributes);

    /// <summary>A search result as Find-VelesVector writes it; with its vector it takes the view that shows it.</summary>
    internal static PSObject Of(VelesSearchResult result)
    {
        var shown = new PSObject(result);
        if (result.Vector is not null)
        {
            shown.TypeNames.Insert(0, VelesSearchResult.WithVectorTypeName);
        }

        return WithAttributeProperties(shown, result.Attributes);
    }

    private static PSObject WithAttributeProperties(PSObject shown, PSObject? attributes)
    {
        if (attributes is null)
        {
            return shown;
        }

        foreach (var attribute in attributes.Properties)
        {
            // The object's own properties (Id, Score, ...) win, compared as PowerShell does, without case;
            // the attribute is still in Attributes.
            if (!Reserved.Contains(attribute.Name) && shown.Properties[attribute.Name] is null)
            {
                shown.Properties.Add(new PSNoteProperty(attribute.Name, attribute.Value));
            }
        }

        return shown;
    }
}
