using System.Security.Cryptography;
using System.Text;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// File names that fit the file system's limit of 255 bytes (UTF-8 on Linux, and within Windows' 255 UTF-16 units):
/// <c>&lt;file&gt;.reason.txt</c> when it fits, else a recognisable prefix of the file's name, <c>~</c> and a short
/// hash of the whole name (CO-14). The reason file's text names the file in full.
/// </summary>
internal static class ReasonFileName
{
    /// <summary>The longest file name, in UTF-8 bytes, on the file systems offices use (ext4, NTFS, APFS).</summary>
    public const int MaxBytes = 255;

    public const string Suffix = ".reason.txt";

    /// <summary>The reason file's name beside a file called <paramref name="fileName"/>.</summary>
    public static string For(string fileName) => Fit(fileName, Suffix, hashOf: fileName);

    /// <summary>
    /// <paramref name="stem"/> + <paramref name="ending"/>, with the stem cut (at a character boundary) and a short hash
    /// of <paramref name="hashOf"/> added when the whole would be longer than <see cref="MaxBytes"/>.
    /// </summary>
    public static string Fit(string stem, string ending, string hashOf)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentNullException.ThrowIfNull(ending);
        if (Encoding.UTF8.GetByteCount(stem) + Encoding.UTF8.GetByteCount(ending) <= MaxBytes)
        {
            return stem + ending;
        }

        var mark = "~" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashOf)))[..8];
        var room = MaxBytes - Encoding.UTF8.GetByteCount(mark) - Encoding.UTF8.GetByteCount(ending);
        return Prefix(stem, room) + mark + ending;
    }

    /// <summary>The longest start of <paramref name="text"/> of at most <paramref name="maxBytes"/> UTF-8 bytes, whole characters only.</summary>
    private static string Prefix(string text, int maxBytes)
    {
        var bytes = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return text[..end];
    }
}
