using System.Reflection;
using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Plugins;

/// <summary>
/// Creates a loaded plugin assembly's <see cref="IConnectorPlugin"/> classes, lets them register, and reads every
/// factory once (type name, settings type, default settings) so that a broken plugin fails here, at load, and not
/// later when a pipeline first uses it.
/// </summary>
internal static class PluginActivator
{
    /// <summary>Activates the plugin classes of an assembly.</summary>
    /// <param name="assembly">The plugin's main assembly, loaded in its own context.</param>
    /// <returns>The plugin's name and the factories it registered, in order.</returns>
    /// <exception cref="PluginRefusedException">Anything in the plugin failed; the message says what.</exception>
    public static (string Name, IReadOnlyList<IComponentFactory> Factories) Activate(Assembly assembly)
    {
        var entryTypes = FindEntryTypes(assembly);
        var names = new List<string>();
        var factories = new List<IComponentFactory>();
        foreach (var type in entryTypes)
        {
            var plugin = Create(type);
            var name = Run(type, "reading its Name", () => plugin.Name);
            names.Add(string.IsNullOrWhiteSpace(name) ? type.Name : name);

            var registry = new ComponentRegistry();
            try
            {
                Run(type, $"Register of plugin '{names[^1]}'", () => plugin.Register(registry));
            }
            finally
            {
                registry.Close();
            }

            foreach (var factory in registry.Factories)
            {
                Inspect(factory, names[^1]);
                factories.Add(factory);
            }
        }

        return (string.Join(", ", names), factories);
    }

    private static List<Type> FindEntryTypes(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            throw new PluginRefusedException(
                $"Loading the plugin's types failed: {PluginFailureText.Describe(ex)}. " +
                "Copy the plugin's complete build output (dotnet publish) into the folder again.",
                ex);
        }

        var contract = typeof(IConnectorPlugin);
        var foreign = types.FirstOrDefault(type => !contract.IsAssignableFrom(type)
            && type.GetInterfaces().Any(i => i.FullName == contract.FullName));
        if (foreign is not null)
        {
            var foreignContract = foreign.GetInterfaces().First(i => i.FullName == contract.FullName);
            throw new PluginRefusedException(
                $"{foreign.FullName} implements {contract.Name} from another copy of {AssemblyMetadata.AbstractionsName} " +
                $"({foreignContract.Assembly.GetName().Version}, {foreignContract.Assembly.Location}) than the host's, so the host " +
                "cannot use it. Rebuild the plugin against the host's abstractions version.");
        }

        var entryTypes = types
            .Where(type => type is { IsClass: true, IsAbstract: false, IsVisible: true } && contract.IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToList();
        if (entryTypes.Count == 0)
        {
            throw new PluginRefusedException(
                $"No public class in {assembly.GetName().Name} implements {contract.Name}, so the plugin has no entry point. " +
                $"Add a public class implementing {contract.FullName}, or remove the folder.");
        }

        var withoutConstructor = entryTypes.FirstOrDefault(type => type.GetConstructor(Type.EmptyTypes) is null);
        if (withoutConstructor is not null)
        {
            throw new PluginRefusedException(
                $"{withoutConstructor.FullName} has no public parameterless constructor, so the host cannot create it. Add one.");
        }

        return entryTypes;
    }

    private static IConnectorPlugin Create(Type type) =>
        Run(type, "its constructor", () => (IConnectorPlugin)Activator.CreateInstance(type)!);

    private static void Inspect(IComponentFactory factory, string pluginName)
    {
        var factoryType = factory.GetType();
        var (settingsType, settings) = Run(factoryType, $"reading component factory {factoryType.FullName} of plugin '{pluginName}'", () =>
        {
            _ = factory.TypeName;
            _ = factory.Kind;
            _ = factory.Description;
            return (factory.SettingsType, factory.CreateDefaultSettings());
        });

        if (settingsType is null || settings is null || !settingsType.IsInstanceOfType(settings))
        {
            throw new PluginRefusedException(
                $"Component factory {factoryType.FullName} of plugin '{pluginName}' returned default settings of type " +
                $"{settings?.GetType().FullName ?? "null"}, not its SettingsType {settingsType?.FullName ?? "null"}. Fix the factory.");
        }
    }

    private static void Run(Type type, string what, Action action) => Run(type, what, () =>
    {
        action();
        return true;
    });

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Design",
        "CA1031:Do not catch general exception types",
        Justification = "Plugin code may throw anything; the failure is contained and reported, never rethrown.")]
    private static T Run<T>(Type type, string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (PluginRefusedException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new PluginRefusedException(
                $"{type.FullName}: {what} threw {PluginFailureText.Describe(ex)}. " +
                "The plugin is not loaded; fix it or ask its supplier for a version that loads.",
                ex);
        }
    }
}
