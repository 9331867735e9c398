using System.Buffers;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VelesDb.PowerShell;

/// <summary>
/// Completes <c>-Path</c> with the stores open in this process first (matching the full path or
/// the folder name), then with folders, for stores not open yet.
/// </summary>
public sealed class StorePathCompleter : IArgumentCompleter
{
    /// <inheritdoc/>
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var leafWord = word.StartsWith("./", StringComparison.Ordinal) || word.StartsWith(".\\", StringComparison.Ordinal) ? word[2..] : word;
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var results = new List<CompletionResult>();
        var offered = new HashSet<string>(StoreRegistry.PathComparer);

        foreach (var store in StoreRegistry.Snapshot().OrderBy(s => s.Path, StoreRegistry.PathComparer))
        {
            var leaf = System.IO.Path.GetFileName(store.Path);
            if (store.Path.StartsWith(word, comparison) || leaf.StartsWith(leafWord, comparison))
            {
                _ = offered.Add(store.Path);
                results.Add(new CompletionResult(Quote(store.Path), store.Path, CompletionResultType.ParameterValue,
                    $"Open store {store.Path}: dimension {store.Dimension}, {store.Count} vectors"));
            }
        }

        foreach (var folder in CompletionCompleters.CompleteFilename(wordToComplete ?? string.Empty))
        {
            if (folder.ResultType == CompletionResultType.ProviderContainer && !offered.Contains(folder.ToolTip))
            {
                results.Add(folder);
            }
        }

        return results;
    }

    private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(" '\"`$&();,{}|@#<>");

    private static string Quote(string path) =>
        path.AsSpan().IndexOfAny(NeedQuotes) < 0 ? path : "'" + path.Replace("'", "''", StringComparison.Ordinal) + "'";
}
