using System.Text;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// Moves a file into an outcome folder: never overwriting (a suffix <c> (1)</c>, <c> (2)</c>, ... is added), with
/// <c>&lt;file&gt;.reason.txt</c> beside it when there is a reason (its name shortened when it would be too long for
/// the file system, CO-14), and never outside the folder.
/// </summary>
internal static class FolderPutAway
{
    private const int MaxSuffix = 10_000;

    /// <summary>Moves <paramref name="path"/> into <paramref name="folder"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="folder">The outcome folder.</param>
    /// <param name="reason">The text of the reason file beside it, if any.</param>
    /// <param name="createFolder">Whether a missing folder is created (<c>createFolders</c>); otherwise it is an error (FH-2).</param>
    /// <returns>Where the file went.</returns>
    /// <exception cref="IOException">The file could not be moved (it is retried at the next run).</exception>
    public static string Move(string path, string folder, string? reason, bool createFolder = false)
    {
        if (!Directory.Exists(folder))
        {
            if (!createFolder)
            {
                throw new IOException(
                    $"the folder {folder} is missing (an unmounted share?), so '{Path.GetFileName(path)}' stays where it is; it is moved once the folder is back. Mount or create the folder (or set createFolders: true for a first set-up).");
            }

            Directory.CreateDirectory(folder);
        }

        var fileName = Path.GetFileName(path);
        for (var i = 0; i <= MaxSuffix; i++)
        {
            var candidate = Inside(folder, i == 0 ? fileName : ReasonFileName.Fit($"{Path.GetFileNameWithoutExtension(fileName)} ({i})", Path.GetExtension(fileName), hashOf: fileName));
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                continue;
            }

            if (reason is not null)
            {
                // The reason first: after a crash between the two, the file is still in the source folder and the
                // same name is chosen again, so the reason is never lost.
                File.WriteAllText(ReasonPath(candidate), reason + Environment.NewLine, Encoding.UTF8);
            }

            try
            {
                File.Move(path, candidate, overwrite: false);
                return candidate;
            }
            catch (IOException) when (File.Exists(candidate) && File.Exists(path))
            {
                // Someone took the name in the meantime: try the next suffix.
            }
        }

        throw new IOException($"No free name for '{fileName}' in {folder} after {MaxSuffix} tries.");
    }

    /// <summary>Where the reason file of a put-away file goes.</summary>
    public static string ReasonPath(string putAwayPath) =>
        Path.Combine(Path.GetDirectoryName(putAwayPath) ?? string.Empty, ReasonFileName.For(Path.GetFileName(putAwayPath)));

    /// <summary>A file name inside the folder; a name from outside is data and never leaves it.</summary>
    private static string Inside(string folder, string fileName)
    {
        var root = Path.GetFullPath(folder);
        var full = Path.GetFullPath(Path.Combine(root, Path.GetFileName(fileName)));
        return string.Equals(Path.GetDirectoryName(full), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal)
            ? full
            : throw new IOException($"'{fileName}' would leave the folder {root}; not moved.");
    }
}
