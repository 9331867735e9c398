using System.Text;
using System.Xml;
using VelesDb.HelpCompiler;

// Usage: VelesDb.HelpCompiler <docs folder> <output folder> <MAML file name>
//
// Compiles every <Verb-Noun>.md in the docs folder into one MAML file, and every about_*.md into
// about_*.help.txt, both in the output folder. The MAML file is written even when there are no
// cmdlet docs yet, so the module layout never depends on how far the docs have got.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: VelesDb.HelpCompiler <docs folder> <output folder> <MAML file name>").ConfigureAwait(false);
    return 2;
}

var (docs, output, mamlFile) = (args[0], args[1], args[2]);
if (!Directory.Exists(docs))
{
    await Console.Error.WriteLineAsync($"error: the docs folder '{docs}' does not exist.").ConfigureAwait(false);
    return 1;
}

try
{
    Directory.CreateDirectory(output);
    var markdown = Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal).ToList();
    var isAbout = (string path) => Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase);

    var commands = markdown.Where(p => !isAbout(p)).Select(p => CommandMarkdownReader.Read(p, mamlFile)).ToList();
    var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
    var mamlPath = Path.Combine(output, mamlFile);
    using (var writer = XmlWriter.Create(mamlPath, settings))
    {
        MamlWriter.Write(commands).Save(writer);
    }

    Console.WriteLine($"help: {commands.Count} cmdlet(s) -> {mamlPath}");

    foreach (var path in markdown.Where(isAbout))
    {
        var target = Path.Combine(output, Path.GetFileNameWithoutExtension(path) + ".help.txt");
        await File.WriteAllTextAsync(target, AboutTopicWriter.Write(path), new UTF8Encoding(false)).ConfigureAwait(false);
        Console.WriteLine($"help: {Path.GetFileName(path)} -> {target}");
    }

    return 0;
}
catch (HelpFormatException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
    return 1;
}
