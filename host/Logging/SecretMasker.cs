using System.Text.RegularExpressions;

namespace ConnectorHost.Logging;

/// <summary>
/// Replaces every known secret value in a text with <see cref="Mask"/>. A long secret (12 characters or more) is
/// masked wherever it occurs; a shorter one only where it stands on its own, not inside a longer word, name or address
/// (so a secret "demo" masks <c>password=demo</c> but leaves <c>demo-firm</c> readable).
/// </summary>
public sealed class SecretMasker
{
    /// <summary>What a secret is replaced by.</summary>
    public const string Mask = "[secret]";

    /// <summary>Secrets at least this long are masked inside other text too.</summary>
    public const int AnywhereFromLength = 12;

    private volatile Regex? _pattern;
    private string[] _secrets = [];

    /// <summary>Adds secrets to mask from now on. Very short values (under 4 characters) are not masked.</summary>
    /// <param name="secrets">The values.</param>
    public void Add(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        lock (this)
        {
            _secrets = _secrets.Concat(secrets.Where(s => s.Length >= 4)).Distinct(StringComparer.Ordinal)
                .OrderByDescending(s => s.Length).ToArray();
            _pattern = _secrets.Length == 0 ? null : new Regex(
                string.Join("|", _secrets.Select(s => s.Length >= AnywhereFromLength
                    ? Regex.Escape(s)
                    : $@"(?<![\p{{L}}\p{{N}}_.-]){Regex.Escape(s)}(?![\p{{L}}\p{{N}}_.-])")),
                RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Masks the secrets in a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without secrets.</returns>
    public string Apply(string text) =>
        string.IsNullOrEmpty(text) || _pattern is not { } pattern ? text : pattern.Replace(text, Mask);
}
