using System.Net;
using System.Net.Sockets;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>The dashboard of a real host process, used in real headless Chromium.</summary>
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private IBrowser Browser => fixture.Browser;

    private string Address => fixture.Address;

    private string StatePath => fixture.StatePath;

    private long Instruction => fixture.Instruction;

    [Fact]
    [Trait("Req", "AT-9")]
    [Trait("Req", "AT-6")]
    public async Task Monitoring_shows_the_failed_task_marked_with_its_instruction_and_resolve_unblocks_it()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/monitoring");

        var row = page.Locator("#tasks tr.orange");
        (await row.CountAsync()).ShouldBe(1);
        (await row.InnerTextAsync()).ShouldContain("Boekjaar 2023 is afgesloten in het boekhoudpakket");
        (await row.InnerTextAsync()).ShouldContain("Failed");
        await row.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();

        await page.WaitForURLAsync(Address + "/monitoring");
        (await page.Locator("#tasks tr.orange").CountAsync()).ShouldBe(0);
        (await page.Locator("#tasks").InnerTextAsync()).ShouldContain("(resolved)");
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        (await store.Instructions.ListAsync(openOnly: false, CancellationToken.None)).Single(i => i.Id == Instruction).ResolvedBy.ShouldNotBeNull().ShouldStartWith("dashboard@127.0.0.1");
    }

    [Fact]
    public async Task Overview_shows_the_pipeline_and_run_now_is_audited()
    {
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(Address + "/");

        var row = page.Locator("#pipelines tr[data-pipeline='samples-demo']");
        (await row.InnerTextAsync()).ShouldContain("every 1h");
        (await page.Locator("#plugins").InnerTextAsync()).ShouldContain("Samples");
        await row.GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync();

        await page.WaitForURLAsync(Address + "/");
        var store = new SqliteStateStore(StatePath, TimeProvider.System);
        (await store.Audit.ListAsync("pipeline:samples-demo", 10, CancellationToken.None)).ShouldContain(e => e.Action == "run-now");
    }

    [Fact]
    public async Task An_action_without_the_anti_forgery_token_is_refused()
    {
        using var http = new HttpClient();

        var response = await http.PostAsync(Address + "/pipelines/samples-demo/run", new FormUrlEncodedContent([]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

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
        var config = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              dashboard:
                enabled: true
                address: {_address}
            pipelines:
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings: {"{"} folder: data/inbox, doneFolder: data/done, errorFolder: data/error {"}"}
                target:
                  type: samples.copy
                  settings: {"{"} folder: data/portal {"}"}
            """);
        await SeedFailedTaskAsync();
        _host = HostProcess.Start("run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Healthy(http), Patience);
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

    public string Address => _address;

    public long Instruction => _instruction;

    public string StatePath => _folder.Combine("data", "state.db");

    private async Task SeedFailedTaskAsync()
    {
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        await store.Tasks.EnqueueAsync(new NewTask("tasks", "t1", "D100", "process-booking-proposal", "{}", DateTimeOffset.UtcNow.AddMinutes(-5)), CancellationToken.None);
        var lease = (await store.Tasks.ClaimNextAsync("tasks", "seed", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        _instruction = (await store.Tasks.FailAndBlockAsync(lease, new Instruction("D100", InstructionSeverity.Orange, "Boekjaar 2023 is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum.", "wrong-period"), CancellationToken.None))!.Value;
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
