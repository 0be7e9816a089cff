using System.Reflection;
using System.Text.RegularExpressions;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Configuration;

namespace ConnectorHost.Plugins;

/// <summary>
/// The rules a plugin must meet to load, in one place (SDK-7): the host's loader applies them to every plugin folder,
/// and the test kit (<c>ConnectorHost.Testing.PluginCheck</c>) applies the same to the plugin under test, so a plugin
/// the host would refuse fails its own tests with the host's words. The rules: the manifest (when declared) names the
/// plugin and its version, and its target is the ConnectorHost.Abstractions version the plugin is compiled against
/// (read from its references, SDK-9); each component type name is lower case and dotted (<see cref="TypeNameRule"/>)
/// and registered once; each settings class can be created and marks only text as <see cref="SecretAttribute">secret</see>.
/// </summary>
public static partial class PluginRules
{
    /// <summary>The shape of a component type name, as the error messages and the docs say it.</summary>
    public const string TypeNameRule =
        "type names are lower case, dotted, like 'plugin.component' (letters and digits, at least two parts; no dashes, underscores or capitals)";

    /// <summary>Whether a component type name has the required shape: <c>acme.invoices.dailysummary</c>.</summary>
    /// <param name="typeName">The name.</param>
    /// <returns>True when it is allowed.</returns>
    public static bool IsValidTypeName(string? typeName) => typeName is not null && TypeNameShape().IsMatch(typeName);

    /// <summary>Every problem with the component factories one plugin registered, each as one sentence with what to do.</summary>
    /// <param name="pluginName">The plugin's name.</param>
    /// <param name="factories">What it registered, in order.</param>
    /// <returns>The problems; empty when the factories may load.</returns>
    public static IReadOnlyList<string> CheckFactories(string pluginName, IReadOnlyList<IComponentFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var factory in factories)
        {
            var typeName = factory.TypeName;
            if (!IsValidTypeName(typeName))
            {
                problems.Add(
                    $"Component type name '{typeName}' of plugin '{pluginName}' ({factory.GetType().FullName}) is refused: {TypeNameRule}. " +
                    "Rename it (the plugin's supplier must, for a plugin bought in).");
            }
            else if (!seen.Add(typeName))
            {
                problems.Add($"Component type name '{typeName}' is registered twice by plugin '{pluginName}'. Give each component its own type name.");
            }

            problems.AddRange(CheckSettings(typeName, factory.SettingsType));
        }

        return problems;
    }

    /// <summary>
    /// Checks a plugin assembly that is already loaded (in a test, say) the way the host checks a plugin folder: its
    /// reference to the abstractions, its manifest, its plugin classes (created, registered) and every factory. Never
    /// throws for a problem of the plugin: every problem is in <see cref="PluginRulesResult.Problems"/>.
    /// </summary>
    /// <param name="assembly">The plugin's main assembly.</param>
    /// <returns>What the host would see, and every reason it would refuse the plugin.</returns>
    public static PluginRulesResult Check(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var host = typeof(IConnectorPlugin).Assembly.GetName().Version ?? new Version(0, 0);
        var problems = new List<string>();
        var metadata = AssemblyMetadata.Read(assembly.Location);
        PluginManifest? manifest = null;
        try
        {
            AbiGate.Verify(metadata, host);
            manifest = PluginManifest.Read(assembly, metadata, host);
        }
        catch (PluginRefusedException ex)
        {
            problems.Add(ex.Message);
        }

        try
        {
            var (name, factories) = PluginActivator.Activate(assembly);
            problems.AddRange(CheckFactories(name, factories));
            return new PluginRulesResult(name, manifest, factories, problems);
        }
        catch (PluginRefusedException ex)
        {
            problems.Add(ex.Message);
            return new PluginRulesResult(assembly.GetName().Name ?? assembly.Location, manifest, [], problems);
        }
    }

    private static IEnumerable<string> CheckSettings(string typeName, Type? settingsType)
    {
        if (settingsType is null)
        {
            yield break;
        }

        if (!settingsType.IsClass || settingsType.IsAbstract || settingsType.GetConstructor(Type.EmptyTypes) is null)
        {
            yield return $"The settings class {settingsType.FullName} of component '{typeName}' has no public parameterless constructor, so the host cannot bind the YAML to it. Add one.";
            yield break;
        }

        foreach (var property in SettingsProperties.Of(settingsType))
        {
            if (property.GetCustomAttribute<SecretAttribute>() is not null && !IsText(property.PropertyType))
            {
                yield return $"Setting '{SettingsProperties.YamlName(property)}' of component '{typeName}' ({settingsType.Name}.{property.Name}) is marked [Secret] but is a {property.PropertyType.Name}: only text (a string) can be a secret. Remove [Secret] or make it a string.";
            }
        }
    }

    private static bool IsText(Type type) => type == typeof(string) || type == typeof(Uri);

    [GeneratedRegex("^[a-z][a-z0-9]*(\\.[a-z][a-z0-9]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeNameShape();
}

/// <summary>What <see cref="PluginRules.Check"/> found about a plugin assembly.</summary>
/// <param name="Name">The plugin's name (its <see cref="IConnectorPlugin.Name"/>, or the assembly's when none could be read).</param>
/// <param name="Manifest">Its manifest, or null when it was refused.</param>
/// <param name="Factories">The factories it registered.</param>
/// <param name="Problems">Every reason the host would refuse it; empty when it loads.</param>
public sealed record PluginRulesResult(string Name, PluginManifest? Manifest, IReadOnlyList<IComponentFactory> Factories, IReadOnlyList<string> Problems)
{
    /// <summary>True when the host would load the plugin.</summary>
    public bool Loads => Problems.Count == 0;
}
