using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Sandbox.Certipost;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Plugins.Certipost.Tests;

/// <summary>
/// One test's world: a sandbox Certipost over real HTTP on 127.0.0.1, a real SQLite state store in a temp folder,
/// a fake clock shared by both, the relation export, and the plugin's components created through its factories.
/// </summary>
internal sealed class CertipostWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public const string Header = "Nummer;Naam;BtwNummer;Email;Taal;Straat;Postcode;Gemeente;Land;StatusEFactuur";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private CertipostWorld(string root, SandboxCertipost sandbox, SqliteStateStore store, FakeTimeProvider clock, FakeLogCollector logs)
    {
        Root = root;
        Sandbox = sandbox;
        Store = store;
        Clock = clock;
        Logs = logs;
        Context = new TestComponentContext(store, clock, "certipost-test", root, logs: logs);
        Control = new HttpClient { BaseAddress = sandbox.BaseUrl };
    }

    public string Root { get; }

    public SandboxCertipost Sandbox { get; }

    public SqliteStateStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public FakeLogCollector Logs { get; }

    public TestComponentContext Context { get; }

    public HttpClient Control { get; }

    public string CsvPath => Path.Combine(Root, "relaties.csv");

    public static async Task<CertipostWorld> StartAsync(Action<SandboxCertipostOptions>? configure = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "connectorhost-certipost-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var clock = new FakeTimeProvider(Start);
        var options = new SandboxCertipostOptions { Clock = clock, ApiKey = "test-key", MinimumLogLevel = LogLevel.None };
        configure?.Invoke(options);
        var sandbox = await SandboxCertipost.StartAsync(options);
        var store = new SqliteStateStore(Path.Combine(root, "state.db"), clock);
        await store.MigrateAsync(CancellationToken.None);
        return new CertipostWorld(root, sandbox, store, clock, new FakeLogCollector());
    }

    public CertipostConnectionSettings Connection(string apiKey = "test-key") => new() { BaseUrl = Sandbox.BaseUrl, ApiKey = apiKey, Timeout = TimeSpan.FromSeconds(20) };

    public EnrolTaskSettings EnrolTaskSettings(Action<EnrolTaskSettings>? configure = null)
    {
        var settings = new EnrolTaskSettings
        {
            Source = new RelationSourceSettings { Kind = RelationSourceKind.Csv, Path = CsvPath },
            Certipost = Connection(),
        };
        configure?.Invoke(settings);
        return settings;
    }

    public EnrolTask Enrol(Action<EnrolTaskSettings>? configure = null) => EnrolTaskFactory.CreateTask(EnrolTaskSettings(configure), Context);

    public DailyTask Daily(Action<DailyTaskSettings>? configure = null)
    {
        var settings = new DailyTaskSettings { Certipost = Connection() };
        configure?.Invoke(settings);
        return DailyTaskFactory.CreateTask(settings, Context);
    }

    /// <summary>Writes the export, UTF-8 without BOM, with <see cref="Header"/> on line 1 unless <paramref name="header"/> says otherwise.</summary>
    public void WriteCsv(IEnumerable<string> rows, string header = Header) =>
        File.WriteAllText(CsvPath, string.Join("\r\n", rows.Prepend(header)) + "\r\n", new UTF8Encoding(false));

    public void WriteCsv(params string[] rows) => WriteCsv(rows, Header);

    public async Task<RelationStatus?> StatusAsync(string number)
    {
        var stored = await Store.Records.GetAsync("certipost.relations", number, CancellationToken.None);
        return stored is null ? null : Enum.Parse<RelationStatus>(stored.Status);
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await Control.GetAsync(new Uri(path, UriKind.Relative));
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public async Task PostAsync(string path)
    {
        using var response = await Control.PostAsync(new Uri(path, UriKind.Relative), null);
        response.IsSuccessStatusCode.ShouldBeTrue($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
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

/// <summary>Relations for the export: valid Belgian enterprise numbers 0403.170.701, 0812.345.603, 0456.789.034, 0765.432.146, 0123.456.749.</summary>
internal static class Rows
{
    public static string Row(
        string number,
        string name = "Bakkerij Peeters BV",
        string vat = "BE0403.170.701",
        string email = "boekhouding@peeters.be",
        string language = "nl",
        string street = "Kerkstraat 1",
        string postalCode = "2000",
        string city = "Antwerpen",
        string country = "BE",
        string status = "Toegelaten") =>
        string.Join(';', number, name, vat, email, language, street, postalCode, city, country, status);
}
