using System.Security.Cryptography;
using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Pipelines;

/// <summary>
/// A document's bytes, read once into one array of the exact size (no growing copies), with their SHA-256 computed
/// while reading. The same array is hashed and submitted, so memory stays near the file's size.
/// </summary>
internal sealed record DocumentContent(byte[] Bytes, byte[] Sha256)
{
    private const int ChunkBytes = 128 * 1024;

    public string Sha256Hex => Convert.ToHexStringLower(Sha256);

    /// <summary>Reads and hashes the whole document, after telling <paramref name="beforeReading"/> its length (<c>null</c>: unknown).</summary>
    public static async Task<DocumentContent> ReadAsync(SourceDocument document, Func<long?, Task> beforeReading, CancellationToken cancellationToken)
    {
        var stream = await document.OpenRead(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            await beforeReading(stream.CanSeek ? stream.Length - stream.Position : null).ConfigureAwait(false);
            if (!stream.CanSeek)
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                var copied = buffer.ToArray();
                return new DocumentContent(copied, SHA256.HashData(copied));
            }

            var bytes = new byte[stream.Length - stream.Position];
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var read = 0;
            while (read < bytes.Length)
            {
                var chunk = bytes.AsMemory(read, Math.Min(ChunkBytes, bytes.Length - read));
                var n = stream is FileStream { IsAsync: false } file
                    ? file.Read(chunk.Span) // .NET reads such a file "asynchronously" by the same blocking read on another thread
                    : await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new IOException($"'{document.FileName}' became shorter while it was read ({read} of {bytes.Length} bytes); it is read again at the next run.");
                }

                hash.AppendData(bytes, read, n);
                read += n;
            }

            if (stream.ReadByte() != -1)
            {
                throw new IOException($"'{document.FileName}' grew while it was read; it is read again at the next run.");
            }

            return new DocumentContent(bytes, hash.GetHashAndReset());
        }
    }

    /// <summary>Only hashes the document, in chunks, keeping none of it (for documents that are never submitted).</summary>
    public static async Task<byte[]> HashAsync(SourceDocument document, CancellationToken cancellationToken)
    {
        var stream = await document.OpenRead(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }
}
