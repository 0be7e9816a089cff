namespace ConnectorHost.Plugins;

/// <summary>
/// What a plugins folder looks like now: per plugin sub-folder, a fingerprint of its files (names, sizes, times).
/// Compared poll after poll, it tells which plugin folder changed and whether it has stopped changing.
/// </summary>
internal static class PluginFolderSnapshot
{
    /// <summary>Takes the fingerprints of every plugin sub-folder.</summary>
    /// <param name="pluginsFolder">The plugins folder.</param>
    /// <returns>Fingerprint by full folder path; empty when the folder does not exist.</returns>
    public static Dictionary<string, string> Take(string pluginsFolder)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(pluginsFolder))
        {
            return result;
        }

        foreach (var folder in Directory.GetDirectories(pluginsFolder))
        {
            try
            {
                var files = new DirectoryInfo(folder).GetFiles("*", SearchOption.AllDirectories)
                    .OrderBy(f => f.FullName, StringComparer.Ordinal)
                    .Select(f => $"{Path.GetRelativePath(folder, f.FullName)}|{f.Length}|{f.LastWriteTimeUtc.Ticks}");
                result[Path.GetFullPath(folder)] = string.Join("\n", files);
            }
            catch (IOException)
            {
                result[Path.GetFullPath(folder)] = "(changing)"; // files come and go while it is being copied
            }
        }

        return result;
    }
}
