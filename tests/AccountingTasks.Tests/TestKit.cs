using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;
using ConnectorHost.Queues;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Mail;
using ConnectorHost.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace ConnectorHost.Plugins.AccountingTasks.Tests;

/// <summary>
/// One office's world for a test: the sandbox platform over real HTTP on 127.0.0.1, a real SQLite state store and a
/// pickup mailer on the repository's templates, in a temp folder, all on one fake clock.
/// </summary>
internal sealed class TestKit : IAsyncDisposable
{
    public const string Office = "kantoor-demo";
    public const string ApiKey = "demo-key";
    public const string Pipeline = "accounting-tasks";

    private readonly string _root;
    private readonly List<QueueRunner> _queues = [];

    private readonly SmtpServerFixture? _smtp;

    private TestKit(string root, FakeTimeProvider clock, SandboxPlatform platform, SqliteStateStore store, Mailer mailer, SmtpServerFixture? smtp)
    {
        this._root = root;
        this._smtp = smtp;
        Clock = clock;
        Platform = platform;
        Store = store;
        Mailer = mailer;
    }

    public FakeTimeProvider Clock { get; }

    public SandboxPlatform Platform { get; }

    public PlatformState Sandbox => Platform.State;

    public SqliteStateStore Store { get; }

    public Mailer Mailer { get; }

    public string DataFolder => Path.Combine(_root, "data");

    public string StatePath => Path.Combine(DataFolder, "state.db");

    public string PickupFolder => Path.Combine(DataFolder, "mail", "outbox");

    /// <summary>Starts the kit; with <paramref name="smtp"/> the mails go through that real SMTP server, else to a pickup folder.</summary>
    public static async Task<TestKit> StartAsync(DateTimeOffset? start = null, SmtpServerFixture? smtp = null)
    {
        var clock = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var platform = await SandboxPlatform.StartAsync(new SandboxPlatformOptions { Clock = clock, MinimumLogLevel = LogLevel.None });
        var root = Path.Combine(Path.GetTempPath(), "connectorhost-accountingtasks-tests", Guid.NewGuid().ToString("N"));
        var kit = new TestKit(
            root,
            clock,
            platform,
            new SqliteStateStore(Path.Combine(root, "data", "state.db"), clock),
            Mailer.Create(
                smtp is null ? new MailSettings { DefaultTo = ["administratie@kantoor.example"] } : SmtpSettings(smtp),
                Path.Combine(RepositoryRoot, "config"),
                Path.Combine(root, "data"),
                NullLoggerFactory.Instance,
                clock),
            smtp);
        await kit.Store.MigrateAsync(CancellationToken.None);
        return kit;
    }

    private static MailSettings SmtpSettings(SmtpServerFixture smtp) => new()
    {
        Delivery = MailDelivery.Smtp,
        From = "connectorhost@kantoor.example",
        DefaultTo = ["administratie@kantoor.example"],
        Smtp = new SmtpMailSettings { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None, TimeoutSeconds = 30 },
    };

    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ConnectorHost.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("ConnectorHost.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public TaskQueueSettings Settings(int workers = 2) => new()
    {
        PlatformUrl = Platform.BaseUrl,
        Office = Office,
        ApiKey = ApiKey,
        Workers = workers,
        MaxTransientRetries = 3,
        FirstRetryDelay = TimeSpan.FromMinutes(1),
        MaxRetryDelay = TimeSpan.FromMinutes(30),
        LeaseDuration = TimeSpan.FromMinutes(15),
        RequestTimeout = TimeSpan.FromSeconds(30),
        FirstReminderDate = new DateOnly(2023, 11, 6),
    };

    /// <summary>
    /// A connector (one instance of the component, run by the host's queue runner as the host runs it), with a short
    /// wait between failed fetches.
    /// </summary>
    public QueueRunner Connector(TaskQueueSettings? settings = null, IStateStore? store = null)
    {
        settings ??= Settings();
        var context = ContextFor(store ?? Store);
        var queue = new QueueRunner(new TaskQueue(settings, context, TimeSpan.FromMilliseconds(10)), settings, context);
        _queues.Add(queue);
        return queue;
    }

    public IComponentContext ContextFor(IStateStore store) =>
        new TestComponentContext(store, Clock, Pipeline, Path.Combine(DataFolder, "pipelines", Pipeline), mail: Mailer, configFolder: DataFolder);

    public PlatformTask Deliver(string id, string kind, string dossier, string payload = "{}", int minute = 0) =>
        Sandbox.Enqueue(Office, new TaskInput(kind, dossier, id, payload, Clock.GetUtcNow().AddHours(-1).AddMinutes(minute)));

    public async Task<QueuedTask> StoredAsync(string externalId) =>
        (await Store.Tasks.ListAsync(new TaskQuery(Pipeline) { ExternalId = externalId }, CancellationToken.None)).ShouldHaveSingleItem();

    public TaskResultInput? ResultOf(string id) => Sandbox.Tasks(Office).Single(t => t.Task.Id == id).Result;

    /// <summary>The mails sent so far: those the SMTP server received, or the pickup folder's.</summary>
    public IReadOnlyList<MimeMessage> Mails()
    {
        if (_smtp is not null)
        {
            Directory.Exists(PickupFolder).ShouldBeFalse("with an SMTP server, no mail goes to the pickup folder");
            return [.. Directory.GetFiles(_smtp.NewMailFolder).Select(f => MimeMessage.Load(f)).OrderBy(m => m.Date).ThenBy(m => m.Subject, StringComparer.Ordinal)];
        }

        if (!Directory.Exists(PickupFolder))
        {
            return [];
        }

        return [.. Directory.GetFiles(PickupFolder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }

        await Platform.DisposeAsync();
        new SqliteConnectionFactory(StatePath).ClearPool();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

/// <summary>Payloads of the four kinds.</summary>
internal static class Payloads
{
    public static string Booking(string date = "2026-02-10", string journal = "VK", string vatCode = "21", string reference = "VK-2026-001") =>
        $$"""{"bookingDate":"{{date}}","journal":"{{journal}}","vatCode":"{{vatCode}}","reference":"{{reference}}","amount":121.00}""";

    public static string Activation(string dossierCode) => $$"""{"dossierCode":"{{dossierCode}}"}""";
}
