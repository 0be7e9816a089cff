using ConnectorHost.Configuration;
using ConnectorHost.Plugins;

namespace ConnectorHost.Cli;

/// <summary><c>docs</c>: writes the configuration reference (docs/reference) from the host's and the plugins' settings.</summary>
internal static class DocsCommand
{
    public static int Execute(string file, string outputFolder, TextWriter output, TextWriter error)
    {
        var parsed = ConfigurationLoader.Parse(file);
        if (parsed.Errors.Count > 0)
        {
            return CommandLine.Report(new ConfigurationException(parsed.Errors), error);
        }

        var report = new McMasterPluginLoader { AllowWritableByOthers = parsed.Host.AllowPluginsWritableByOthers }.LoadAll(parsed.PluginsFolder);
        foreach (var failure in report.Failures)
        {
            error.WriteLine($"error: plugin at {failure.Path} was not loaded, so it has no page: {failure.Reason}");
        }

        var pages = ReferenceDocs.Generate(report.Plugins);
        Directory.CreateDirectory(outputFolder);
        foreach (var stale in Directory.EnumerateFiles(outputFolder, "*.md").Where(f => !pages.ContainsKey(Path.GetFileName(f)) && IsGenerated(f)))
        {
            File.Delete(stale);
            output.WriteLine($"Removed {Path.GetFileName(stale)}: no loaded plugin has that page any more.");
        }

        foreach (var (name, content) in pages)
        {
            File.WriteAllText(Path.Combine(outputFolder, name), content);
        }

        output.WriteLine($"Wrote {pages.Count} page(s) for {report.Plugins.Count} plugin(s) to {Path.GetFullPath(outputFolder)}");
        return report.Failures.Count > 0 ? ExitCodes.RuntimeFailure : ExitCodes.Ok;
    }

    private static bool IsGenerated(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadLine() == ReferenceDocs.Marker;
    }
}
