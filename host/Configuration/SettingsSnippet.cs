using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConnectorHost.Configuration;

/// <summary>
/// Binds one component's <c>settings:</c> block, given as a YAML snippet, with exactly the rules the host applies to
/// <c>connectorhost.yaml</c>: camelCase keys, durations, <c>${ENV}</c> and <c>${file:}</c> references, the
/// DataAnnotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>. Used by
/// ConnectorHost.Testing, so that a plugin's tests see the errors an admin would see.
/// </summary>
public static class SettingsSnippet
{
    /// <summary>The file name errors of a snippet carry.</summary>
    public const string FileName = "settings.yaml";

    /// <summary>Binds and validates a snippet onto a new instance of <paramref name="settingsType"/>.</summary>
    /// <param name="settingsType">The settings class (public parameterless constructor).</param>
    /// <param name="yaml">The block's content: the keys that would stand under <c>settings:</c>.</param>
    /// <param name="folder">The folder relative <c>${file:}</c> references are taken from.</param>
    /// <param name="environment">Reads environment variables for <c>${NAME}</c> references.</param>
    /// <returns>The bound settings and every error, with line and column in the snippet.</returns>
    public static SettingsSnippetResult Bind(Type settingsType, string yaml, string folder, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settingsType);
        ArgumentNullException.ThrowIfNull(yaml);
        var context = new BindingContext(FileName, new SecretReferences(Path.GetFullPath(folder), environment));
        YamlNode? root = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.FirstOrDefault()?.RootNode;
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, string.Empty, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", "Check the indentation and the quoting around this place.");
            return new SettingsSnippetResult(Activator.CreateInstance(settingsType)!, context.Errors, context.SecretValues);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this instead of a YamlException when the text ends inside a flow collection.
            var lines = yaml.Split('\n');
            context.Error(new Mark(0, lines.Length, lines[^1].Length + 1), string.Empty, "not valid YAML: the snippet ends inside an unclosed [ ], { } or quoted value", "Look for a [, { or quote above that is never closed.");
            return new SettingsSnippetResult(Activator.CreateInstance(settingsType)!, context.Errors, context.SecretValues);
        }

        var settings = SettingsBinder.BindObject(settingsType, root, Mark.Empty, "settings", context);
        return new SettingsSnippetResult(settings, context.Errors, context.SecretValues);
    }
}

/// <summary>What <see cref="SettingsSnippet.Bind"/> produced.</summary>
/// <param name="Settings">The bound instance (defaults where a value was missing or wrong).</param>
/// <param name="Errors">Every problem, each with line, column, path, message and hint; empty when valid.</param>
/// <param name="SecretValues">The values of settings marked secret, as the host would mask them in logs.</param>
public sealed record SettingsSnippetResult(object Settings, IReadOnlyList<ConfigError> Errors, IReadOnlySet<string> SecretValues);
