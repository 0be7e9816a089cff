using System.Reflection;

namespace ConnectorHost.Plugins;

/// <summary>Turns an exception raised by plugin code or by assembly loading into a one-line cause.</summary>
internal static class PluginFailureText
{
    /// <summary>Describes an exception: its type, message and, for a missing assembly, which one.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>A short description without a stack trace.</returns>
    public static string Describe(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Describe(inner),
        ReflectionTypeLoadException typeLoad => DescribeTypeLoad(typeLoad),
        FileNotFoundException missing => $"assembly {Simple(missing.FileName)} was not found ({missing.FileName})",
        FileLoadException unloadable => $"assembly {Simple(unloadable.FileName)} could not be loaded: {unloadable.Message}",
        BadImageFormatException bad => $"{Simple(bad.FileName)} is not a valid .NET assembly for this runtime: {bad.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };

    private static string DescribeTypeLoad(ReflectionTypeLoadException exception)
    {
        var causes = exception.LoaderExceptions
            .OfType<Exception>()
            .Select(Describe)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return causes.Count == 0
            ? $"its types could not be loaded: {exception.Message}"
            : $"its types could not be loaded: {string.Join("; ", causes)}";
    }

    private static string Simple(string? assemblyName)
    {
        if (string.IsNullOrEmpty(assemblyName))
        {
            return "(unknown)";
        }

        try
        {
            return new AssemblyName(assemblyName).Name ?? assemblyName;
        }
        catch (FileLoadException)
        {
            return assemblyName;
        }
        catch (ArgumentException)
        {
            return assemblyName;
        }
    }
}
