using System.Text.Json;

namespace VelesDb.Engine.Filters;

/// <summary>
/// Reads a field of a JSON object as a filter value: numbers as numbers, booleans as 1 and 0,
/// strings, null, and arrays as tuples. An object, or an array holding one, is no value, like a
/// missing field (Redis converts only these types).
/// </summary>
internal static class JsonFilterValues
{
    public static bool TryRead(JsonElement root, string[] segments, out FilterValue value)
    {
        var element = root;
        foreach (var name in segments)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                value = default;
                return false;
            }
        }

        return TryConvert(element, out value);
    }

    public static bool TryConvert(JsonElement element, out FilterValue value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                value = FilterValue.FromNumber(NumericText.FromJson(System.Text.Encoding.UTF8.GetBytes(element.GetRawText())));
                return true;
            case JsonValueKind.String:
                value = FilterValue.FromString(element.GetString()!);
                return true;
            case JsonValueKind.True:
                value = FilterValue.True;
                return true;
            case JsonValueKind.False:
                value = FilterValue.False;
                return true;
            case JsonValueKind.Null:
                value = FilterValue.Null;
                return true;
            case JsonValueKind.Array:
                var items = new FilterValue[element.GetArrayLength()];
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (!TryConvert(item, out items[i++]))
                    {
                        value = default;
                        return false;
                    }
                }

                value = FilterValue.FromItems(items);
                return true;
            default:
                value = default;
                return false;
        }
    }
}
