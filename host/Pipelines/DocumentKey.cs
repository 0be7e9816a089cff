using System.Security.Cryptography;
using System.Text;

namespace ConnectorHost.Pipelines;

/// <summary>The key of a document (CO-7): SHA-256 over its content followed by its UTF-8 file name, as hex.</summary>
internal static class DocumentKey
{
    public static string Compute(ReadOnlySpan<byte> content, string fileName)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(content);
        hash.AppendData(Encoding.UTF8.GetBytes(fileName));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
