using System.Reflection;
using System.Runtime.Loader;
using ConnectorHost.Abstractions.Plugins;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins;

/// <summary>
/// Loads plugins with McMaster.NETCore.Plugins: every direct sub-folder of the plugins folder is one plugin, loaded
/// in its own <see cref="AssemblyLoadContext"/>. Only ConnectorHost.Abstractions and the
/// Microsoft.Extensions.*.Abstractions it exposes are shared with the host; everything else (Autofac, Serilog,
/// Scriban, YamlDotNet, and each plugin's own dependencies) stays private to its side.
/// </summary>
/// <remarks>
/// Each plugin is checked before it is loaded (main assembly found, ABI gate, dependency manifest complete) and
/// exercised once after (references resolved, types loaded, plugin classes created and registered, every factory's
/// default settings created), so that a broken plugin is refused at start-up, with its path and the cause, and the
/// next plugin loads as if nothing happened.
/// </remarks>
public sealed class McMasterPluginLoader : IPluginLoader
{
    private static readonly Type[] SharedTypes = [typeof(IConnectorPlugin), typeof(ILogger), typeof(IServiceCollection)];
    private static readonly Lazy<IReadOnlySet<string>> SharedAssemblyNames = new(FindSharedAssemblyNames);

    private readonly Version _hostAbstractionsVersion;

    /// <summary>Creates the loader for the ConnectorHost.Abstractions version the host runs with.</summary>
    public McMasterPluginLoader()
        : this(typeof(IConnectorPlugin).Assembly.GetName().Version ?? new Version(0, 0))
    {
    }

    /// <summary>
    /// Load each plugin in a collectible context, from a copy in memory (its files stay free to be replaced), so that
    /// a new version can be loaded while the host runs and the old one unloaded (<c>host.reloadPlugins</c>).
    /// </summary>
    public bool Unloadable { get; init; }

    /// <summary>
    /// Load plugins also from folders and files that others than the host's user may write
    /// (<c>host.allowPluginsWritableByOthers</c>); false: <see cref="PluginFolderPermissions"/> refuses them (FH-6).
    /// </summary>
    public bool AllowWritableByOthers { get; set; }

    /// <summary>Creates the loader for a given abstractions version (tests of the ABI gate).</summary>
    /// <param name="hostAbstractionsVersion">The ConnectorHost.Abstractions version the host claims to provide.</param>
    internal McMasterPluginLoader(Version hostAbstractionsVersion)
    {
        ArgumentNullException.ThrowIfNull(hostAbstractionsVersion);
        this._hostAbstractionsVersion = hostAbstractionsVersion;
    }

    /// <inheritdoc />
    public PluginLoadReport LoadAll(string pluginsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginsPath);
        var plugins = new List<LoadedPlugin>();
        var failures = new List<PluginLoadFailure>();
        var root = Path.GetFullPath(pluginsPath);
        if (!Directory.Exists(root))
        {
            failures.Add(new PluginLoadFailure(root,
                "The plugins folder does not exist, so no plugin is loaded. Create it and put one sub-folder per plugin " +
                "in it, or point the configuration at the folder that holds the plugins."));
            return new PluginLoadReport(plugins, failures);
        }

        if (RefusedFolder(root) is { } refused)
        {
            failures.Add(refused);
            return new PluginLoadReport(plugins, failures);
        }

        foreach (var loose in Directory.GetFiles(root, "*.dll").Order(StringComparer.Ordinal))
        {
            failures.Add(new PluginLoadFailure(loose,
                "A DLL directly in the plugins folder is not loaded: each plugin needs its own sub-folder. Move the " +
                $"plugin's files to {Path.Combine(root, "<PluginName>")}{Path.DirectorySeparatorChar}."));
        }

