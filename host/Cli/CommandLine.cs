using System.CommandLine;
using ConnectorHost.Configuration;

namespace ConnectorHost.Cli;

/// <summary>The command line: <c>run</c> (the default), <c>validate</c>, <c>run-once</c>, <c>plugins</c>, <c>schema</c>, <c>docs</c>, and the state and admin commands.</summary>
internal static class CommandLine
{
    /// <summary>
    /// The configuration used when none is given: <c>$CONNECTORHOST_CONFIG</c>; else <c>config/connectorhost.yaml</c>
    /// in the current folder (a checkout); else the one beside the program (a release folder, also when a service
    /// manager starts it in another folder).
    /// </summary>
    public static string DefaultConfigPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CONNECTORHOST_CONFIG") is { Length: > 0 } fromEnvironment)
            {
                return fromEnvironment;
            }

            var fromCurrentFolder = Path.Combine("config", "connectorhost.yaml");
            var besideProgram = Path.Combine(AppContext.BaseDirectory, "config", "connectorhost.yaml");
            return !File.Exists(fromCurrentFolder) && File.Exists(besideProgram) ? besideProgram : fromCurrentFolder;
        }
    }

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = Build(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'connectorhost --help' for the commands and options.").ConfigureAwait(false);
            return ExitCodes.BadConfiguration;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = StopGrace }).ConfigureAwait(false);
    }

    /// <summary>
    /// How long a command may take to end after Ctrl+C or SIGTERM (a service stop) cancelled it. System.CommandLine
    /// kills the process after 2 seconds by default, which would cut off running work that <c>run</c> lets finish
    /// within <c>host.shutdownTimeout</c> (at most 1 hour, plus the host's 5 seconds): the host bounds the wait itself.
    /// </summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var configOption = new Option<string>("--config", "-c")
        {
            Description = "The configuration file. Default: $CONNECTORHOST_CONFIG, else config/connectorhost.yaml from the current folder, else the one beside the program (a release folder).",
            DefaultValueFactory = _ => DefaultConfigPath,
            Recursive = true,
        };

        var root = new RootCommand(
            "ConnectorHost: runs connector pipelines (ClientOnline, Certipost, accounting tasks, CaseWare Cloud, your own) " +
            "from plugin DLLs, on the schedules in a YAML file. Without a command it runs the host.");
        root.Options.Add(configOption);
        root.SetAction((result, token) => RunCommand.ExecuteAsync(result.GetValue(configOption)!, output, error, token));

        var run = new Command("run", "Run the host: load the plugins, validate the configuration, run every pipeline on its schedule until Ctrl+C or SIGTERM.");
        run.SetAction((result, token) => RunCommand.ExecuteAsync(result.GetValue(configOption)!, output, error, token));
        root.Subcommands.Add(run);

        var validateFile = new Argument<string?>("config") { Description = "The configuration file to check (default: the --config file).", Arity = ArgumentArity.ZeroOrOne };
        var validate = new Command("validate", "Check a configuration without running it: YAML, settings, secrets references, component types; then create every component (and dispose it) so that what a component refuses at creation is found too. Nothing is started. Prints every error as file:line:column and exits 2 when there is any.");
        validate.Arguments.Add(validateFile);
        validate.SetAction((result, _) => ValidateCommand.ExecuteAsync(result.GetValue(validateFile) ?? result.GetValue(configOption)!, output, error));
        root.Subcommands.Add(validate);

        var pipelineName = new Argument<string>("pipeline") { Description = "The name of the pipeline to run once." };
        var runOnce = new Command("run-once", "Run one pipeline once, now, and exit: 0 when it went well, 1 when it failed.");
        runOnce.Arguments.Add(pipelineName);
        runOnce.SetAction((result, token) => RunOnceCommand.ExecuteAsync(result.GetValue(configOption)!, result.GetValue(pipelineName)!, output, error, token));
        root.Subcommands.Add(runOnce);

        var plugins = new Command("plugins", "List the plugins in the configured plugins folder, their components and every setting with its description; and the plugins that failed to load, with the reason.");
        plugins.SetAction(result => PluginsCommand.Execute(result.GetValue(configOption)!, output, error));
        root.Subcommands.Add(plugins);

        var schemaOutput = new Option<string?>("--output", "-o") { Description = "Write the schema to this file instead of standard output." };
        var schema = new Command("schema", "Print the JSON Schema of the configuration file, generated from the host's and the loaded plugins' settings (for editor completion and checks).");
        schema.Options.Add(schemaOutput);
        schema.SetAction(result => SchemaCommand.Execute(result.GetValue(configOption)!, result.GetValue(schemaOutput), output, error));
        root.Subcommands.Add(schema);

        var docsOutput = new Option<string>("--output", "-o") { Description = "The folder the pages are written to; created when missing. The repository's copy is docs/reference.", Required = true };
        var docs = new Command(
            "docs",
            "Write the configuration reference as Markdown, generated from the host's and the loaded plugins' settings: an index, " +
            "the host: block, the keys of a pipeline, and a page per plugin with each component's settings (type, default, " +
            "required, secret, examples) and admin commands. Same plugins, same bytes. Example: connectorhost docs -o docs/reference");
        docs.Options.Add(docsOutput);
        docs.SetAction(result => DocsCommand.Execute(result.GetValue(configOption)!, result.GetValue(docsOutput)!, output, error));
        root.Subcommands.Add(docs);
        root.Subcommands.Add(AdminCommandCommand.Build(configOption, output, error));

        var hashPassword = new Command("hash-password", "Read a password from standard input (one line) and print its hash for host.dashboard.login.passwordHash. Example: connectorhost hash-password < password.txt");
        hashPassword.SetAction(async (_, token) =>
        {
            var password = (await Console.In.ReadLineAsync(token).ConfigureAwait(false))?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password))
            {
                await error.WriteLineAsync("error: no password on standard input. Example: connectorhost hash-password < password.txt").ConfigureAwait(false);
                return ExitCodes.BadConfiguration;
            }

            await output.WriteLineAsync(Dashboard.DashboardAccess.Hash(password)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        root.Subcommands.Add(hashPassword);
        foreach (var command in StateCommands.Build(configOption, output, error))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Prints configuration errors, one per line, and returns the exit code for them.</summary>
    public static int Report(ConfigurationException exception, TextWriter error)
    {
        foreach (var problem in exception.Errors)
        {
            error.WriteLine(problem.ToString());
        }

        if (exception.Errors.Count == 0)
        {
            error.WriteLine(exception.Message);
        }

        error.WriteLine($"{exception.Errors.Count} error(s); the host does not start until they are fixed.");
        return ExitCodes.BadConfiguration;
    }
}
