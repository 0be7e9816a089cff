using ConnectorHost.Abstractions.Plugins;
using Cronos;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConnectorHost.Configuration;

/// <summary>
/// Reads the YAML configuration in two steps: <see cref="Parse"/> reads the file and the <c>host:</c> block (which
/// says where the plugins are); <see cref="Complete"/> binds the pipelines against the loaded plugins' factories.
/// Every error of both steps is reported at once, each with its file, line and column.
/// </summary>
public static class ConfigurationLoader
{
    private static readonly string[] TopLevelKeys = ["host", "pipelines"];
    private static readonly string[] ComponentKeys = ["type", "settings"];
    private static readonly string[] ComponentRoles = ["source", "target", "task"];

    /// <summary>Reads the file and its <c>host:</c> block.</summary>
    /// <param name="file">The YAML file.</param>
    /// <param name="environment">Reads environment variables for <c>${NAME}</c> references; the process's by default.</param>
    /// <returns>The parsed file; its errors so far are in <see cref="ParsedConfiguration.Errors"/>.</returns>
    public static ParsedConfiguration Parse(string file, Func<string, string?>? environment = null)
    {
        var fullPath = Path.GetFullPath(file);
        var context = new BindingContext(file, new SecretReferences(Path.GetDirectoryName(fullPath)!, environment ?? Environment.GetEnvironmentVariable));
        if (!File.Exists(fullPath))
        {
            context.Error(Mark.Empty, string.Empty, $"the configuration file '{fullPath}' does not exist", "Pass the path of your connectorhost.yaml, or run from the folder that holds config/connectorhost.yaml.");
            return new ParsedConfiguration(fullPath, null, new HostSettings(), context);
        }

        string text;
        try
        {
            // Read once, as outside data (a regular file, capped, within a deadline), and parsed from memory (FH-7).
            text = new System.Text.UTF8Encoding(false).GetString(ConfigurationFiles.Read(fullPath, ConfigurationFiles.MaxConfigurationBytes)).TrimStart('\uFEFF');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            context.Error(Mark.Empty, string.Empty, $"the configuration file cannot be read: {ex.Message}", "Point --config at the YAML file itself (a regular file).");
            return new ParsedConfiguration(fullPath, null, new HostSettings(), context);
        }

        var stream = new YamlStream();
        try
        {
            using (var scan = new StringReader(text))
            {
                if (YamlDepthGuard.FindTooDeep(scan) is { } tooDeep)
                {
                    context.Error(tooDeep, string.Empty, $"the YAML is nested more than {YamlDepthGuard.MaxDepth} levels deep here", "A configuration never needs this much nesting: check the indentation, or whether the file is a configuration at all.");
                    return new ParsedConfiguration(fullPath, null, new HostSettings(), context);
                }
            }

            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, string.Empty, $"not valid YAML: {ex.InnerException?.Message ?? ex.Message}", "Check the indentation and the quoting around this place.");
            return new ParsedConfiguration(fullPath, null, new HostSettings(), context);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this instead of a YamlException when the file ends inside a flow collection.
            var lines = text.Split('\n');
            context.Error(new Mark(0, lines.Length, (lines.LastOrDefault()?.Length ?? 0) + 1), string.Empty, "not valid YAML: the file ends inside an unclosed [ ], { } or quoted value", "Look for a [, { or quote above that is never closed.");
            return new ParsedConfiguration(fullPath, null, new HostSettings(), context);
        }

        var root = stream.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        if (root is null)
        {
            context.Error(Mark.Empty, string.Empty, "the file is empty or not a mapping", "Start with 'host:' and 'pipelines:'.");
            return new ParsedConfiguration(fullPath, null, new HostSettings(), context);
        }

        YamlNode? hostNode = null;
        foreach (var (key, value) in root.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (name == "host")
            {
                hostNode = value;
            }
            else if (!TopLevelKeys.Contains(name))
            {
                context.Error(key.Start, name, $"unknown key '{name}'", DidYouMean.Hint(name, TopLevelKeys));
            }
        }