        var catalog = new FactoryCatalog();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var (plugin, failure) = LoadFolder(folder, catalog);
            if (plugin is not null)
            {
                plugins.Add(plugin);
            }
            else if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        return new PluginLoadReport(plugins, failures);
    }

    /// <summary>
    /// Loads one plugin folder again (a new version dropped in while the host runs), next to the plugins already
    /// loaded: its type names must not clash with theirs.
    /// </summary>
    /// <param name="folder">The plugin's folder.</param>
    /// <param name="others">The plugins loaded now, without the one in <paramref name="folder"/>.</param>
    /// <param name="failures">Receives why the plugin was refused.</param>
    /// <returns>The loaded plugin, or null when it failed to load (see <paramref name="failures"/>).</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "One plugin folder must never stop the others from loading; the failure is reported.")]
    internal LoadedPlugin? LoadOne(string folder, IEnumerable<LoadedPlugin> others, List<PluginLoadFailure> failures)
    {
        var catalog = new FactoryCatalog();
        foreach (var other in others)
        {
            catalog.Add(other.Name, other.Folder, other.Factories);
        }

        var (plugin, failure) = RefusedFolder(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))!) is { } refused
            ? (null, refused)
            : LoadFolder(Path.GetFullPath(folder), catalog);
        if (failure is not null)
        {
            failures.Add(failure);
        }

        return plugin;
    }

    private (LoadedPlugin? Plugin, PluginLoadFailure? Failure) LoadFolder(string folder, FactoryCatalog catalog)
    {
        var path = folder;
        try
        {
            if (!AllowWritableByOthers)
            {
                PluginFolderPermissions.VerifyPlugin(folder);
            }

            var main = MainAssemblyLocator.Locate(folder);
            path = main.Path;
            MainAssemblyLocator.EnsureAssembly(main);
            AbiGate.Verify(main, _hostAbstractionsVersion);
            DependencyManifestCheck.Verify(main.Path, SharedAssemblyNames.Value);

            var (loader, assembly) = Load(main.Path);
            try
            {
                var manifest = PluginManifest.Read(assembly, main, _hostAbstractionsVersion);
                var (name, factories) = PluginActivator.Activate(assembly);
                List<string> problems = [.. PluginRules.CheckFactories(name, factories), .. catalog.Clashes(name, folder, factories)];
                if (problems.Count > 0)
                {
                    // SDK-8: never half-loaded. None of the plugin's components loads; each pipeline that names one
                    // is told this plugin's reason.
                    throw new PluginRefusedException(
                        $"Plugin '{name}' is not loaded, none of its {factories.Count} component(s) ({string.Join(", ", factories.Select(f => f.TypeName))}): {string.Join(" ", problems)}")
                    { TypeNames = [.. factories.Select(f => f.TypeName)] };
                }

                catalog.Add(name, folder, factories);
                return (new LoadedPlugin(name, folder, main.Path, assembly.GetName().Version, factories) { Manifest = manifest, LoadContext = Unloadable ? loader : null, Sha256 = PluginFolderPermissions.Sha256(main.Path) }, null);
            }
            catch
            {
                if (Unloadable)
                {
                    loader.Dispose();
                }

                throw;
            }
        }
        catch (PluginRefusedException ex)
        {
            return (null, new PluginLoadFailure(path, ex.Message) { TypeNames = ex.TypeNames });
        }
        catch (Exception ex)
        {
            // Whatever else goes wrong with one folder (I/O, the loading library, the runtime) stays with that folder.
            return (null, new PluginLoadFailure(path,
                $"The plugin could not be loaded: {PluginFailureText.Describe(ex)}. Check the folder's files and " +
                "permissions, or copy the plugin's complete build output (dotnet publish) into the folder again."));
        }
    }

    /// <summary>The plugins folder refused because others may write it (FH-6), or null.</summary>
    private PluginLoadFailure? RefusedFolder(string pluginsFolder)
    {
        try
        {
            if (!AllowWritableByOthers)
            {
                PluginFolderPermissions.VerifyRoot(pluginsFolder);
            }

            return null;
        }
        catch (PluginRefusedException ex)
        {
            return new PluginLoadFailure(pluginsFolder, ex.Message.Replace("The plugin is not loaded", "No plugin is loaded", StringComparison.Ordinal));
        }
    }

    private (PluginLoader Loader, Assembly Assembly) Load(string mainAssemblyPath)
    {
        var unloadable = Unloadable;
        var loader = PluginLoader.CreateFromAssemblyFile(mainAssemblyPath, SharedTypes, config =>
        {
            config.IsUnloadable = unloadable;
            config.LoadInMemory = unloadable;
        });
        var assembly = loader.LoadDefaultAssembly();

        // Resolve every assembly the plugin references now, in its own context, so that a missing one is
        // reported at load rather than when a pipeline first runs the code that needs it.
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            try
            {
                loader.LoadAssembly(reference);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new PluginRefusedException(
                    $"The plugin needs {reference.Name} {reference.Version}, which could not be resolved: " +
                    $"{PluginFailureText.Describe(ex)}. It is neither in the plugin's folder nor shared by the host; copy the " +
                    "plugin's complete build output (dotnet publish) into the folder again.",
                    ex);
            }
        }

        return (loader, assembly);
    }

    /// <summary>
    /// The names of the assemblies McMaster shares with every plugin: the shared types' assemblies and, as it does,
    /// everything they reference.
    /// </summary>
    private static IReadOnlySet<string> FindSharedAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<AssemblyName>(SharedTypes.Select(type => type.Assembly.GetName()));
        while (pending.TryPop(out var name))
        {
            if (name.Name is null || !names.Add(name.Name))
            {
                continue;
            }

            try
            {
                foreach (var reference in AssemblyLoadContext.Default.LoadFromAssemblyName(name).GetReferencedAssemblies())
                {
                    pending.Push(reference);
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                // Not resolvable in the host: shared by name only, as McMaster does.
            }
        }

        return names;
    }
}
