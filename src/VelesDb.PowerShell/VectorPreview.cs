using System.Globalization;
using System.Text;

namespace VelesDb.PowerShell;

/// <summary>A short text of a vector's first components, for views and messages.</summary>
public static class VectorPreview
{
    /// <summary>The first <paramref name="count"/> components, then an ellipsis if there are more.</summary>
    public static string Of(float[]? vector, int count)
    {
        if (vector is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        var shown = Math.Min(count, vector.Length);
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                _ = text.Append(", ");
            }

            _ = text.Append(vector[i].ToString("0.####", CultureInfo.InvariantCulture));
        }

        if (vector.Length > shown)
        {
            _ = text.Append(", …");
        }

        return text.ToString();
    }
}
