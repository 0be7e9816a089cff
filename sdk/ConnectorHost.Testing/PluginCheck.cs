using System.Reflection;
using ConnectorHost.Plugins;

namespace ConnectorHost.Testing;

/// <summary>
/// Applies the host's loader rules to the plugin under test (SDK-7), through the same validator the host runs when it
/// loads a plugin folder (<see cref="PluginRules"/>): the manifest and its abstractions version against the plugin's
/// references, the plugin classes created and registered, every component type name (lower case, dotted, once) and
/// every settings class. A plugin the host would refuse fails its own test, with the words the host would log.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public void The_plugin_loads_in_the_host() => PluginCheck.ShouldLoad(typeof(Plugin).Assembly);
/// </code>
/// </example>
public static class PluginCheck
{
    /// <summary>Checks a plugin assembly as the host would; never throws for a problem of the plugin.</summary>
    /// <param name="pluginAssembly">The plugin's main assembly (<c>typeof(MyPlugin).Assembly</c>).</param>
    /// <returns>The plugin's name, manifest, factories and every reason the host would refuse it.</returns>
    public static PluginRulesResult Check(Assembly pluginAssembly) => PluginRules.Check(pluginAssembly);

    /// <summary>Checks a plugin assembly as the host would, and throws when the host would refuse it.</summary>
    /// <param name="pluginAssembly">The plugin's main assembly (<c>typeof(MyPlugin).Assembly</c>).</param>
    /// <returns>The plugin's name, manifest and factories.</returns>
    /// <exception cref="PluginCheckException">The host would refuse the plugin; the message lists every reason.</exception>
    public static PluginRulesResult ShouldLoad(Assembly pluginAssembly)
    {
        var result = PluginRules.Check(pluginAssembly);
        if (!result.Loads)
        {
            throw new PluginCheckException(
                $"The host would refuse plugin '{result.Name}' ({pluginAssembly.Location}), and none of its components would load:"
                + string.Concat(result.Problems.Select(p => Environment.NewLine + "- " + p)),
                result.Problems);
        }

        return result;
    }
}

/// <summary>Thrown by <see cref="PluginCheck.ShouldLoad"/> when the host would refuse the plugin.</summary>
public sealed class PluginCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginCheckException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every reason, one a line.</param>
    public PluginCheckException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every reason, one a line.</param>
    /// <param name="innerException">The cause.</param>
    public PluginCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Every reason, one a line.</param>
    /// <param name="problems">The reasons.</param>
    public PluginCheckException(string message, IReadOnlyList<string> problems)
        : base(message) => Problems = problems;

    /// <summary>Every reason the host would refuse the plugin.</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
