using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Sandbox.CaseWareCloud;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

/// <summary>
/// One test's world: a sandbox CaseWare Cloud over real HTTP on 127.0.0.1, a real SQLite state store in a temp folder,
/// a fake clock shared by both, AuditCase's JSON export, and the plugin's task created through its factory. The task's
/// waits (Retry-After, back-off) are recorded and shortened, so tests see what was asked without waiting for it.
/// </summary>
internal sealed class CaseWareWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true };

    private CaseWareWorld(string root, SandboxCaseWareCloud sandbox, SqliteStateStore store, FakeTimeProvider clock)
    {
        Root = root;
        Sandbox = sandbox;
        Store = store;
        Clock = clock;
        Context = new TestComponentContext(store, clock, "casewarecloud-test", root, logs: Logs);
    }

    public string Root { get; }

    public SandboxCaseWareCloud Sandbox { get; }

    public SqliteStateStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; } = new();

    public TestComponentContext Context { get; }

    /// <summary>Every wait the task asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Waits { get; } = new();

    /// <summary>Runs when the task waits, before it goes on; a test can move the clock here.</summary>
    public Action<TimeSpan>? OnWait { get; set; }

    public string ExportPath => Path.Combine(Root, "auditcase.json");

    public static async Task<CaseWareWorld> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "connectorhost-caseware-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var clock = new FakeTimeProvider(Start);
        var sandbox = await SandboxCaseWareCloud.StartAsync(new SandboxCaseWareCloudOptions { Clock = clock, ClientId = "test-id", ClientSecret = "test-secret", MinimumLogLevel = LogLevel.None });
        var store = new SqliteStateStore(Path.Combine(root, "state.db"), clock);
        await store.MigrateAsync(CancellationToken.None);
        return new CaseWareWorld(root, sandbox, store, clock);
    }

    public CaseWareCloudSyncSettings Settings(Action<CaseWareCloudSyncSettings>? configure = null)
    {
        var settings = new CaseWareCloudSyncSettings
        {
            Source = new AuditCaseSourceSettings { Kind = AuditCaseSourceKind.Json, Path = ExportPath },
            CaseWareCloud = new CaseWareCloudConnectionSettings
            {
                BaseUrl = Sandbox.FirmUrl,
                ClientId = "test-id",
                ClientSecret = "test-secret",
                Timeout = TimeSpan.FromSeconds(20),
                FirstRetryDelay = TimeSpan.FromSeconds(1),
            },
        };
        configure?.Invoke(settings);
        return settings;
    }

    public CaseWareCloudSync Task(Action<CaseWareCloudSyncSettings>? configure = null) =>
        CaseWareCloudSyncFactory.CreateTask(Settings(configure), Context, new RecordedWaits(this));

    /// <summary>One run of a fresh task, as the host's scheduler would do it.</summary>
    public async Task<SyncReport> SyncAsync(Action<CaseWareCloudSyncSettings>? configure = null)
    {
        using var task = Task(configure);
        return await task.SyncAsync(CancellationToken.None);
    }

    public void WriteExport(params TestClient[] clients) => WriteExport((IEnumerable<TestClient>)clients);

    public void WriteExport(IEnumerable<TestClient> clients) =>
        File.WriteAllText(ExportPath, JsonSerializer.Serialize(new { clients }, ExportJson));

    public static async Task<AdminCommandResult> CommandAsync(CaseWareCloudSync task, string command) =>
        await task.RunAsync(new AdminCommandRequest(command, new Dictionary<string, string>(), "cli:test"), CancellationToken.None);

    public async Task<ClientRecord?> ClientRecordAsync(string number) =>
        (await new SyncRecords(Store.Records).ClientsAsync(CancellationToken.None)).GetValueOrDefault(number);

    public async Task<ContactRecord?> ContactRecordAsync(string id) =>
        (await new SyncRecords(Store.Records).ContactsAsync(CancellationToken.None)).GetValueOrDefault(id);

    public Entity EntityOf(string number) => Sandbox.State.Entities.Single(e => e.EntityNo == number);

    public Contact ContactOf(string email) => Sandbox.State.Contacts.Single(c => string.Equals(c.Email, email, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a temp folder left behind is harmless
        }
    }
}

/// <summary>A client in AuditCase's JSON export.</summary>
internal sealed record TestClient(string ClientNumber, string Name = "Bakkerij Jansen BV")
{
    public string Kind { get; init; } = "Business";

    public string Status { get; init; } = "Active";

    public string? Address { get; init; } = "Dorpsstraat 1";

    public string? PostalCode { get; init; } = "1234 AB";

    public string? City { get; init; } = "Utrecht";

    public string? Country { get; init; } = "NL";

    public string? Phone { get; init; } = "030-1234567";

    public string? Email { get; init; } = "info@jansen.nl";

    public string? Website { get; init; } = "https://jansen.nl";

    public string? Facebook { get; init; } = "https://facebook.com/jansen";

    public string? Twitter { get; init; } = "@jansen";

    public string? LinkedIn { get; init; } = "https://linkedin.com/company/jansen";

    public bool LinkWithCaseWareCloud { get; init; } = true;

    public IReadOnlyList<TestContact> Contacts { get; init; } = [];
}

/// <summary>A contact person in AuditCase's JSON export.</summary>
internal sealed record TestContact(string Id, string Email, string FirstName = "Jan", string LastName = "Dijk")
{
    public string? Infix { get; init; } = "van";

    public string? Initials { get; init; } = "J.";

    public string? Phone { get; init; } = "030-7654321";

    public string? Mobile { get; init; } = "06-12345678";

    public bool LinkWithCaseWareCloud { get; init; } = true;
}

/// <summary>The waits between the client's tries: each is recorded (and <see cref="CaseWareWorld.OnWait"/> told), then lasts 5 ms.</summary>
internal sealed class RecordedWaits(CaseWareWorld world) : TimeProvider
{
    private long _waitedTicks;

    /// <summary>The real time plus every wait recorded: a wait is over at once, and its time has passed after it.</summary>
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Interlocked.Add(ref _waitedTicks, dueTime.Ticks);
            world.Waits.Enqueue(dueTime);
            world.OnWait?.Invoke(dueTime);
            dueTime = TimeSpan.FromMilliseconds(5);
        }

        return System.CreateTimer(callback, state, dueTime, period);
    }
}
