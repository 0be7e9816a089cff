namespace ConnectorHost.Logging;

/// <summary>Replaces every known secret value in a text with <see cref="Mask"/>.</summary>
public sealed class SecretMasker
{
    /// <summary>What a secret is replaced by.</summary>
    public const string Mask = "[secret]";

    private volatile string[] _secrets = [];

    /// <summary>Adds secrets to mask from now on. Very short values (under 4 characters) are not masked.</summary>
    /// <param name="secrets">The values.</param>
    public void Add(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = _secrets.Concat(secrets.Where(s => s.Length >= 4)).Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length).ToArray();
    }

    /// <summary>Masks the secrets in a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without secrets.</returns>
    public string Apply(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
