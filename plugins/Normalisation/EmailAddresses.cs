using System.Globalization;
using System.Net.Mail;

namespace ConnectorHost.Plugins.Normalisation;

/// <summary>What the receiving system accepts in an e-mail address.</summary>
/// <param name="AsciiOnly">
/// The receiver needs ASCII: an international domain (<c>café.be</c>) is written in its punycode form
/// (<c>xn--caf-dma.be</c>) and an address whose local part is not ASCII is refused.
/// </param>
public sealed record EmailRules(bool AsciiOnly)
{
    /// <summary>A receiver that takes ASCII addresses only (Certipost, CaseWare Cloud logins).</summary>
    public static EmailRules Ascii { get; } = new(AsciiOnly: true);

    /// <summary>A receiver that takes international addresses as they are.</summary>
    public static EmailRules International { get; } = new(AsciiOnly: false);
}

/// <summary>
/// The one e-mail normaliser every connector uses (CP-9, CW-8): invisible characters and unusual spaces removed,
/// a <c>mailto:</c> prefix and a display name (<c>Jan &lt;jan@x.nl&gt;</c>) stripped with a warning, the domain in
/// lower case (in its xn-- form where the receiver needs ASCII), and the rest checked with the rules of
/// <see cref="MailAddress"/>: one address, no spaces, a domain with a dot.
/// </summary>
public static class EmailAddresses
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Cleans and checks one e-mail address.</summary>
    /// <param name="raw">The address as the office's package or export holds it.</param>
    /// <param name="rules">What the receiver accepts.</param>
    /// <returns>The address to send, with the repairs made, or why it cannot be sent.</returns>
    public static Cleaned Normalise(string raw, EmailRules rules)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(rules);
        var warnings = new List<string>();
        var value = InvisibleCharacters.Strip(raw, warnings).Trim();
        if (value.Length == 0)
        {
            return Cleaned.Refused(raw.Trim(), "empty", warnings);
        }

        if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            var withoutPrefix = value[7..].Trim();
            var query = withoutPrefix.IndexOf('?', StringComparison.Ordinal);
            if (query >= 0)
            {
                withoutPrefix = withoutPrefix[..query];
            }

            warnings.Add($"removed 'mailto:' (a link copied from a web page or a mail) from '{InvisibleCharacters.Visible(value)}'");
            value = Uri.UnescapeDataString(withoutPrefix);
        }

        var open = value.LastIndexOf('<');
        if (open >= 0 && value.EndsWith('>'))
        {
            var name = value[..open].Trim().Trim('"', '\'').Trim();
            value = value[(open + 1)..^1].Trim();
            warnings.Add(name.Length > 0
                ? $"removed the display name '{name}' (only the address between < > is used)"
                : "removed the < > around the address");
        }

        if (value.Contains(';', StringComparison.Ordinal) || value.Contains(',', StringComparison.Ordinal) || value.Count(c => c == '@') > 1)
        {
            return Cleaned.Refused(raw.Trim(), $"'{InvisibleCharacters.Visible(value)}' holds more than one address; keep one", warnings);
        }

        if (value.Any(char.IsWhiteSpace))
        {
            return Cleaned.Refused(raw.Trim(), $"'{InvisibleCharacters.Visible(value)}' has a space inside the address", warnings);
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1)
        {
            return Cleaned.Refused(raw.Trim(), $"'{InvisibleCharacters.Visible(value)}' is not an e-mail address (name@domain)", warnings);
        }

        var local = value[..at];
        var domain = value[(at + 1)..].TrimEnd('.');
        var lowered = domain.ToLowerInvariant();
        if (!lowered.All(c => c < 128))
        {
            if (rules.AsciiOnly)
            {
                try
                {
                    var ascii = Idn.GetAscii(lowered);
                    warnings.Add($"wrote the domain '{lowered}' as '{ascii}' (the receiver needs ASCII)");
                    lowered = ascii;
                }
                catch (ArgumentException)
                {
                    return Cleaned.Refused(raw.Trim(), $"'{InvisibleCharacters.Visible(value)}': the domain '{domain}' is not a valid international domain name", warnings);
                }
            }
        }

        if (rules.AsciiOnly && !local.All(c => c < 128))
        {
            return Cleaned.Refused(raw.Trim(), $"'{value}' has characters outside ASCII before the @ ('{local}'), which the receiver does not take", warnings);
        }

        var address = local + "@" + lowered;
        if (!lowered.Contains('.', StringComparison.Ordinal) || lowered.StartsWith('.') || lowered.Contains("..", StringComparison.Ordinal)
            || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal)
            || !MailAddress.TryCreate(address, out var parsed) || !string.Equals(parsed.Address, address, StringComparison.Ordinal))
        {
            return Cleaned.Refused(raw.Trim(), $"'{InvisibleCharacters.Visible(value)}' is not an e-mail address (name@domain.tld)", warnings);
        }

        return new Cleaned(address, warnings, null);
    }
}
