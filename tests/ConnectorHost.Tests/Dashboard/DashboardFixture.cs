using System.Net;
using System.Net.Sockets;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>One host with its dashboard and one headless Chromium, shared by the dashboard tests.</summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();
    private HostProcess? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _address = string.Empty;
    private long _instruction;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _address = $"http://127.0.0.1:{port}";
        PortalPort = FreePort();
        CertipostPort = FreePort();
        CaseWarePort = FreePort();
        var config = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              retryFailedRunsAfter: 2s
              mail:
                defaultTo: [office@example.nl]
                templatesFolder: {Path.Combine(RepoRoot.Find(), "config", "templates")}
              dashboard:
                enabled: true
                address: {_address}
            pipelines:
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings: {"{"} folder: data/inbox, doneFolder: data/done, errorFolder: data/error, createFolders: true {"}"}
                target:
                  type: samples.copy
                  settings: {"{"} folder: data/portal {"}"}
              - name: clientonline-sandbox
                every: 1h
                startFirst: true
                task:
                  type: sandbox.clientonline
                  settings: {"{"} port: {PortalPort}, userName: office, password: sandbox-password {"}"}
              - name: clientonline
                every: 1s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 1s
                    createFolders: true
                    folders:
                      - {"{"} source: data/naar-portaal, pattern: "*.pdf", documentType: jaarrekening, approved: data/goedgekeurd, rejected: data/afgekeurd, notFound: data/niet-gevonden, error: data/fout {"}"}
                target:
                  type: clientonline.accordering
                  settings: {"{"} endpoint: "http://127.0.0.1:{PortalPort}/soap/2010/accordering", userName: office, password: sandbox-password {"}"}
              - name: certipost-sandbox
                every: 1h
                startFirst: true
                task:
                  type: sandbox.certipost
                  settings: {"{"} port: {CertipostPort}, apiKey: dashboard-test-key {"}"}
              - name: certipost
                every: 1h
                task:
                  type: certipost.enrol
                  settings:
                    source: {"{"} kind: Csv, path: {Path.Combine(RepoRoot.Find(), "config", "samples", "relaties.csv")} {"}"}
                    certipost: {"{"} baseUrl: "http://127.0.0.1:{CertipostPort}/", apiKey: dashboard-test-key {"}"}
              - name: certipost-daily
                every: 3s
                task:
                  type: certipost.daily
                  settings:
                    certipost: {"{"} baseUrl: "http://127.0.0.1:{CertipostPort}/", apiKey: a-wrong-key {"}"}
              - name: casewarecloud-sandbox
                every: 1h
                startFirst: true
                task:
                  type: sandbox.casewarecloud
                  settings: {"{"} port: {CaseWarePort}, firm: test-firm, clientId: office, clientSecret: dashboard-test-secret {"}"}
              - name: casewarecloud
                every: 1h
                task:
                  type: casewarecloud.sync
                  settings:
                    source: {"{"} kind: Json, path: {Path.Combine(RepoRoot.Find(), "config", "auditcase-export.json")} {"}"}
                    caseWareCloud: {"{"} baseUrl: "http://127.0.0.1:{CaseWarePort}/test-firm/", clientId: office, clientSecret: dashboard-test-secret {"}"}
            """);
        await SeedFailedTaskAsync();
        _host = HostProcess.Start("run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Healthy(http), Patience);
        // The tests click through to the sandboxes (Send on the Certipost page): under load the host answers /healthz
        // before the sandboxes' first runs have made them listen, so wait for them as a user would see them.
        await _host.WaitUntilAsync(() => Listening(PortalPort) && Listening(CertipostPort) && Listening(CaseWarePort), Patience);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    public IBrowser Browser => _browser!;

    /// <summary>The host process (its output, for the log lines a test expects).</summary>
    internal HostProcess Host => _host!;

    /// <summary>The test's folder (the configuration is connectorhost.yaml in it).</summary>
    public string Folder => _folder.Path;

    public int PortalPort { get; private set; }

    public int CertipostPort { get; private set; }

    public int CaseWarePort { get; private set; }

    /// <summary>The folder the clientonline pipeline picks PDFs up from.</summary>
    public string PortalInbox => _folder.Combine("data", "naar-portaal");

    /// <summary>Saves a screenshot of the page for the docs (artifacts/screenshots; docs/ holds the chosen ones).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepoRoot.Find(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public string Address => _address;

    public long Instruction => _instruction;

    /// <summary>The seeded instruction for support (red), of dossier D200.</summary>
    public long RedInstruction { get; private set; }

    public string StatePath => _folder.Combine("data", "state.db");

    private async Task SeedFailedTaskAsync()
    {
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        await store.Tasks.EnqueueAsync(new NewTask("tasks", "t1", "D100", "process-booking-proposal", "{}", DateTimeOffset.UtcNow.AddMinutes(-5)), CancellationToken.None);
        var lease = (await store.Tasks.ClaimNextAsync("tasks", "seed", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        _instruction = (await store.Tasks.FailAndBlockAsync(lease, new Instruction("D100", InstructionSeverity.Orange, "Boekjaar 2023 is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum.", "wrong-period"), CancellationToken.None))!.Value;

        // A failure only support can fix (AT-6 red), in another dossier.
        await store.Tasks.EnqueueAsync(new NewTask("tasks", "t2", "D200", "synchronise-dossier", "{}", DateTimeOffset.UtcNow.AddMinutes(-4)), CancellationToken.None);
        var second = (await store.Tasks.ClaimNextAsync("tasks", "seed", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        RedInstruction = (await store.Tasks.FailAndBlockAsync(second, new Instruction("D200", InstructionSeverity.Red, "De taak synchronise-dossier faalde met een onbekende fout (disk full): ons supportteam moet ingrijpen.", "disk-full"), CancellationToken.None))!.Value;
    }

    private bool Healthy(HttpClient http)
    {
        try
        {
            return http.GetAsync(Address + "/healthz").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
