using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using ConnectorHost.Abstractions.Settings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConnectorHost.Configuration;

/// <summary>
/// Binds a YAML node onto a typed settings class by reflection and validates it with its DataAnnotations,
/// reporting every problem with its line and column instead of stopping at the first.
/// </summary>
internal static class SettingsBinder
{
    /// <summary>Binds a mapping onto a new instance of <paramref name="type"/>.</summary>
    /// <param name="type">The settings class.</param>
    /// <param name="node">The mapping, or <c>null</c> when the block is absent (defaults are used).</param>
    /// <param name="owner">Where to report problems of an absent block (the key that should hold it).</param>
    /// <param name="path">The settings path, for messages.</param>
    /// <param name="context">Collects errors and secrets.</param>
    /// <returns>The bound instance (with defaults where values were missing or wrong).</returns>
    public static object BindObject(Type type, YamlNode? node, Mark owner, string path, BindingContext context)
    {
        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"{type.Name} needs a public parameterless constructor.");
        var properties = SettingsProperties.Of(type);
        var present = new Dictionary<PropertyInfo, YamlNode>();
        var unbound = new HashSet<PropertyInfo>(); // reported already: not reported again as missing or invalid
        var errorsBefore = context.Errors.Count;
        var mapping = node as YamlMappingNode;
        if (node is not null && mapping is null && !IsNull(node))
        {
            context.Error(node, owner, path, $"expected a mapping of settings ({string.Join(", ", properties.Select(p => SettingsProperties.YamlName(p)))}), got {Describe(node)}");
            return instance;
        }

        foreach (var (keyNode, valueNode) in mapping?.Children ?? Enumerable.Empty<KeyValuePair<YamlNode, YamlNode>>())
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var property = properties.FirstOrDefault(p => string.Equals(SettingsProperties.YamlName(p), key, StringComparison.OrdinalIgnoreCase));
            var keyPath = Join(path, key);
            if (property is null)
            {
                context.Error(keyNode, owner, keyPath, $"unknown setting '{key}'", DidYouMean.Hint(key, properties.Select(SettingsProperties.YamlName).ToList()));
                continue;
            }

            if (!string.Equals(SettingsProperties.YamlName(property), key, StringComparison.Ordinal))
            {
                // A key in another case is not taken silently: the admin reads what is written, the host what it knows.
                context.Error(keyNode, owner, keyPath, $"unknown setting '{key}'", $"Did you mean '{SettingsProperties.YamlName(property)}'? Keys are camelCase, exactly as in the reference.");
                continue;
            }

