using System.Security.Cryptography;
using System.Text;

namespace ConnectorHost.Pipelines;

/// <summary>
/// The key of a document (CO-7), as hex: SHA-256 over the 32 bytes of the content's SHA-256 followed by the 32 bytes
/// of the UTF-8 file name's SHA-256 (version 2). Both parts have a fixed length, so no content and name can be
/// shifted into another pair with the same key. Version 1, SHA-256 over the content directly followed by the name,
/// was ambiguous (<c>"ab" + "c.pdf"</c> and <c>"a" + "bc.pdf"</c> gave one key); it is only computed to recognise
/// documents a ledger recorded with it.
/// </summary>
internal static class DocumentKey
{
    /// <summary>The version of <see cref="Compute"/>, recorded with every new ledger entry.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The current key of a content and a file name.</summary>
    public static string Compute(ReadOnlySpan<byte> content, string fileName) => FromContentHash(SHA256.HashData(content), fileName);

    /// <summary>The current key from the content's SHA-256 (32 bytes) and the file name.</summary>
    public static string FromContentHash(ReadOnlySpan<byte> contentSha256, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (contentSha256.Length != SHA256.HashSizeInBytes)
        {
            throw new ArgumentException($"A SHA-256 has {SHA256.HashSizeInBytes} bytes, not {contentSha256.Length}.", nameof(contentSha256));
        }

        Span<byte> pair = stackalloc byte[2 * SHA256.HashSizeInBytes];
        contentSha256.CopyTo(pair);
        SHA256.HashData(Encoding.UTF8.GetBytes(fileName), pair[SHA256.HashSizeInBytes..]);
        return Convert.ToHexStringLower(SHA256.HashData(pair));
    }

    /// <summary>The version 1 key: SHA-256 over the content followed by the UTF-8 file name.</summary>
    public static string ComputeVersion1(ReadOnlySpan<byte> content, string fileName)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(content);
        hash.AppendData(Encoding.UTF8.GetBytes(fileName));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
