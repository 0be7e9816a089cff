using ConnectorHost.Configuration;

namespace ConnectorHost.Testing;

/// <summary>Settings bound from a YAML snippet, with the errors the host would report for it.</summary>
/// <typeparam name="TSettings">The settings class.</typeparam>
/// <param name="Settings">The bound settings (defaults where a value was missing or wrong).</param>
/// <param name="Errors">Every error, each with line and column in the snippet, path, message and hint.</param>
public sealed record SettingsResult<TSettings>(TSettings Settings, IReadOnlyList<ConfigError> Errors)
    where TSettings : class
{
    /// <summary>True when the host would accept the snippet.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>The settings, or an exception listing every error when the host would refuse them.</summary>
    /// <returns>The bound, valid settings.</returns>
    /// <exception cref="ConfigurationException">The snippet has errors; the message lists them as <c>validate</c> does.</exception>
    public TSettings Valid() => IsValid ? Settings : throw new ConfigurationException(Errors);
}
