using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>
/// Turns stored attributes back into PowerShell values: objects as PSCustomObject with their
/// properties in stored order, arrays as <c>object[]</c>, whole numbers as <c>long</c> (or <c>ulong</c>
/// above long's range), other numbers as <c>double</c>, strings, booleans and null as such.
/// </summary>
internal static class AttributeDecoder
{
    /// <summary>The attributes as a PSCustomObject (one with no properties for none); null for null.</summary>
    internal static PSObject? ToObject(RecordAttributes? attributes)
    {
        if (attributes is null)
        {
            return null;
        }

        if (attributes.IsEmpty)
        {
            return new PSObject();
        }

        using var document = attributes.Parse();
        return ObjectOf(document.RootElement);
    }

    private static PSObject ObjectOf(JsonElement element)
    {
        var shown = new PSObject();
        foreach (var property in element.EnumerateObject())
        {
            shown.Properties.Add(new PSNoteProperty(property.Name, ValueOf(property.Value)));
        }

        return shown;
    }

    private static object? ValueOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ObjectOf(element),
        JsonValueKind.Array => ArrayOf(element),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => NumberOf(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object[] ArrayOf(JsonElement element)
    {
        var items = new object?[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            items[i++] = ValueOf(item);
        }

        return items!;
    }

    private static object NumberOf(JsonElement element)
    {
        if (element.TryGetInt64(out var whole))
        {
            return whole;
        }

        if (element.TryGetUInt64(out var large))
        {
            return large;
        }

        // 1.0 or 1e3 is as whole as 1: it comes back as the same integer type, so a value does
        // not change type on a round trip through a store that wrote it differently.
        var number = double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return Math.Floor(number) == number && number >= long.MinValue && number < 9223372036854775808.0
            ? (long)number
            : number;
    }
}
