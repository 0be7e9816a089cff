using System.ComponentModel.DataAnnotations;
using System.Reflection;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Plugins;

namespace ConnectorHost.Cli;

/// <summary><c>plugins</c>: what is in the plugins folder, and every setting of every component.</summary>
internal static class PluginsCommand
{
    public static int Execute(string file, TextWriter output, TextWriter error)
    {
        var parsed = ConfigurationLoader.Parse(file);
        if (parsed.Errors.Count > 0)
        {
            return CommandLine.Report(new ConfigurationException(parsed.Errors), error);
        }

        var report = new McMasterPluginLoader { AllowWritableByOthers = parsed.Host.AllowPluginsWritableByOthers }.LoadAll(parsed.PluginsFolder);
        output.WriteLine($"Plugins folder: {parsed.PluginsFolder}");
        foreach (var plugin in report.Plugins)
        {
            output.WriteLine();
            output.WriteLine($"{plugin.Manifest} ({plugin.AssemblyPath})");
            foreach (var factory in plugin.Factories)
            {
                output.WriteLine($"  {factory.TypeName} ({factory.Kind}): {factory.Description}");
                PrintSettings(factory.SettingsType, factory.CreateDefaultSettings(), output, "    ");
                PrintAdminCommands(factory.AdminCommands, output, "    ");
            }
        }

        foreach (var failure in report.Failures)
        {
            error.WriteLine($"error: plugin at {failure.Path} was not loaded: {failure.Reason}");
        }

        return report.Failures.Count > 0 ? ExitCodes.RuntimeFailure : ExitCodes.Ok;
    }

    private static void PrintSettings(Type type, object? defaults, TextWriter output, string indent)
    {
        foreach (var property in SettingsProperties.Of(type))
        {
            var notes = new List<string> { TypeName(property.PropertyType) };
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                notes.Add("required");
            }

            if (property.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                notes.Add($"{range.Minimum}..{range.Maximum}");
            }

            if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
            {
                notes.Add($"pattern {pattern.Pattern}");
            }

            var secret = property.GetCustomAttribute<SecretAttribute>() is not null;
            if (secret)
            {
                notes.Add("secret");
            }

            var value = defaults is null ? null : property.GetValue(defaults);
            if (!secret && value is not null && SettingsProperties.IsScalarType(property.PropertyType) && SettingsPrinter.Format(value) is { Length: > 0 } text)
            {
                notes.Add($"default {text}");
            }

            notes.AddRange(property.GetCustomAttributes<ExampleAttribute>().Select(example => $"example {example.Value}"));

            output.WriteLine($"{indent}{SettingsProperties.YamlName(property)} ({string.Join(", ", notes)}): {SettingsProperties.DescriptionOf(property)}");
            var nested = SettingsProperties.IsListType(property.PropertyType, out var element) ? element : property.PropertyType;
            if (!SettingsProperties.IsScalarType(nested) && !SettingsProperties.IsDictionaryType(nested, out _))
            {
                PrintSettings(nested, nested == property.PropertyType ? value : null, output, indent + "  ");
            }
        }
    }

    private static void PrintAdminCommands(IReadOnlyList<AdminCommand> commands, TextWriter output, string indent)
    {
        if (commands.Count == 0)
        {
            return;
        }

        output.WriteLine($"{indent}admin commands (connectorhost command <pipeline> <command>):");
        foreach (var command in commands)
        {
            var arguments = command.Parameters.Count == 0
                ? string.Empty
                : "; --arg " + string.Join(", --arg ", command.Parameters.Select(p => $"{p.Name}=...{(p.Required ? " (required)" : string.Empty)}"));
            output.WriteLine($"{indent}  {command.Name} ({(command.ChangesState ? "action, audited" : "view, read-only")}{arguments}): {command.Description}");
        }
    }

    internal static string TypeName(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target switch
        {
            var t when t == typeof(string) => "text",
            var t when t == typeof(bool) => "true/false",
            var t when t == typeof(int) || t == typeof(long) => "number",
            var t when t == typeof(TimeSpan) => "duration",
            var t when t == typeof(DateOnly) => "date (yyyy-MM-dd)", // the words of docs/reference
            var t when t == typeof(Uri) => "address (URL)",
            var t when t == typeof(double) || t == typeof(decimal) => "number",
            var t when t.IsEnum => string.Join("|", Enum.GetNames(t)),
            var t when SettingsProperties.IsListType(t, out _) => "list",
            var t when SettingsProperties.IsScalarType(t) => t.Name,
            _ => "mapping",
        };
    }
}
