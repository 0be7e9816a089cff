using ConnectorHost.Composition;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Plugins;

namespace ConnectorHost.Cli;

/// <summary><c>validate</c>: a dry run that reads and checks everything, creates every component and disposes it again, and starts nothing.</summary>
internal static class ValidateCommand
{
    public static async Task<int> ExecuteAsync(string file, TextWriter output, TextWriter error)
    {
        ConfigurationSession session;
        try
        {
            session = ConfigurationSession.Open(file, new McMasterPluginLoader(), lenient: false);
        }
        catch (ConfigurationException ex)
        {
            return CommandLine.Report(ex, error);
        }

        var warnings = new List<string>();
        var createErrors = await DryRunCreation.CheckAsync(session.Configuration, warnings).ConfigureAwait(false);
        if (createErrors.Count > 0)
        {
            var masked = new SecretMasker();
            masked.Add(session.Configuration.SecretValues);
            using var errors = new StringWriter();
            var code = CommandLine.Report(new ConfigurationException(createErrors), errors);
            await error.WriteAsync(masked.Apply(errors.ToString())).ConfigureAwait(false);
            return code;
        }

        var masker = new SecretMasker();
        masker.Add(session.Configuration.SecretValues);
        foreach (var warning in session.Configuration.Warnings)
        {
            await error.WriteLineAsync(warning.Describe("warning")).ConfigureAwait(false);
        }

        using var text = new StringWriter();
        foreach (var failure in session.Plugins.Failures)
        {
            text.WriteLine($"warning: plugin at {failure.Path} was not loaded: {failure.Reason}");
        }

        foreach (var warning in warnings)
        {
            text.WriteLine($"warning: {warning}");
        }

        text.WriteLine($"{file}: valid. {session.Configuration.Pipelines.Count} pipeline(s), {session.Plugins.Plugins.Count} plugin(s) loaded.");
        foreach (var pipeline in session.Configuration.Pipelines)
        {
            text.WriteLine($"- {pipeline.Name} ({pipeline.Schedule}{(pipeline.Enabled ? string.Empty : ", disabled")})");
            foreach (var (role, component) in new[] { ("source", pipeline.Source), ("target", pipeline.Target), ("task", pipeline.Task) })
            {
                if (component is null)
                {
                    continue;
                }

                text.WriteLine($"    {role}: {component.TypeName}");
                SettingsPrinter.Print(component.Settings, text, "      ");
            }
        }

        output.Write(masker.Apply(text.ToString()));
        return ExitCodes.Ok;
    }
}
