using ConnectorHost.Abstractions.Files;

namespace ConnectorHost.Configuration;

/// <summary>
/// Reads the configuration file and the files it references (<c>${file:}</c>) as outside data (FH-1, FH-7): a link is
/// followed to its final target (a mounted secret is often a link), and that target must be a regular file: a named
/// pipe, a device or a socket is refused without being opened. A read is capped in size and given up after
/// <see cref="ReadDeadline"/>, so a hung share never blocks <c>validate</c>, the start or a live reload.
/// </summary>
internal static class ConfigurationFiles
{
    /// <summary>How long reading one configuration file may take.</summary>
    public static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(5);

    /// <summary>The largest configuration file read.</summary>
    public const long MaxConfigurationBytes = 4L * 1024 * 1024;

    /// <summary>Reads a whole file of at most <paramref name="maxBytes"/>.</summary>
    /// <param name="path">The file (a link is followed).</param>
    /// <param name="maxBytes">The most it may hold; a larger file is refused.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="IOException">It is not a regular file, too large, gone or unreadable; the message says which.</exception>
    /// <exception cref="TimeoutException">Reading it took longer than <see cref="ReadDeadline"/>.</exception>
    public static byte[] Read(string path, long maxBytes)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        var status = OutsideFile.Inspect(target);
        if (status.Type == OutsideFileType.Missing)
        {
            throw new FileNotFoundException($"'{path}' does not exist", path);
        }

        if (status.Type != OutsideFileType.Regular)
        {
            var what = status.Refusal ?? status.Type.ToString();
            throw new IOException(string.Equals(target, path, StringComparison.Ordinal) ? what : $"'{path}' links to {what}");
        }

        if (status.Length > maxBytes)
        {
            throw new IOException($"'{path}' is {status.Length:N0} bytes, more than the {maxBytes:N0} bytes read from it");
        }

        var read = Task.Run(
            () =>
            {
                using var stream = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
                return ReadCapped(stream, status.Length, maxBytes, path);
            },
            CancellationToken.None);
        try
        {
            return read.WaitAsync(ReadDeadline).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"reading '{path}' did not finish within {ReadDeadline.TotalSeconds:0} s (a network share that stopped answering?); it was given up");
        }
    }

    /// <summary>
    /// Reads a stream of about <paramref name="length"/> bytes, refusing it once it passes <paramref name="maxBytes"/>.
    /// Its buffers are sized by the file, not by the cap: the watch reads the configuration every 2 s, and a buffer of the
    /// cap (4 MB) per read was 2 MB/s of large-object garbage in a busy host (OF-5).
    /// </summary>
    internal static byte[] ReadCapped(Stream stream, long length, long maxBytes, string path)
    {
        using var content = new MemoryStream((int)Math.Clamp(length, 0, maxBytes) + 1);
        var chunk = new byte[(int)Math.Clamp(length + 1, 1, 64 * 1024)];
        int count;
        while ((count = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (content.Length + count > maxBytes)
            {
                throw new IOException($"'{path}' grew past {maxBytes:N0} bytes while it was read");
            }

            content.Write(chunk, 0, count);
        }

        return content.ToArray();
    }
}
