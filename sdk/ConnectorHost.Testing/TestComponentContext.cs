using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Testing;

/// <summary>
/// The <see cref="IComponentContext"/> of one test: log lines captured in <see cref="Logs"/>, a
/// <see cref="FakeTimeProvider"/> the test moves, a temporary data folder deleted on dispose, a real SQLite state
/// store in that folder (migrated like the host's), and a <see cref="RecordingMailer"/>. Create it with
/// <see cref="CreateAsync"/>, or with the constructor around a state store you own.
/// </summary>
public sealed class TestComponentContext : IComponentContext, IAsyncDisposable
{
    /// <summary>The moment the clock starts at unless the test says otherwise: 2026-03-02 09:00 UTC, a Monday.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly SqliteStateStore? _ownedStore;
    private readonly bool _ownsFolder;
    private readonly IMailer? _mail;

    /// <summary>
    /// Creates a context around a state store the test owns (one shared by several contexts, or PostgreSQL). Without
    /// a data folder a temporary one is made and deleted on dispose.
    /// </summary>
    /// <param name="state">The state store the component sees.</param>
    /// <param name="clock">
    /// The clock; a new <see cref="FakeTimeProvider"/> at <see cref="DefaultStart"/> when null. Pass
    /// <see cref="TimeProvider.System"/> for a component that must wait in real time (a peer over HTTP).
    /// </param>
    /// <param name="pipelineName">The pipeline's name, as in the YAML.</param>
    /// <param name="dataFolder">The component's data folder; a new temporary one when null.</param>
    /// <param name="mail">The mailer; a <see cref="RecordingMailer"/> over <c>templates</c> beside the test assembly when null.</param>
    /// <param name="logs">Where log lines go; a new collector when null.</param>
    /// <param name="configFolder">The folder <see cref="ResolvePath"/> takes relative paths from (the host uses the YAML file's folder); the data folder when null.</param>
    public TestComponentContext(
        IStateStore state,
        TimeProvider? clock = null,
        string pipelineName = "test",
        string? dataFolder = null,
        IMailer? mail = null,
        FakeLogCollector? logs = null,
        string? configFolder = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentException.ThrowIfNullOrWhiteSpace(pipelineName);
        State = state;
        Clock = clock ?? new FakeTimeProvider(DefaultStart);
        PipelineName = pipelineName;
        _ownsFolder = dataFolder is null;
        DataFolder = Directory.CreateDirectory(dataFolder ?? NewTempFolder()).FullName;
        ConfigFolder = Path.GetFullPath(configFolder ?? DataFolder);
        Logs = logs ?? new FakeLogCollector();
        LoggerFactory = new FakeLoggerFactory(Logs);
        this._mail = mail;
    }

    private TestComponentContext(SqliteStateStore store, FakeTimeProvider clock, string pipelineName, string dataFolder, string? templatesFolder)
        : this(store, clock, pipelineName, dataFolder, mail: null)
    {
        _ownedStore = store;
        _ownsFolder = true;
        if (templatesFolder is not null)
        {
            _mail = new RecordingMailer(templatesFolder, loggerFactory: LoggerFactory, clock: clock);
        }
    }

    /// <inheritdoc />
    public string PipelineName { get; }

    /// <summary>Every line the component logged, with level, category and message.</summary>
    public FakeLogCollector Logs { get; }

    /// <inheritdoc />
    public ILoggerFactory LoggerFactory { get; }

    /// <inheritdoc />
    public TimeProvider Clock { get; }

    /// <summary>The clock as a <see cref="FakeTimeProvider"/>, to move with <see cref="FakeTimeProvider.Advance"/>.</summary>
    /// <exception cref="InvalidOperationException">The test gave the context another clock.</exception>
    public FakeTimeProvider FakeClock => Clock as FakeTimeProvider
        ?? throw new InvalidOperationException($"This context runs on {Clock.GetType().Name}, not a FakeTimeProvider; create it without a clock to move time.");

    /// <inheritdoc />
    public string DataFolder { get; }

    /// <inheritdoc />
    public IStateStore State { get; }

    /// <summary>The mailer as a <see cref="RecordingMailer"/>, to read what was sent; null when the test gave its own.</summary>
    public RecordingMailer? Mailer => Mail as RecordingMailer;

