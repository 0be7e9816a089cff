using ConnectorHost.Abstractions.Plugins;

namespace ConnectorHost.Configuration;

/// <summary>A validated configuration: the host's settings and its pipelines, with secrets resolved.</summary>
public sealed class HostConfiguration
{
    /// <summary>Creates the configuration.</summary>
    /// <param name="file">The configuration file.</param>
    /// <param name="host">The host settings.</param>
    /// <param name="pipelines">The pipelines.</param>
    /// <param name="secretValues">The values of every setting marked secret.</param>
    public HostConfiguration(string file, HostSettings host, IReadOnlyList<PipelineDefinition> pipelines, IReadOnlySet<string> secretValues)
    {
        File = Path.GetFullPath(file);
        Folder = Path.GetDirectoryName(File)!;
        Host = host;
        Pipelines = pipelines;
        SecretValues = secretValues;
    }

    /// <summary>The configuration file's full path.</summary>
    public string File { get; }

    /// <summary>The folder relative paths are taken from.</summary>
    public string Folder { get; }

    /// <summary>The host settings.</summary>
    public HostSettings Host { get; }

    /// <summary>The pipelines.</summary>
    public IReadOnlyList<PipelineDefinition> Pipelines { get; }

    /// <summary>The values of every setting marked secret, for masking.</summary>
    public IReadOnlySet<string> SecretValues { get; }

    /// <summary>Pipelines not run because a plugin they need failed to load, with the reason.</summary>
    public IReadOnlyDictionary<string, string> SkippedPipelines { get; init; } = new Dictionary<string, string>();

    /// <summary>What <c>validate</c> warns about without refusing the file: secrets written in the YAML itself.</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];

    /// <summary>The files its <c>${file:path}</c> references named (full paths), watched for changes together with <see cref="File"/>.</summary>
    public IReadOnlySet<string> ReferencedFiles { get; init; } = new HashSet<string>();

    /// <summary>The data folder, absolute.</summary>
    public string DataFolder => ResolvePath(Host.DataFolder);

    /// <summary>The plugins folder, absolute.</summary>
    public string PluginsFolder => ResolvePath(Host.Plugins);

    /// <summary>Resolves a path from the configuration against the configuration file's folder.</summary>
    /// <param name="path">The path as written.</param>
    /// <returns>The absolute path.</returns>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(Folder, path));

    /// <summary>Resolves a path against the data folder.</summary>
    /// <param name="path">The path as written.</param>
    /// <returns>The absolute path.</returns>
    public string ResolveDataPath(string path) => Path.GetFullPath(Path.Combine(DataFolder, path));
}

/// <summary>One pipeline as configured.</summary>
/// <param name="Name">Its unique name.</param>
/// <param name="Schedule">When it runs.</param>
/// <param name="Source">The document source, for a document pipeline.</param>
/// <param name="Target">The accordeer target, for a document pipeline.</param>
/// <param name="Task">The sync task, for a sync pipeline.</param>
public sealed record PipelineDefinition(string Name, Schedule Schedule, ComponentDefinition? Source, ComponentDefinition? Target, ComponentDefinition? Task)
{
    /// <summary>Whether it runs at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Whether the other pipelines' first runs wait for this one's first run (a local service they call).</summary>
    public bool StartFirst { get; init; }

    /// <summary>For document pipelines: attempts before a document is finally failed (CO-12).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>For document pipelines: the delay after the first failed attempt; it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>For document pipelines: the longest delay between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>For document pipelines: submissions and status calls at the same time.</summary>
    public int MaxInFlight { get; init; } = 8;

    /// <summary>
    /// For document pipelines: how often each pending document's status is asked; <c>null</c> for the schedule's
    /// interval (at every run for cron and manual schedules).
    /// </summary>
    public TimeSpan? PollEvery { get; init; }

    /// <summary>The polling interval in effect: <see cref="PollEvery"/>, or the <c>every</c> interval, or zero (every run).</summary>
    public TimeSpan EffectivePollEvery => PollEvery ?? (Schedule is EverySchedule every ? every.Interval : TimeSpan.Zero);

    /// <summary>Whether this pipeline moves documents (source + target) rather than running a sync task.</summary>
    public bool IsDocumentPipeline => Source is not null;
}

/// <summary>A configured component: its factory and bound settings.</summary>
/// <param name="TypeName">The <c>type:</c> as written.</param>
/// <param name="Factory">The factory that creates it.</param>
/// <param name="Settings">The bound, validated settings.</param>
public sealed record ComponentDefinition(string TypeName, IComponentFactory Factory, object Settings)
{
    /// <summary>Where it is configured, for errors found after binding (<c>validate</c> creating it): path, line and column.</summary>
    public ConfigLocation? Location { get; init; }
}

/// <summary>A place in the configuration file.</summary>
/// <param name="Path">The setting's path, for example <c>pipelines[1].source</c>.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public sealed record ConfigLocation(string Path, int Line, int Column);
