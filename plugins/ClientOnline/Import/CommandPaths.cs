namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// Confines the file names given to the import's commands — from the CLI or from a dashboard form, so from whoever
/// can reach the dashboard — to the folders the YAML names (SEC-2): the export's folder (the folder of <c>file</c>),
/// the users file's folder and the pipeline's data folder. A relative name is taken in the export's folder. An
/// absolute path elsewhere, a <c>..</c> that climbs out, and a symbolic link that points out are refused.
/// </summary>
internal sealed class CommandPaths(IReadOnlyList<string> folders)
{
    /// <summary>The allowed folders, the first being where relative names are taken.</summary>
    public IReadOnlyList<string> Folders { get; } = [.. folders.Select(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f))).Distinct(StringComparer.Ordinal)];

    /// <summary>The full path of <paramref name="argument"/> when it is inside an allowed folder.</summary>
    /// <exception cref="ImportFileException">It is not, with where it may be instead.</exception>
    public string Confine(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var full = Path.GetFullPath(argument, Folders[0]);
        var real = RealPath(full);
        if (Folders.Any(folder => IsInside(real, RealPath(folder))))
        {
            return full;
        }

        throw new ImportFileException(
            $"'{argument}' is outside the folders this pipeline may read and write ({string.Join(", ", Folders)}): "
            + $"put the file in one of them and give its name, for example {Path.GetFileName(full)} (taken in {Folders[0]}).");
    }

    private static bool IsInside(string path, string folder) =>
        path.Equals(folder, StringComparison.Ordinal)
        || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it (that exists) replaced by where it points.</summary>
    private static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = root;
        foreach (var part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                next = RealPath(Path.GetFullPath(target.FullName));
            }

            current = next;
        }

        return current;
    }
}
