using ConnectorHost.Configuration;
using ConnectorHost.Plugins;

namespace ConnectorHost.Cli;

/// <summary><c>schema</c>: the JSON Schema of the configuration, for editors.</summary>
internal static class SchemaCommand
{
    public static int Execute(string file, string? outputFile, TextWriter output, TextWriter error)
    {
        var parsed = ConfigurationLoader.Parse(file);
        if (parsed.Errors.Count > 0)
        {
            return CommandLine.Report(new ConfigurationException(parsed.Errors), error);
        }

        var report = new McMasterPluginLoader { AllowWritableByOthers = parsed.Host.AllowPluginsWritableByOthers }.LoadAll(parsed.PluginsFolder);
        foreach (var failure in report.Failures)
        {
            error.WriteLine($"warning: plugin at {failure.Path} was not loaded, its settings are not in the schema: {failure.Reason}");
        }

        var schema = ConfigurationSchema.Generate(report.Factories);
        if (outputFile is null)
        {
            output.Write(schema);
        }
        else
        {
            File.WriteAllText(outputFile, schema);
            output.WriteLine($"Wrote the schema of {report.Factories.Count} component type(s) to {Path.GetFullPath(outputFile)}");
        }

        return ExitCodes.Ok;
    }
}