    /// <inheritdoc />
    public IMailer Mail => _mail ?? LazyMailer.Value;

    private Lazy<IMailer> LazyMailer => field ??= new Lazy<IMailer>(() =>
        new RecordingMailer(Path.Combine(AppContext.BaseDirectory, "templates"), loggerFactory: LoggerFactory, clock: Clock));

    /// <summary>
    /// Creates a context with a real SQLite state store in a new temporary folder, migrated to the host's schema.
    /// </summary>
    /// <param name="pipelineName">The pipeline's name, as in the YAML.</param>
    /// <param name="start">Where the clock starts; <see cref="DefaultStart"/> when null.</param>
    /// <param name="templatesFolder">The Scriban templates the <see cref="RecordingMailer"/> renders; <c>templates</c> beside the test assembly when null.</param>
    /// <param name="cancellationToken">Stops the migration.</param>
    /// <returns>The context; dispose it to delete its folder.</returns>
    public static async Task<TestComponentContext> CreateAsync(
        string pipelineName = "test",
        DateTimeOffset? start = null,
        string? templatesFolder = null,
        CancellationToken cancellationToken = default)
    {
        var folder = NewTempFolder();
        Directory.CreateDirectory(folder);
        var clock = new FakeTimeProvider(start ?? DefaultStart);
        var store = new SqliteStateStore(Path.Combine(folder, "state.db"), clock);
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        return new TestComponentContext(store, clock, pipelineName, folder, templatesFolder);
    }

    /// <summary>The path of the SQLite database when the context owns its store; null otherwise.</summary>
    public string? StateDatabasePath => _ownedStore?.DatabasePath;

    /// <summary>The folder relative paths of the configuration are taken from.</summary>
    public string ConfigFolder { get; }

    /// <inheritdoc />
    public string ResolvePath(string path) => Path.GetFullPath(path, ConfigFolder);

    /// <summary>The pipeline's <c>maxInFlight</c> the component sees; the host's default unless the test sets it.</summary>
    public int MaxInFlight { get; init; } = IComponentContext.DefaultMaxInFlight;

    /// <summary>Binds settings from YAML with the host's rules; relative <c>${file:}</c> paths are taken from the data folder.</summary>
    /// <typeparam name="TSettings">The settings class.</typeparam>
    /// <param name="yaml">The keys under <c>settings:</c>.</param>
    /// <param name="environment">The environment variables <c>${NAME}</c> may reference.</param>
    /// <returns>The settings and their errors.</returns>
    public SettingsResult<TSettings> SettingsFor<TSettings>(string yaml, IReadOnlyDictionary<string, string>? environment = null)
        where TSettings : class, new() => TestSettings.SettingsFor<TSettings>(yaml, environment, DataFolder);

    /// <summary>Creates a component the way the host does: settings bound and validated from YAML, then the factory.</summary>
    /// <typeparam name="TComponent">The component contract.</typeparam>
    /// <typeparam name="TSettings">The settings class.</typeparam>
    /// <param name="factory">The plugin's factory.</param>
    /// <param name="yaml">The keys under <c>settings:</c>.</param>
    /// <param name="environment">The environment variables <c>${NAME}</c> may reference.</param>
    /// <returns>The component.</returns>
    /// <exception cref="ConnectorHost.Configuration.ConfigurationException">The settings have errors.</exception>
    public TComponent Create<TComponent, TSettings>(ComponentFactory<TComponent, TSettings> factory, string yaml, IReadOnlyDictionary<string, string>? environment = null)
        where TComponent : class
        where TSettings : class, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.Create(SettingsFor<TSettings>(yaml, environment).Valid(), this);
    }

    /// <summary>Deletes the temporary folder (and the state store the context owns).</summary>
    /// <returns>A task that completes when the folder is gone.</returns>
    public ValueTask DisposeAsync()
    {
        if (_ownedStore is not null)
        {
            SqliteConnection.ClearAllPools();
        }

        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // a temporary folder left behind is harmless; the operating system cleans it up
            }
        }

        return ValueTask.CompletedTask;
    }

    private static string NewTempFolder() =>
        Path.Combine(Path.GetTempPath(), "connectorhost-test", Guid.NewGuid().ToString("N"));
}
