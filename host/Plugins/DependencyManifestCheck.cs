using System.Text.Json;

namespace ConnectorHost.Plugins;

/// <summary>
/// Checks, before anything is loaded, that every managed assembly the plugin's <c>.deps.json</c> lists is present
/// in its folder.
/// </summary>
/// <remarks>
/// A missing dependency does not always fail by itself: when the plugin's load context cannot find an assembly,
/// the runtime falls back to the host's default context, so a plugin missing (say) Newtonsoft.Json.dll silently
/// runs on the host's private copy, at the host's version, if the host happens to carry one. That breaks the
/// isolation the plugin was built for; this check refuses such a plugin and names the missing file.
/// Assemblies the host shares with plugins are exempt: the host's copy is the one used.
/// </remarks>
internal static class DependencyManifestCheck
{
    /// <summary>Refuses the plugin when an assembly its dependency manifest lists is missing from its folder.</summary>
    /// <param name="mainAssemblyPath">The plugin's main assembly; its manifest is next to it.</param>
    /// <param name="sharedAssemblyNames">The assemblies the host shares; they need not be in the folder.</param>
    /// <exception cref="PluginRefusedException">An assembly is missing or the manifest cannot be read.</exception>
    public static void Verify(string mainAssemblyPath, IReadOnlySet<string> sharedAssemblyNames)
    {
        var folder = Path.GetDirectoryName(mainAssemblyPath)!;
        var manifest = Path.ChangeExtension(mainAssemblyPath, ".deps.json");
        if (!File.Exists(manifest))
        {
            return;
        }

        List<string> missing;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
            missing = [.. FindMissing(document.RootElement, folder, sharedAssemblyNames)];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new PluginRefusedException(
                $"Its dependency manifest {Path.GetFileName(manifest)} cannot be read ({ex.Message}). " +
                "Copy the plugin's complete build output (dotnet publish) into the folder again.",
                ex);
        }

        if (missing.Count > 0)
        {
            throw new PluginRefusedException(
                $"Dependencies listed in {Path.GetFileName(manifest)} are missing from the folder: {string.Join("; ", missing)}. " +
                "Copy the plugin's complete build output (dotnet publish) into the folder again.");
        }
    }

    private static IEnumerable<string> FindMissing(JsonElement root, string folder, IReadOnlySet<string> shared)
    {
        if (!root.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var target in targets.EnumerateObject())
        {
            foreach (var library in target.Value.EnumerateObject())
            {
                if (!library.Value.TryGetProperty("runtime", out var runtime) || runtime.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var asset in runtime.EnumerateObject())
                {
                    var fileName = Path.GetFileName(asset.Name);
                    if (shared.Contains(Path.GetFileNameWithoutExtension(fileName))
                        || File.Exists(Path.Combine(folder, fileName))
                        || File.Exists(Path.Combine(folder, asset.Name)))
                    {
                        continue;
                    }

                    yield return $"{fileName} (from {library.Name.Replace('/', ' ')})";
                }
            }
        }
    }
}
