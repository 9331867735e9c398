namespace VelesDb.Engine;

/// <summary>
/// A store was to be created in a folder that holds files the store did not write but would
/// have to share a name with, or that look like a store's files. Nothing was deleted or changed.
/// </summary>
public sealed class ForeignFilesException : VelesDbException
{
    /// <summary>
    /// Creates the exception for <paramref name="directory"/>. <paramref name="forceWouldHelp"/>:
    /// the files only look like a store's, so creating the store beside them with force is possible.
    /// </summary>
    public ForeignFilesException(string directory, IReadOnlyList<string> fileNames, bool forceWouldHelp)
        : base($"Cannot create a store at '{directory}': it holds {Describe(fileNames)}, which the store did not write. " +
               (forceWouldHelp
                   ? "They look like a store's files, so to be safe nothing was created. Move them away, or pass -Force (MmapVectorStore.Create with force: true) to create the store beside them; they are never deleted or changed."
                   : "The store's own files have those names, and VelesDb never deletes or overwrites a file it did not write, even with -Force. Move them away (if they are left from an interrupted New-VelesStore, delete them), or create the store in another folder."))
    {
        Directory = directory;
        FileNames = fileNames;
        ForceWouldHelp = forceWouldHelp;
    }

    /// <summary>The folder where the store was to be created.</summary>
    public string Directory { get; }

    /// <summary>The names of the files in the way.</summary>
    public IReadOnlyList<string> FileNames { get; }

    /// <summary>True when creating with force would succeed (the files only look like a store's).</summary>
    public bool ForceWouldHelp { get; }

    private static string Describe(IReadOnlyList<string> fileNames) =>
        (fileNames.Count == 1 ? "the file " : "the files ") + string.Join(", ", fileNames.Select(name => $"'{name}'"));
}
