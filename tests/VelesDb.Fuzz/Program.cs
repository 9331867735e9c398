using System.Globalization;
using SharpFuzz;
using VelesDb.Engine;

// Usage:
//   VelesDb.Fuzz index|wal|data|index-sealed|wal-sealed|data-sealed
//     One fuzz target, run by afl-fuzz through SharpFuzz: each input becomes that file of an
//     otherwise valid store (a killed one, with records in its log), which is then opened and
//     read in full. StoreCorruptedException is the expected answer to a bad file; any other
//     exception, a crash or a hang is a finding. The -sealed targets first recompute the
//     file's checksums, so mutations reach the checks behind them.
//   VelesDb.Fuzz seeds <folder>
//     Writes valid files for each target into <folder>/<target>/: the starting corpus.
//   VelesDb.Fuzz replay <target> <file or folder>
//     Runs inputs (e.g. AFL's crashes) without AFL and prints what each one does.
var mode = args.Length > 0 ? args[0] : "help";
switch (mode)
{
    case "index" or "wal" or "data" or "index-sealed" or "wal-sealed" or "data-sealed":
        {
            // Instrumented code may only run inside Run, once AFL's coverage map is there: the template is made on the first input.
            Template? template = null;
            Fuzzer.OutOfProcess.Run(stream =>
            {
                template ??= Template.Make();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                template.OpenWith(mode, memory.ToArray());
            });
            return 0;
        }

    case "seeds":
        {
            var template = Template.Make();
            foreach (var target in Template.Targets)
            {
                var folder = Path.Combine(args[1], target);
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(Path.Combine(folder, "valid"), template.Seed(target));
            }

            return 0;
        }

    case "replay":
        {
            var template = Template.Make();
            var inputs = Directory.Exists(args[2]) ? Directory.GetFiles(args[2]) : [args[2]];
            var failed = 0;
            foreach (var input in inputs.Order(StringComparer.Ordinal))
            {
                try
                {
                    template.OpenWith(args[1], File.ReadAllBytes(input));
                    Console.WriteLine($"ok      {input}");
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"FAILED  {input}: {e.GetType().Name}: {e.Message}");
                }
            }

            return failed == 0 ? 0 : 1;
        }

    default:
        Console.Error.WriteLine("usage: VelesDb.Fuzz <target> | seeds <folder> | replay <target> <file or folder>; targets: " + string.Join(", ", Template.Targets));
        return 2;
}

/// <summary>A small killed store (records in its log) whose files are laid out afresh for every input.</summary>
internal sealed class Template
{
    public static readonly string[] Targets = ["index", "wal", "data", "index-sealed", "wal-sealed", "data-sealed"];
    private const int Dimension = 4;
    private readonly Dictionary<string, byte[]> _files;
    private readonly string _directory;

    private Template(Dictionary<string, byte[]> files, string directory)
    {
        _files = files;
        _directory = directory;
    }

    public static Template Make()
    {
        var scratch = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var source = Path.Combine(scratch, "velesdb-fuzz-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(source))
        {
            Directory.Delete(source, recursive: true);
        }

        var files = new Dictionary<string, byte[]>();
        using (var store = MmapVectorStore.Create(Path.Combine(source, "made"), Dimension, new VectorStoreOptions { Durability = Durability.Process }))
        {
            store.StoreBatch([1, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
            store.Store(2, [0.5f, 0.25f, 0.125f, 1]);
            store.Delete(3);
            store.StoreBatch([4, 5], [4, 4, 4, 4, 5, 5, 5, 5]);

            // Copied while open, as a killed process leaves them; the data file without its empty headroom.
            foreach (var file in Directory.GetFiles(Path.Combine(source, "made")))
            {
                var name = Path.GetFileName(file);
                if (name == "veles.lock")
                {
                    continue;
                }

                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var length = name.EndsWith(".dat", StringComparison.Ordinal) ? 4096 + (6 * (16 + (Dimension * 4))) : stream.Length;
                var bytes = new byte[length];
                stream.ReadExactly(bytes);
                files[name] = bytes;
            }
        }

        return new Template(files, Path.Combine(source, "store"));
    }

    public byte[] Seed(string target) => _files[FileName(target)];

    /// <summary>Lays the store out with <paramref name="input"/> as the target's file, opens it and reads every vector.</summary>
    public void OpenWith(string target, byte[] input)
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        Directory.CreateDirectory(_directory);
        if (target.EndsWith("-sealed", StringComparison.Ordinal))
        {
            input = (byte[])input.Clone();
            Seal.File(target, input);
        }

        foreach (var (name, bytes) in _files)
        {
            File.WriteAllBytes(Path.Combine(_directory, name), name == FileName(target) ? input : bytes);
        }

        try
        {
            using var store = MmapVectorStore.Open(_directory);
            foreach (var id in store.Ids())
            {
                try
                {
                    _ = store.Retrieve(id);
                }
                catch (StoreCorruptedException)
                {
                    // A damaged vector, reported as such when read: the right answer.
                }
            }

            store.Store(99, [9, 9, 9, 9]);
        }
        catch (StoreCorruptedException)
        {
            // A damaged file, reported as such: the right answer.
        }
    }

    private string FileName(string target) => target.Replace("-sealed", string.Empty, StringComparison.Ordinal) switch
    {
        "index" => "vectors.idx",
        "wal" => "vectors.wal",
        _ => _files.Keys.Single(k => k.EndsWith(".dat", StringComparison.Ordinal)),
    };
}
