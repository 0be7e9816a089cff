using System.Reflection;
using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>What a plugin says about itself: from its <see cref="ConnectorHostPluginAttribute"/>, or else from its assembly.</summary>
/// <param name="Name">The plugin's name.</param>
/// <param name="Version">The plugin's version.</param>
/// <param name="TargetAbstractions">The ConnectorHost.Abstractions version it is built against.</param>
/// <param name="Declared">True when the plugin carries the attribute; false when the host derived the values.</param>
public sealed record PluginManifest(string Name, string Version, string TargetAbstractions, bool Declared)
{
    /// <summary>One line for <c>plugins</c> and the dashboard.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Name} {Version} (targets ConnectorHost.Abstractions {TargetAbstractions}{(Declared ? string.Empty : ", no [assembly: ConnectorHostPlugin] manifest")})";

    /// <summary>Reads the manifest of a loaded plugin assembly and checks its target against the host's abstractions.</summary>
    /// <param name="assembly">The plugin's main assembly.</param>
    /// <param name="metadata">The assembly's metadata, read before loading.</param>
    /// <param name="host">The abstractions version the host provides.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="PluginRefusedException">The declared target is not a version, or one this host cannot honour.</exception>
    internal static PluginManifest Read(Assembly assembly, AssemblyMetadata metadata, Version host)
    {
        var fileName = Path.GetFileName(metadata.Path);
        var attribute = assembly.GetCustomAttribute<ConnectorHostPluginAttribute>();
        if (attribute is null)
        {
            var name = assembly.GetName();
            return new PluginManifest(name.Name ?? fileName, name.Version?.ToString(3) ?? "0.0.0", metadata.AbstractionsReference?.ToString(3) ?? "?", Declared: false);
        }

        if (string.IsNullOrWhiteSpace(attribute.Name) || string.IsNullOrWhiteSpace(attribute.Version))
        {
            throw new PluginRefusedException($"{fileName} declares [assembly: ConnectorHostPlugin] without a name or version. Give both, for example [assembly: ConnectorHostPlugin(\"Acme.Echo\", \"1.0.0\")], and build it again.");
        }

        if (!System.Version.TryParse(attribute.TargetAbstractions, out var target))
        {
            throw new PluginRefusedException($"{fileName} declares target abstractions '{attribute.TargetAbstractions}', which is not a version. Leave the third argument of [assembly: ConnectorHostPlugin] out, so the compiler fills it in, and build it again.");
        }

        // SDK-9: the declaration is checked against what the plugin is compiled against (its reference, whose version
        // carries major.minor), not taken on trust.
        if (metadata.AbstractionsReference is { } compiled && (compiled.Major != target.Major || compiled.Minor != target.Minor))
        {
            throw new PluginRefusedException(
                $"{fileName} declares that it targets {AssemblyMetadata.AbstractionsName} {attribute.TargetAbstractions}, but it is compiled against " +
                $"{compiled.ToString(2)} (its reference says so). Leave the third argument of [assembly: ConnectorHostPlugin] out, so the compiler " +
                "fills in the version it builds against, and build it again.");
        }

        AbiGate.Verify(metadata with { AbstractionsReference = target }, host);
        return new PluginManifest(attribute.Name, attribute.Version, attribute.TargetAbstractions, Declared: true);
    }
}
