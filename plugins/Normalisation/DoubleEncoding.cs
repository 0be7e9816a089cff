using System.Text;
using System.Text.Unicode;

namespace ConnectorHost.Plugins.Normalisation;

/// <summary>
/// Text that went through UTF-8 → Windows-1252 → UTF-8 (a UTF-8 file opened as ANSI and saved again): <c>Café</c>
/// becomes <c>CafÃ©</c>, <c>’</c> becomes <c>â€™</c> (CP-10). The text is still valid UTF-8, so only its look gives it
/// away: read back as Windows-1252 bytes, it is valid UTF-8 with fewer characters.
/// </summary>
public static class DoubleEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Windows-1252's characters in 0x80..0x9F; the other bytes are Latin-1 (the code point is the byte).</summary>
    private static readonly Dictionary<char, byte> Windows1252 = new()
    {
        ['€'] = 0x80, ['‚'] = 0x82, ['ƒ'] = 0x83, ['„'] = 0x84, ['…'] = 0x85, ['†'] = 0x86, ['‡'] = 0x87, ['ˆ'] = 0x88,
        ['‰'] = 0x89, ['Š'] = 0x8A, ['‹'] = 0x8B, ['Œ'] = 0x8C, ['Ž'] = 0x8E, ['‘'] = 0x91, ['’'] = 0x92, ['“'] = 0x93,
        ['”'] = 0x94, ['•'] = 0x95, ['–'] = 0x96, ['—'] = 0x97, ['˜'] = 0x98, ['™'] = 0x99, ['š'] = 0x9A, ['›'] = 0x9B,
        ['œ'] = 0x9C, ['ž'] = 0x9E, ['Ÿ'] = 0x9F,
    };

    /// <summary>The text it most likely was, when <paramref name="text"/> looks double-encoded.</summary>
    /// <param name="text">The text as read.</param>
    /// <param name="original">The likely original (<c>Café Müller</c> for <c>CafÃ© MÃ¼ller</c>).</param>
    /// <returns>Whether the text looks double-encoded.</returns>
    public static bool Detect(string text, out string original)
    {
        ArgumentNullException.ThrowIfNull(text);
        original = text;
        var bytes = new byte[text.Length];
        var high = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80 || (c >= 0xA0 && c <= 0xFF) || (c >= 0x80 && c <= 0x9F))
            {
                bytes[i] = (byte)c;
            }
            else if (Windows1252.TryGetValue(c, out var b))
            {
                bytes[i] = b;
            }
            else
            {
                return false; // a character Windows-1252 cannot hold: not a round trip through it
            }

            high |= bytes[i] >= 0x80;
        }

        if (!high)
        {
            return false;
        }

        // Checked before decoding: most texts with an é are not UTF-8 read back, and an exception per field costs
        // more than the field (the portal import cleans every client's fields on every run).
        if (!Utf8.IsValid(bytes))
        {
            return false;
        }

        var decoded = StrictUtf8.GetString(bytes);
        if (decoded.Length >= text.Length)
        {
            return false;
        }

        original = decoded;
        return true;
    }

    /// <summary>The problem to report for a field, or <c>null</c> when it does not look double-encoded.</summary>
    /// <param name="text">The field's value.</param>
    /// <returns>A reason naming the likely original.</returns>
    public static string? Problem(string text) =>
        Detect(text, out var original)
            ? $"'{text}' looks double-encoded (a UTF-8 file opened as ANSI and saved again); it was probably '{original}'. Correct it in the source"
            : null;
}