        var host = (HostSettings)SettingsBinder.BindObject(typeof(HostSettings), hostNode, root.Start, "host", context);
        return new ParsedConfiguration(fullPath, root, host, context);
    }

    /// <summary>Binds and validates the pipelines against the known component factories.</summary>
    /// <param name="parsed">The result of <see cref="Parse"/>.</param>
    /// <param name="factories">Every factory the loaded plugins registered.</param>
    /// <param name="skipUnknownTypes">
    /// Skip (and list in <see cref="HostConfiguration.SkippedPipelines"/>) the pipelines whose component type is
    /// unknown, instead of reporting an error: for running while a plugin failed to load.
    /// </param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationException">With every error, when there is any.</exception>
    /// <param name="secretsOnlyFor">
    /// Resolve only this pipeline's <c>${ENV}</c> and <c>${file:}</c> references; a pipeline with another unresolved
    /// reference is skipped (a <c>command</c> on one pipeline needs no other pipeline's secrets). All when null.
    /// </param>
    /// <param name="whyUnknown">
    /// Says why a component type is unknown when a plugin that failed to load explains it (SDK-8): the reason goes into
    /// the error of <c>validate</c> and into the reason a pipeline is skipped. Null when no plugin failed.
    /// </param>
    public static HostConfiguration Complete(
        ParsedConfiguration parsed, IReadOnlyCollection<IComponentFactory> factories, bool skipUnknownTypes = false, string? secretsOnlyFor = null, Func<string, string?>? whyUnknown = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var context = parsed.Context;
        context.SkipUnknownTypes = skipUnknownTypes;
        context.WhyUnknown = whyUnknown ?? (_ => null);
        context.SecretsOnlyFor = secretsOnlyFor;
        var pipelines = new List<PipelineDefinition>();
        var byType = factories.ToDictionary(f => f.TypeName, StringComparer.Ordinal);
        var pipelinesEntry = parsed.Root?.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "pipelines");
        if (parsed.Root is not null && pipelinesEntry?.Key is null)
        {
            context.Error(parsed.Root.Start, "pipelines", "no 'pipelines:' list", "Add 'pipelines:' with at least one pipeline; see config/connectorhost.yaml.");
        }
        else if (pipelinesEntry?.Value is { } node && node is not YamlSequenceNode && !SettingsBinder.IsNull(node))
        {
            context.Error(node.Start, "pipelines", $"expected a list of pipelines, got {SettingsBinder.Describe(node)}", "Start each pipeline with '- name: ...'.");
        }
        else if (pipelinesEntry?.Value is YamlSequenceNode sequence)
        {
            var names = new Dictionary<string, Mark>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in sequence.Children)
            {
                var pipeline = BindPipeline(item, $"pipelines[{index++}]", byType, context);
                if (pipeline is null)
                {
                    continue;
                }

                if (names.TryGetValue(pipeline.Value.Definition.Name, out var first))
                {
                    context.Error(pipeline.Value.NameMark, $"pipelines[{index - 1}].name", $"duplicate pipeline name '{pipeline.Value.Definition.Name}'", $"The name is already used on line {first.Line}; every pipeline needs its own name.");
                }
                else
                {
                    names[pipeline.Value.Definition.Name] = pipeline.Value.NameMark;
                    pipelines.Add(pipeline.Value.Definition);
                }
            }
        }

        if (parsed.Host.RefuseLiteralSecrets)
        {
            foreach (var literal in context.LiteralSecrets)
            {
                context.Error(new Mark(0, literal.Line, literal.Column), literal.Path, literal.Message + " (host.refuseLiteralSecrets is on)", literal.Hint);
            }
        }

        if (context.Errors.Count > 0)
        {
            throw new ConfigurationException(context.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList());
        }

        return new HostConfiguration(parsed.File, parsed.Host, pipelines, context.SecretValues)
        {
            SkippedPipelines = context.SkippedPipelines,
            ReferencedFiles = context.References.ReferencedFiles,
            Warnings = parsed.Host.RefuseLiteralSecrets ? [] : [.. context.LiteralSecrets],
        };
    }

    private static (PipelineDefinition Definition, Mark NameMark)? BindPipeline(YamlNode node, string path, Dictionary<string, IComponentFactory> factories, BindingContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node.Start, path, $"expected a pipeline (a mapping with name, schedule and components), got {SettingsBinder.Describe(node)}");
            return null;
        }

        var fixedKeys = new YamlMappingNode();
        var components = new Dictionary<string, (YamlNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (ComponentRoles.Contains(name))
            {
                components[name] = (key, value);
            }
            else
            {
                fixedKeys.Children.Add(key, value);
            }
        }

        var errorsBefore = context.Errors.Count;
        var options = (PipelineOptions)SettingsBinder.BindObject(typeof(PipelineOptions), fixedKeys, mapping.Start, path, context);

        var nameMark = mapping.Children.FirstOrDefault(c => (c.Key as YamlScalarNode)?.Value == "name").Value?.Start ?? mapping.Start;
        var schedule = BindSchedule(options, mapping, path, context);

        ComponentDefinition? Bind(string role, ComponentKind kind) =>
            components.TryGetValue(role, out var entry) ? BindComponent(entry.Key, entry.Value, $"{path}.{role}", kind, factories, context) : null;

        var unknownBefore = context.UnknownTypes.Count;
        var toleratedBefore = context.ToleratedReferences.Count;
        context.ToleratesUnresolvedReferences = context.SecretsOnlyFor is { } only && options.Name != only;
        var source = Bind("source", ComponentKind.DocumentSource);
        var target = Bind("target", ComponentKind.AccordeerTarget);
        var task = Bind("task", ComponentKind.SyncTask);
        context.ToleratesUnresolvedReferences = false;
        if (context.ToleratedReferences.Count > toleratedBefore)
        {
            var settings = string.Join(", ", context.ToleratedReferences.Skip(toleratedBefore));
            context.SkippedPipelines[options.Name] = $"its secrets are not resolved ({settings}); this command reads only the secrets of pipeline '{context.SecretsOnlyFor}'";
            return null;
        }

        if (context.UnknownTypes.Count > unknownBefore)
        {
            var unknown = context.UnknownTypes.Skip(unknownBefore).ToList();
            var why = unknown.Select(t => context.WhyUnknown(t)).FirstOrDefault(w => w is not null) ?? "a plugin failed to load";
            context.SkippedPipelines[options.Name] = $"its component type {string.Join(", ", unknown)} is unknown: {why}";
            return null;
        }

        var hasDocuments = components.ContainsKey("source") || components.ContainsKey("target");
        if (components.ContainsKey("task") && hasDocuments)
        {
            context.Error(components["task"].Key.Start, path, "a pipeline has either 'source' + 'target' (documents) or 'task' (sync work), not both", "Split it into two pipelines.");
        }
        else if (hasDocuments && !(components.ContainsKey("source") && components.ContainsKey("target")))
        {
            var missing = components.ContainsKey("source") ? "target" : "source";
            context.Error(mapping.Start, path, $"a document pipeline needs both 'source' and 'target'; '{missing}' is missing");
        }
        else if (components.Count == 0)
        {
            context.Error(mapping.Start, path, "the pipeline has no components", "Add 'source:' + 'target:' for documents, or 'task:' for sync work.");
        }

        if (schedule is null || context.Errors.Count > errorsBefore)
        {
            return string.IsNullOrEmpty(options.Name) ? null : (new PipelineDefinition(options.Name, new EverySchedule(TimeSpan.FromMinutes(1)), null, null, null), nameMark);
        }

        var definition = new PipelineDefinition(options.Name, schedule, source, target, task)
        {
            Enabled = options.Enabled,
            StartFirst = options.StartFirst,
            MaxAttempts = options.MaxAttempts,
            FirstRetryDelay = options.FirstRetryDelay,
            MaxRetryDelay = options.MaxRetryDelay,
            MaxInFlight = options.MaxInFlight,
            PollEvery = options.PollEvery,
        };
        return (definition, nameMark);
    }

    private static Schedule? BindSchedule(PipelineOptions options, YamlMappingNode mapping, string path, BindingContext context)
    {
        if (options.Every is { } every)
        {
            return new EverySchedule(every);
        }

        if (options.Manual)
        {
            return new ManualSchedule();
        }

        if (string.IsNullOrWhiteSpace(options.Cron))
        {
            return null;
        }

        var cronNode = mapping.Children.First(c => (c.Key as YamlScalarNode)?.Value == "cron").Value;
        var zone = TimeZoneInfo.Local;
        if (!string.IsNullOrWhiteSpace(options.TimeZone))
        {
            var zoneNode = mapping.Children.First(c => (c.Key as YamlScalarNode)?.Value == "timeZone").Value;
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var found))
            {
                context.Error(zoneNode.Start, $"{path}.timeZone", $"unknown time zone '{options.TimeZone}'", "Use an IANA id such as Europe/Amsterdam or Europe/Brussels.");
                return null;
            }

            zone = found;
        }

        try
        {
            var fields = options.Cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var expression = CronExpression.Parse(options.Cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return new CronSchedule(options.Cron, expression, zone);
        }
        catch (CronFormatException ex)
        {
            context.Error(cronNode.Start, $"{path}.cron", $"not a valid cron expression: {ex.Message}", "Five fields: minute hour day-of-month month day-of-week, for example \"*/5 * * * *\".");
            return null;
        }
    }

    private static ComponentDefinition? BindComponent(YamlNode keyNode, YamlNode node, string path, ComponentKind kind, Dictionary<string, IComponentFactory> factories, BindingContext context)
    {
        if (node is not YamlMappingNode mapping)
        {
            context.Error(node, keyNode.Start, path, $"expected a component with 'type' and 'settings', got {SettingsBinder.Describe(node)}");
            return null;
        }

        YamlNode? typeNode = null;
        YamlNode? settingsNode = null;
        Mark settingsKey = mapping.Start;
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            switch (name)
            {
                case "type":
                    typeNode = value;
                    break;
                case "settings":
                    settingsNode = value;
                    settingsKey = key.Start;
                    break;
                default:
                    context.Error(key.Start, $"{path}.{name}", $"unknown key '{name}'", DidYouMean.Hint(name, ComponentKeys) + " Component settings go under 'settings:'.");
                    break;
            }
        }

        var typeName = (typeNode as YamlScalarNode)?.Value;
        var knownOfKind = factories.Values.Where(f => f.Kind == kind).Select(f => f.TypeName).ToList();
        if (string.IsNullOrWhiteSpace(typeName))
        {
            context.Error(typeNode, mapping.Start, $"{path}.type", "missing required setting 'type'", $"Known {Describe(kind)} types: {List(knownOfKind)}.");
            return null;
        }

        if (!factories.TryGetValue(typeName, out var factory) && context.SkipUnknownTypes)
        {
            context.UnknownTypes.Add(typeName);
            return null;
        }

        if (factory is null)
        {
            var why = context.WhyUnknown(typeName);
            context.Error(
                typeNode!.Start,
                $"{path}.type",
                why is null ? $"unknown component type '{typeName}'" : $"unknown component type '{typeName}': {why}",
                why is null
                    ? DidYouMean.Hint(typeName, knownOfKind) + " Is its plugin in the plugins folder? Run 'connectorhost plugins' to list what is loaded."
                    : "Fix or replace the plugin; 'connectorhost plugins' lists what is loaded and what failed.");
            return null;
        }

        if (factory.Kind != kind)
        {
            context.Error(typeNode!.Start, $"{path}.type", $"'{typeName}' is a {Describe(factory.Kind)}, not a {Describe(kind)}", $"Known {Describe(kind)} types: {List(knownOfKind)}.");
            return null;
        }

        var settings = SettingsBinder.BindObject(factory.SettingsType, settingsNode, settingsKey, $"{path}.settings", context);
        return new ComponentDefinition(typeName, factory, settings)
        {
            Location = new ConfigLocation(path, (int)Math.Max(1, keyNode.Start.Line), (int)Math.Max(1, keyNode.Start.Column)),
        };
    }

    private static string Describe(ComponentKind kind) => kind switch
    {
        ComponentKind.DocumentSource => "document source",
        ComponentKind.AccordeerTarget => "accordeer target",
        _ => "sync task",
    };

    private static string List(IReadOnlyCollection<string> names) => names.Count == 0 ? "none loaded" : string.Join(", ", names.Order(StringComparer.Ordinal));
}


/// <summary>The result of <see cref="ConfigurationLoader.Parse"/>.</summary>
public sealed class ParsedConfiguration
{
    internal ParsedConfiguration(string file, YamlMappingNode? root, HostSettings host, BindingContext context)
    {
        File = file;
        Root = root;
        Host = host;
        Context = context;
    }

    /// <summary>The file's full path.</summary>
    public string File { get; }

    /// <summary>The host settings (defaults where the block had errors).</summary>
    public HostSettings Host { get; }

    /// <summary>The errors found so far.</summary>
    public IReadOnlyList<ConfigError> Errors => Context.Errors;

    /// <summary>The plugins folder, absolute.</summary>
    public string PluginsFolder => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(File)!, Host.Plugins));

    internal YamlMappingNode? Root { get; }

    internal BindingContext Context { get; }
}
