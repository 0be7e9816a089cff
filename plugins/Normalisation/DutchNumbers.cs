using System.Globalization;

namespace ConnectorHost.Plugins.Normalisation;

/// <summary>
/// Numbers written as text that a spreadsheet turns into numbers, losing their leading zeros (PO-10): the KvK number
/// (8 digits), the BSN (9 digits, the eleven test) and the postal code. Repaired where the result is certain, refused
/// with the reason otherwise.
/// </summary>
public static class DutchNumbers
{
    /// <summary>A KvK number: 8 digits. One with fewer digits is refused: a dropped zero and a dropped digit look the same.</summary>
    /// <param name="raw">The number as written, spaces and dots allowed.</param>
    /// <returns>The 8 digits, or why not.</returns>
    public static Cleaned Kvk(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var warnings = new List<string>();
        var number = Digits(raw, warnings);
        if (number.Length == 8 && number.All(char.IsAsciiDigit))
        {
            return new Cleaned(number, warnings, null);
        }

        return Cleaned.Refused(number, number.All(char.IsAsciiDigit) && number.Length < 8
            ? $"KvK number '{number}' has {number.Length} digits, not 8 (did Excel drop a leading zero? format the column as text)"
            : $"KvK number '{InvisibleCharacters.Visible(number)}' is not 8 digits", warnings);
    }

    /// <summary>
    /// A BSN: 9 digits passing the eleven test. One with 7 or 8 digits that passes it once padded with zeros is
    /// repaired with a warning; otherwise refused.
    /// </summary>
    /// <param name="raw">The number as written.</param>
    /// <returns>The 9 digits, or why not.</returns>
    public static Cleaned Bsn(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var warnings = new List<string>();
        var number = Digits(raw, warnings);
        if (!number.All(char.IsAsciiDigit) || number.Length is < 7 or > 9)
        {
            return Cleaned.Refused(number, $"BSN '{InvisibleCharacters.Visible(number)}' is not 9 digits", warnings);
        }

        var padded = number.PadLeft(9, '0');
        if (!PassesElevenTest(padded))
        {
            return Cleaned.Refused(number, number.Length == 9
                ? $"BSN '{number}' fails the eleven test (elfproef); check the number"
                : $"BSN '{number}' has {number.Length} digits, not 9, and does not pass the eleven test with leading zeros either; check the number", warnings);
        }

        if (padded != number)
        {
            warnings.Add($"BSN '{number}' lost its leading zero{(9 - number.Length > 1 ? "s" : "")} (a number cell in the spreadsheet); read as {padded}, which passes the eleven test");
        }

        return new Cleaned(padded, warnings, null);
    }

    /// <summary>
    /// A postal code: Dutch <c>1234 AB</c> or Belgian <c>1000</c>. Neither starts with 0, so digits only with fewer
    /// than 4 digits is a number that lost zeros, or a typing error: refused.
    /// </summary>
    /// <param name="raw">The postal code as written.</param>
    /// <returns>The postal code, trimmed, or why not.</returns>
    public static Cleaned PostalCode(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var warnings = new List<string>();
        var value = InvisibleCharacters.Strip(raw, warnings).Trim();
        return value.Length is > 0 and < 4 && value.All(char.IsAsciiDigit)
            ? Cleaned.Refused(value, $"postal code '{value}' has {value.Length} digits; a Dutch or Belgian postal code has 4 (did the spreadsheet drop a leading zero, or is a digit missing?)", warnings)
            : new Cleaned(value, warnings, null);
    }

    /// <summary>Whether 9 digits pass the BSN eleven test: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11.</summary>
    /// <param name="nine">Nine digits.</param>
    /// <returns>Whether they pass.</returns>
    public static bool PassesElevenTest(string nine)
    {
        ArgumentNullException.ThrowIfNull(nine);
        if (nine.Length != 9 || !nine.All(char.IsAsciiDigit) || nine == "000000000")
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (nine[i] - '0');
        }

        sum -= nine[8] - '0';
        return sum % 11 == 0;
    }

    private static string Digits(string raw, List<string> warnings) =>
        string.Concat(InvisibleCharacters.Strip(raw, warnings).Where(c => !char.IsWhiteSpace(c) && c != '.'))
            .ToString(CultureInfo.InvariantCulture);
}
