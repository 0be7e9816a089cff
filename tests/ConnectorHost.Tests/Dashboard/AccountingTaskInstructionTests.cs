using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// AT-6 from end to end: tasks fail for real in the sandbox accounting platform (a wrong VAT code the office can fix,
/// a database error only support can fix); the built host's <c>accountingtasks.queue</c> pipeline runs them, blocks
/// the dossiers and records the instructions in its SQLite store; the dashboard's monitoring page in headless
/// Chromium shows each failed task orange or red, as the cause table says, in colour and in words.
/// </summary>
public sealed class AccountingTaskInstructionTests : IAsyncLifetime
{
    private const string Office = "kantoor-demo"; // the sandbox platform's office, key demo-key
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90); // a guard against a hang, not a timing assertion
    private readonly TempFolder _folder = new();
    private SandboxPlatform? _platform;
    private HostProcess? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _address = string.Empty;

    public async Task InitializeAsync()
    {
        _platform = await SandboxPlatform.StartAsync(new SandboxPlatformOptions { MinimumLogLevel = LogLevel.None });
        var delivered = DateTimeOffset.UtcNow.AddHours(-1);
        const string booking = """{"bookingDate":"2026-02-10","journal":"VK","vatCode":"99","reference":"VK-2026-001","amount":121.00}""";
        _platform.State.Enqueue(Office, new TaskInput(TaskKinds.ProcessBookingProposal, "D-ORANJE", "o1", booking, delivered));
        _platform.State.Enqueue(Office, new TaskInput(TaskKinds.ProcessBookingProposal, "D-ROOD", "r1", booking.Replace("\"99\"", "\"21\"", StringComparison.Ordinal), delivered.AddMinutes(1)));
        _platform.State.Enqueue(Office, new TaskInput(TaskKinds.ProcessBookingProposal, "D-GOED", "g1", booking.Replace("\"99\"", "\"21\"", StringComparison.Ordinal), delivered.AddMinutes(2)));
        _platform.State.AddFailure(new FailureRule(FailureCauses.WrongVatCode, Dossier: "D-ORANJE"));
        _platform.State.AddFailure(new FailureRule(FailureCauses.DatabaseError, Dossier: "D-ROOD"));

        _address = $"http://127.0.0.1:{DashboardFixture.FreePort()}";
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              mail:
                defaultTo: [office@example.nl]
                templatesFolder: {Path.Combine(RepoRoot.Find(), "config", "templates")}
              dashboard:
                enabled: true
                address: {_address}
            pipelines:
              - name: accounting-tasks
                every: 1h
                task:
                  type: accountingtasks.queue
                  settings:
                    platformUrl: {_platform.BaseUrl}
                    office: {Office}
                    apiKey: demo-key
                    firstReminderDate: 2024-01-01
            """);
        _host = HostProcess.Start("run", "--config", config);
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
        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    [Trait("Req", "AT-6")]
    public async Task A_task_that_fails_in_the_platform_is_shown_orange_or_red_on_the_dashboard_as_its_cause_says()
    {
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        IReadOnlyList<StoredInstruction> open = [];
        await _host!.WaitUntilAsync(() => (open = OpenInstructions(store)).Count == 2 && _platform!.State.Runs.Count >= 3, Patience);

        var orange = open.Single(i => i.Instruction.Dossier == "D-ORANJE").Instruction;
        var red = open.Single(i => i.Instruction.Dossier == "D-ROOD").Instruction;
        orange.Severity.ShouldBe(InstructionSeverity.Orange); // the office can fix a wrong VAT code
        orange.Cause.ShouldBe(FailureCauses.WrongVatCode);
        red.Severity.ShouldBe(InstructionSeverity.Red); // a database error needs support
        red.Cause.ShouldBe(FailureCauses.DatabaseError);

        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(_address + "/monitoring?dossier=D-ORANJE");
        var orangeRow = page.Locator("#tasks tr.orange");
        (await orangeRow.CountAsync()).ShouldBe(1);
        (await orangeRow.InnerTextAsync()).ShouldContain($"Orange: {orange.Text}"); // in words too: colour is never the only signal
        (await orangeRow.InnerTextAsync()).ShouldContain("Failed");
        (await page.Locator("#tasks tr.red").CountAsync()).ShouldBe(0);
        (await orangeRow.EvaluateAsync<string>("row => getComputedStyle(row).backgroundColor")).ShouldBe("rgb(255, 227, 179)");

        await page.GotoAsync(_address + "/monitoring?dossier=D-ROOD");
        var redRow = page.Locator("#tasks tr.red");
        (await redRow.CountAsync()).ShouldBe(1);
        (await redRow.InnerTextAsync()).ShouldContain($"Red: {red.Text}");
        (await page.Locator("#tasks tr.orange").CountAsync()).ShouldBe(0);
        (await redRow.EvaluateAsync<string>("row => getComputedStyle(row).backgroundColor")).ShouldBe("rgb(255, 194, 194)");

        await page.GotoAsync(_address + "/monitoring?dossier=D-GOED");
        (await page.Locator("#tasks tr.orange, #tasks tr.red").CountAsync()).ShouldBe(0, "the task that ran is not marked");
    }

    private IReadOnlyList<StoredInstruction> OpenInstructions(SqliteStateStore store)
    {
        if (!File.Exists(_folder.Combine("data", "state.db")))
        {
            return []; // the host has not made its store yet
        }

        try
        {
            return store.Instructions.ListAsync(openOnly: true, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return []; // still being migrated by the host
        }
    }
}
