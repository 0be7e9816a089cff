using System.Collections;
using System.Globalization;
using System.Reflection;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;

namespace ConnectorHost.Cli;

/// <summary>Prints bound settings as YAML-like lines, secrets replaced by <see cref="SecretMasker.Mask"/>.</summary>
internal static class SettingsPrinter
{
    public static void Print(object settings, TextWriter output, string indent)
    {
        foreach (var property in SettingsProperties.Of(settings.GetType()))
        {
            var name = SettingsProperties.YamlName(property);
            var value = property.GetValue(settings);
            if (property.GetCustomAttribute<SecretAttribute>() is not null)
            {
                output.WriteLine($"{indent}{name}: {(value is null or "" ? string.Empty : SecretMasker.Mask)}");
            }
            else if (value is null || SettingsProperties.IsScalarType(property.PropertyType))
            {
                output.WriteLine($"{indent}{name}: {Format(value)}");
            }
            else if (value is IEnumerable items and not IDictionary)
            {
                output.WriteLine($"{indent}{name}:");
                foreach (var item in items)
                {
                    if (SettingsProperties.IsScalarType(item.GetType()))
                    {
                        output.WriteLine($"{indent}  - {Format(item)}");
                    }
                    else
                    {
                        output.WriteLine($"{indent}  -");
                        Print(item, output, indent + "    ");
                    }
                }
            }
            else
            {
                output.WriteLine($"{indent}{name}:");
                Print(value, output, indent + "  ");
            }
        }
    }

    /// <summary>A setting's value as it would be written in the YAML: durations as <c>5m</c>, dates as ISO 8601.</summary>
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        TimeSpan span => span == TimeSpan.Zero ? "0s" : Duration.ToText(span),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime moment => moment.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset moment => moment.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