            present[property] = valueNode;
            var secret = property.GetCustomAttribute<SecretAttribute>() is not null;
            if (TryBindValue(property.PropertyType, valueNode, keyNode.Start, keyPath, secret, context, out var value))
            {
                property.SetValue(instance, value);
            }
            else
            {
                unbound.Add(property);
            }
        }

        Validate(instance, [.. properties.Where(p => !unbound.Contains(p))], present, node?.Start ?? owner, path, context);
        if (instance is System.ComponentModel.DataAnnotations.IValidatableObject && context.Errors.Count == errorsBefore)
        {
            ValidateObject(instance, properties, present, node?.Start ?? owner, path, context);
        }

        return instance;
    }

    private static void Validate(object instance, IReadOnlyList<PropertyInfo> properties, Dictionary<PropertyInfo, YamlNode> present, Mark mappingMark, string path, BindingContext context)
    {
        foreach (var property in properties)
        {
            var name = SettingsProperties.YamlName(property);
            var value = property.GetValue(instance);
            var required = property.GetCustomAttribute<RequiredAttribute>();
            var isMissing = value is null || (value is string s && string.IsNullOrWhiteSpace(s));
            if (required is not null && isMissing)
            {
                var where = present.TryGetValue(property, out var valueNode) ? valueNode.Start : mappingMark;
                context.Error(where, Join(path, name), $"missing required setting '{name}'", SettingsProperties.DescriptionOf(property));
                continue;
            }

            if (isMissing || !present.TryGetValue(property, out var node))
            {
                continue;
            }

            var validationContext = new ValidationContext(instance) { MemberName = property.Name, DisplayName = name };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>().Where(a => a is not RequiredAttribute))
            {
                var result = attribute.GetValidationResult(value, validationContext);
                if (result != ValidationResult.Success && result is not null)
                {
                    var shown = property.GetCustomAttribute<SecretAttribute>() is not null ? "[secret]" : Convert.ToString(value, CultureInfo.InvariantCulture);
                    context.Error(node.Start, Join(path, name), $"{Reword(attribute, name, result.ErrorMessage)} (got {shown})");
                }
            }
        }

    }

    /// <summary>Rules across properties, checked only when every property on its own is valid.</summary>
    private static void ValidateObject(object instance, IReadOnlyList<PropertyInfo> properties, Dictionary<PropertyInfo, YamlNode> present, Mark mappingMark, string path, BindingContext context)
    {
        if (instance is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(instance)))
            {
                var member = result.MemberNames.FirstOrDefault();
                var property = member is null ? null : properties.FirstOrDefault(p => p.Name == member);
                var mark = property is not null && present.TryGetValue(property, out var memberNode) ? memberNode.Start : mappingMark;
                var memberPath = property is null ? path : Join(path, SettingsProperties.YamlName(property));
                context.Error(mark, memberPath, result.ErrorMessage ?? "invalid settings");
            }
        }
    }

    private static string Reword(ValidationAttribute attribute, string name, string? message) => attribute switch
    {
        RangeAttribute range => $"'{name}' must be between {range.Minimum} and {range.Maximum}",
        _ => message ?? $"'{name}' is not valid",
    };

    /// <summary>Binds one value of a property.</summary>
    private static bool TryBindValue(Type type, YamlNode node, Mark owner, string path, bool secret, BindingContext context, out object? value)
    {
        value = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (IsNull(node))
        {
            if (!type.IsValueType || underlying is not null)
            {
                return true;
            }

            context.Error(node, owner, path, $"expected {Expected(type)}, got nothing");
            return false;
        }

        var target = underlying ?? type;
        if (SettingsProperties.IsListType(target, out var elementType))
        {
            if (node is not YamlSequenceNode sequence)
            {
                context.Error(node, owner, path, $"expected a list of {Expected(elementType)}, got {Describe(node)}", "Write each item on its own line starting with '- '.");
                return false;
            }

            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(elementType))!;
            var index = 0;
            foreach (var item in sequence.Children)
            {
                if (TryBindValue(elementType, item, sequence.Start, $"{path}[{index}]", secret, context, out var element))
                {
                    list.Add(element);
                }

                index++;
            }

            value = target.IsArray ? ToArray(list, elementType) : list;
            return true;
        }

        if (SettingsProperties.IsDictionaryType(target, out var dictionaryValueType))
        {
            if (node is not YamlMappingNode map)
            {
                context.Error(node, owner, path, $"expected a mapping, got {Describe(node)}");
                return false;
            }

            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), dictionaryValueType), StringComparer.Ordinal)!;
            foreach (var (key, item) in map.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                if (TryBindValue(dictionaryValueType, item, key.Start, Join(path, name), secret, context, out var element))
                {
                    dictionary[name] = element;
                }
            }

            value = dictionary;
            return true;
        }

        if (!SettingsProperties.IsScalarType(target))
        {
            value = BindObject(target, node, owner, path, context);
            return true;
        }

        if (node is not YamlScalarNode scalar)
        {
            context.Error(node, owner, path, $"expected {Expected(target)}, got {Describe(node)}");
            return false;
        }

        var text = context.References.Expand(scalar.Value ?? string.Empty, out var referenceError, out var hadReference);
        if (referenceError is not null && context.ToleratesUnresolvedReferences)
        {
            // Another pipeline's secret, not needed by this command: the pipeline is skipped, its value never used.
            context.ToleratedReferences.Add(path);
            text = scalar.Value ?? string.Empty;
        }
        else if (referenceError is not null)
        {
            context.Error(
                node,
                owner,
                path,
                $"unresolved reference: {referenceError}",
                secret
                    ? "Set the environment variable or create the file before starting the host; a secret stays out of the YAML."
                    : "Set the environment variable or create the file before starting the host, or write the value in the YAML.");
            return false;
        }

        if (secret && text.Length > 0)
        {
            context.SecretValues.Add(text);
            if (!hadReference)
            {
                var mark = node.Start;
                context.LiteralSecrets.Add(new ConfigError(
                    context.File,
                    (int)Math.Max(1, mark.Line),
                    (int)Math.Max(1, mark.Column),
                    path,
                    "a secret is written in the YAML itself",
                    "Reference it instead, as ${ENV_VAR} or ${file:path}, so it stays out of the file and its copies."));
            }
        }

        if (TryConvert(target, text, out value))
        {
            return true;
        }

        var shown = secret || hadReference ? "[secret]" : $"'{text}'";
        context.Error(node, owner, path, $"expected {Expected(target)}, got {shown}", target.IsEnum ? $"One of: {string.Join(", ", Enum.GetNames(target))}." : null);
        return false;
    }

    private static bool TryConvert(Type type, string text, out object? value)
    {
        value = null;
        var invariant = CultureInfo.InvariantCulture;
        switch (type)
        {
            case var t when t == typeof(string):
                value = text;
                return true;
            case var t when t == typeof(bool):
                var ok = bool.TryParse(text, out var b);
                value = b;
                return ok;
            case var t when t == typeof(int):
                ok = int.TryParse(text, NumberStyles.Integer, invariant, out var i);
                value = i;
                return ok;
            case var t when t == typeof(long):
                ok = long.TryParse(text, NumberStyles.Integer, invariant, out var l);
                value = l;
                return ok;
            case var t when t == typeof(double):
                ok = double.TryParse(text, NumberStyles.Float, invariant, out var d);
                value = d;
                return ok;
            case var t when t == typeof(decimal):
                ok = decimal.TryParse(text, NumberStyles.Number, invariant, out var m);
                value = m;
                return ok;
            case var t when t == typeof(TimeSpan):
                ok = Duration.TryParse(text, out var span);
                value = span;
                return ok;
            case var t when t == typeof(DateOnly):
                ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date);
                value = date;
                return ok;
            case var t when t == typeof(DateTimeOffset):
                ok = DateTimeOffset.TryParse(text, invariant, DateTimeStyles.AssumeUniversal, out var moment);
                value = moment;
                return ok;
            case var t when t == typeof(Uri):
                ok = Uri.TryCreate(text, UriKind.Absolute, out var uri);
                value = uri;
                return ok;
            case var t when t.IsEnum:
                var name = Enum.GetNames(t).FirstOrDefault(n => string.Equals(n, text.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
                value = name is null ? null : Enum.Parse(t, name);
                return name is not null;
            default:
                return false;
        }
    }

    private static string Expected(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        return target switch
        {
            var t when t == typeof(string) => "text",
            var t when t == typeof(bool) => "true or false",
            var t when t == typeof(int) || t == typeof(long) => "a whole number",
            var t when t == typeof(double) || t == typeof(decimal) => "a number",
            var t when t == typeof(TimeSpan) => $"a duration ({Duration.Format})",
            var t when t == typeof(DateOnly) => "a date (yyyy-MM-dd)",
            var t when t == typeof(DateTimeOffset) => "a date and time (ISO 8601)",
            var t when t == typeof(Uri) => "an absolute URL",
            var t when t.IsEnum => $"one of {string.Join(", ", Enum.GetNames(t))}",
            _ => "a mapping of settings",
        };
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    internal static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };

    internal static string Join(string path, string key) => string.IsNullOrEmpty(path) ? key : $"{path}.{key}";

    private static Array ToArray(IList list, Type elementType)
    {
        var array = Array.CreateInstance(elementType, list.Count);
        list.CopyTo(array, 0);
        return array;
    }
}
