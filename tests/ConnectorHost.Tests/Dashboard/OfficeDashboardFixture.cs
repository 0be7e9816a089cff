using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// A host with its dashboard on a store seeded with a realistic office (<see cref="OfficeSeed"/>: 400 clients, 3,000
/// documents, 6,000 tasks over 30 days, failures of every kind), and one headless Chromium: shared by the tests of the
/// admin's window (UI-1..UI-7) and the screenshots.
/// </summary>
public sealed class OfficeDashboardFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private HostProcess? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The office's "now" when it was seeded.</summary>
    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public string Address { get; private set; } = string.Empty;

    public OfficeSeed.Office Office { get; private set; } = null!;

    public string StatePath => _folder.Combine("data", "state.db");

    public IBrowser Browser => _browser!;

    internal HostProcess Host => _host!;

    public async Task InitializeAsync()
    {
        Address = $"http://127.0.0.1:{DashboardFixture.FreePort()}";
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        Office = await OfficeSeed.SqliteAsync(StatePath, OfficeSeed.Size.Tests(Now));
        var root = RepoRoot.Find();
        var config = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(root, "artifacts", "plugins")}
              timeZone: Europe/Amsterdam
              dashboard:
                enabled: true
                address: {Address}
            pipelines:
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings: {"{"} folder: data/inbox, doneFolder: data/done, errorFolder: data/error, createFolders: true {"}"}
                target:
                  type: samples.copy
                  settings: {"{"} folder: data/portal {"}"}
              - name: certipost
                manual: true
                task:
                  type: certipost.enrol
                  settings:
                    source: {"{"} kind: Csv, path: {Path.Combine(root, "config", "samples", "relaties.csv")} {"}"}
                    certipost: {"{"} baseUrl: "http://127.0.0.1:9/", apiKey: office-key {"}"}
              - name: casewarecloud
                manual: true
                task:
                  type: casewarecloud.sync
                  settings:
                    source: {"{"} kind: Json, path: {Path.Combine(root, "config", "auditcase-export.json")} {"}"}
                    caseWareCloud: {"{"} baseUrl: "http://127.0.0.1:9/firm/", clientId: office, clientSecret: office-secret {"}"}
            """);
        _host = HostProcess.Start("run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Healthy(http), TimeSpan.FromSeconds(60));
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

    /// <summary>A new page in a context of its own (its own cookies), speaking the given language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = locale, ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>UI-7: axe-core finds no serious or critical violation on the page as it is now.</summary>
    public static async Task ShouldBeAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        bad.ShouldBeEmpty(string.Join(Environment.NewLine, bad.Select(v => $"{page.Url}: {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
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
}
