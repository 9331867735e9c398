namespace VelesDb.Interchange;

/// <summary>What the array formats refuse: text keys (the companion file holds integers) and vectors of another length.</summary>
internal static class ArrayKeys
{
    public static bool Refuse(RowKey key, ReadOnlySpan<float> vector, int dimension, out string? problem)
    {
        problem = key.IsText
            ? $"its key '{key.Text}' is text; this format keeps integer keys only (in the companion .ids.npy file)."
            : vector.Length != dimension ? $"it has {vector.Length} components; the file's rows have {dimension}." : null;
        return problem is not null;
    }
}
