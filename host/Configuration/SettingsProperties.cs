using System.ComponentModel;
using System.Reflection;

namespace ConnectorHost.Configuration;

/// <summary>How a settings class looks in YAML: its bindable properties and their camelCase names.</summary>
internal static class SettingsProperties
{
    public static IReadOnlyList<PropertyInfo> Of(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetSetMethod() is not null && p.GetIndexParameters().Length == 0)
            .ToList();

    public static string YamlName(PropertyInfo property) =>
        char.ToLowerInvariant(property.Name[0]) + property.Name[1..];

    public static string? DescriptionOf(PropertyInfo property) =>
        property.GetCustomAttribute<DescriptionAttribute>()?.Description;

    public static bool IsScalarType(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateOnly) || t == typeof(DateTimeOffset) || t == typeof(Uri);
    }

    public static bool IsListType(Type type, out Type elementType)
    {
        if (type.IsArray)
        {
            elementType = type.GetElementType()!;
            return true;
        }

        if (type.IsGenericType && type.GetGenericArguments().Length == 1 && type != typeof(string))
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>)
                || definition == typeof(IEnumerable<>) || definition == typeof(ICollection<>) || definition == typeof(IReadOnlyCollection<>))
            {
                elementType = type.GetGenericArguments()[0];
                return true;
            }
        }

        elementType = typeof(object);
        return false;
    }

    public static bool IsDictionaryType(Type type, out Type valueType)
    {
        if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string))
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            {
                valueType = value;
                return true;
            }
        }

        valueType = typeof(object);
        return false;
    }
}
