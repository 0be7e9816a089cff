using System.Text;

namespace ConnectorHost.Plugins.Normalisation;

/// <summary>How the receiver wants phone numbers.</summary>
/// <param name="E164">In the international form, <c>+31612345678</c>; otherwise as written, cleaned (<c>0612345678</c>).</param>
/// <param name="CountryCallingCode">The calling code of numbers written without one, <c>31</c> for the Netherlands.</param>
public sealed record PhoneRules(bool E164, string CountryCallingCode = "31")
{
    /// <summary>Dutch numbers, kept in their national form.</summary>
    public static PhoneRules Dutch { get; } = new(E164: false);

    /// <summary>Dutch numbers, sent in E.164.</summary>
    public static PhoneRules DutchE164 { get; } = new(E164: true);
}

/// <summary>
/// The one phone normaliser: separators and invisible characters removed, <c>00</c> read as <c>+</c>, and a Dutch
/// mobile number that lost its leading zero in a spreadsheet (<c>612345678</c>, a number cell) repaired to
/// <c>0612345678</c> with a warning (PO-10). Any other number without its 0 or + is refused: which one it was cannot
/// be told, and an SMS code must not go to a wrong number.
/// </summary>
public static class PhoneNumbers
{
    /// <summary>Cleans and checks one phone number.</summary>
    /// <param name="raw">The number as written.</param>
    /// <param name="rules">What the receiver wants.</param>
    /// <returns>The number to send, with the repairs made, or why it cannot be sent.</returns>
    public static Cleaned Normalise(string raw, PhoneRules rules)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(rules);
        var warnings = new List<string>();
        var text = InvisibleCharacters.Strip(raw, warnings).Trim();
        var shown = InvisibleCharacters.Visible(raw.Trim());
        var digits = new StringBuilder();
        var plus = false;
        text = text.Replace("(0)", string.Empty, StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && i == 0)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '/' or '(' or ')'))
            {
                return Cleaned.Refused(raw.Trim(), $"'{shown}' is not a phone number (it holds '{c}')", warnings);
            }
        }

        var number = digits.ToString();
        if (number.Length == 0)
        {
            return Cleaned.Refused(raw.Trim(), "empty", warnings);
        }

        if (!plus && number.StartsWith("00", StringComparison.Ordinal))
        {
            plus = true;
            number = number[2..];
        }

        if (plus)
        {
            return number.Length is >= 8 and <= 15
                ? new Cleaned("+" + number, warnings, null)
                : Cleaned.Refused(raw.Trim(), $"'{shown}' is not an international phone number (+ and 8 to 15 digits)", warnings);
        }

        if (number.StartsWith('0'))
        {
            if (number.Length is < 9 or > 10)
            {
                return Cleaned.Refused(raw.Trim(), $"'{shown}' has {number.Length} digits; a phone number written with its 0 has 9 or 10", warnings);
            }

            return new Cleaned(rules.E164 ? "+" + rules.CountryCallingCode + number[1..] : number, warnings, null);
        }

        if (rules.CountryCallingCode == "31" && number.Length == 9 && number[0] == '6')
        {
            var repaired = "0" + number;
            warnings.Add($"mobile number '{shown}' lost its leading zero (a number cell in the spreadsheet); read as {repaired}");
            return new Cleaned(rules.E164 ? "+31" + number : repaired, warnings, null);
        }

        return number.Length is 8 or 9
            ? Cleaned.Refused(raw.Trim(), $"'{shown}' has no leading 0 or +: did the spreadsheet drop a leading zero? Which number it was cannot be told; enter it as text with its 0 or +", warnings)
            : Cleaned.Refused(raw.Trim(), $"'{shown}' is not a phone number (write it with its 0 or +, for example 06 1234 5678)", warnings);
    }
}
