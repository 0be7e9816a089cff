using System.Security.Cryptography;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// Which version of the export (and users file) a scheduled import reads: their SHA-256, read in small pieces after
/// the same checks as the import's own read (FH-10: no pipe is opened). A run whose files are the ones of the last run
/// that left nothing to do is not made again (OF-2: at 5,000 clients each run read the export, asked the portal for
/// every client and read every record, every few seconds, to find nothing new).
/// </summary>
internal static class ImportVersion
{
    /// <summary>The files' fingerprint, or <c>null</c> when one of them cannot be read (the import's own read says why).</summary>
    public static async Task<string?> OfAsync(IEnumerable<(string Name, string Path)> files, CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        foreach (var (name, path) in files)
        {
            try
            {
                var stream = ImportFile.OpenRead(name, ImportFile.Check(name, path), bufferSize: 1);
                await using (stream.ConfigureAwait(false))
                {
                    parts.Add(Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)));
                }
            }
            catch (Exception e) when (e is ImportFileException or IOException or UnauthorizedAccessException)
            {
                return null; // not swallowed: the run goes on and its read of the file reports the problem
            }
        }

        return string.Join(';', parts);
    }
}

/// <summary>The last scheduled import that left nothing to do: its files' version, when it ran, and its summary.</summary>
internal sealed record CleanImport(string Version, DateTimeOffset At, string Summary);
