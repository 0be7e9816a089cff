namespace ConnectorHost.Plugins.Normalisation;

/// <summary>
/// Recognises a UTF-16 file, with or without its byte order mark ("Unicode text" from Excel, exports of some
/// packages), so that the refusal says what the file is instead of calling it Windows-1252.
/// </summary>
public static class Utf16Sniffer
{
    /// <summary>The UTF-16 flavour the bytes are in, or <c>null</c>.</summary>
    /// <param name="bytes">The start of the file (a few hundred bytes are enough).</param>
    /// <returns><c>"UTF-16LE"</c>, <c>"UTF-16BE"</c> or <c>null</c>.</returns>
    public static string? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return "UTF-16LE";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return "UTF-16BE";
        }

        // Without a BOM: text in a Latin script has a zero byte in every other position.
        var sample = bytes[..(Math.Min(bytes.Length, 512) & ~1)];
        if (sample.Length < 4)
        {
            return null;
        }

        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            evenZeros += sample[i] == 0 ? 1 : 0;
            oddZeros += sample[i + 1] == 0 ? 1 : 0;
        }

        var pairs = sample.Length / 2;
        return oddZeros * 10 >= pairs * 7 && evenZeros * 10 < pairs ? "UTF-16LE"
            : evenZeros * 10 >= pairs * 7 && oddZeros * 10 < pairs ? "UTF-16BE"
            : null;
    }
}
