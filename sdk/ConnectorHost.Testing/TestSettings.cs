using ConnectorHost.Configuration;

namespace ConnectorHost.Testing;

/// <summary>
/// Binds a component's settings from YAML with the host's own rules: camelCase keys, durations (<c>90s</c>,
/// <c>5m</c>, <c>00:01:30</c>), <c>${ENV}</c> and <c>${file:path}</c> references, <c>[Required]</c>,
/// <c>[Range]</c>, <c>[RegularExpression]</c> and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>.
/// </summary>
public static class TestSettings
{
    /// <summary>Binds the keys that would stand under a component's <c>settings:</c>.</summary>
    /// <typeparam name="TSettings">The settings class.</typeparam>
    /// <param name="yaml">The snippet, for example <c>"folder: in\ninterval: 5m"</c>.</param>
    /// <param name="environment">The environment variables <c>${NAME}</c> may reference; none when null.</param>
    /// <param name="folder">The folder relative <c>${file:}</c> paths are taken from; the current folder when null.</param>
    /// <returns>The settings and every error the host would report, with line and column in the snippet.</returns>
    public static SettingsResult<TSettings> SettingsFor<TSettings>(
        string yaml,
        IReadOnlyDictionary<string, string>? environment = null,
        string? folder = null)
        where TSettings : class, new()
    {
        var result = SettingsSnippet.Bind(
            typeof(TSettings),
            yaml,
            folder ?? Directory.GetCurrentDirectory(),
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null);
        return new SettingsResult<TSettings>((TSettings)result.Settings, result.Errors);
    }
}
