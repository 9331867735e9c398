using System.Diagnostics;
using System.Text.Json;

namespace VelesDb.Benchmarks.Probes;

/// <summary>Runs a probe in a fresh process (this program with probe arguments, or a pwsh) and reads the JSON line it prints last.</summary>
internal static class ChildProcess
{
    /// <summary>This program again, with <paramref name="arguments"/>.</summary>
    public static T RunSelf<T>(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The running program has no path.");
        var leading = Path.GetFileNameWithoutExtension(host) == "dotnet" ? new[] { typeof(ChildProcess).Assembly.Location } : [];
        return Run<T>(host, leading.Concat(arguments), environment, workingDirectory: null);
    }

    public static T Run<T>(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, string? workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new BenchmarkFailedException($"Could not start {fileName}.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var json = output.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.StartsWith('{'));
        if (process.ExitCode != 0 || json is null)
        {
            throw new BenchmarkFailedException(
                $"The probe '{fileName} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}.\n{Tail(output)}\n{Tail(errors.Result)}");
        }

        return JsonSerializer.Deserialize<T>(json, JsonOptions) ?? throw new BenchmarkFailedException($"The probe printed no result: {json}");
    }

    public static JsonSerializerOptions JsonOptions { get; } = new() { PropertyNameCaseInsensitive = true };

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
