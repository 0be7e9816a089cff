using System.Net;
using ConnectorHost.Configuration;
using ConnectorHost.Dashboard;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Playwright;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// A dashboard with a login configured (on loopback: tests never bind elsewhere): pages need a login, a wrong password
/// is refused, the right one lets the user in and actions are audited with the user's name; scrapers use the API key.
/// </summary>
public sealed class DashboardLoginTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string ApiKey = "scraper-key-0123456789abcdef";
    private readonly TempFolder _folder = new();
    private HostProcess? _host;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _address = string.Empty;

    public async Task InitializeAsync()
    {
        _address = $"http://127.0.0.1:{DashboardFixture.FreePort()}";
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              dashboard:
                enabled: true
                address: {_address}
                login:
                  user: anna
                  passwordHash: ${"{"}DASHBOARD_PASSWORD_HASH{"}"}
                  apiKey: ${"{"}DASHBOARD_API_KEY{"}"}
            pipelines:
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings: {"{"} folder: data/inbox, doneFolder: data/done, errorFolder: data/error, createFolders: true {"}"}
                target:
                  type: samples.copy
                  settings: {"{"} folder: data/portal {"}"}
            """);
        _host = HostProcess.Start(
            new Dictionary<string, string> { ["DASHBOARD_PASSWORD_HASH"] = DashboardAccess.Hash(Password), ["DASHBOARD_API_KEY"] = ApiKey },
            "run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Answers(http), TimeSpan.FromSeconds(60));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
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

    [Fact]
    public async Task Pages_need_a_login_a_wrong_password_is_refused_and_actions_are_audited_with_the_user()
    {
        var page = await _browser!.NewPageAsync();
        await page.GotoAsync(_address + "/documents");
        page.Url.ShouldStartWith(_address + "/login");

        await page.FillAsync("input[name=user]", "anna");
        await page.FillAsync("input[name=password]", "wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        (await page.Locator("#problem").InnerTextAsync()).ShouldContain("not right");

        await page.FillAsync("input[name=user]", "anna");
        await page.FillAsync("input[name=password]", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.Locator("nav .user")).ToContainTextAsync("anna");
        page.Url.ShouldBe(_address + "/documents");

        await page.GotoAsync(_address + "/");
        await page.RunAndWaitForResponseAsync(
            () => page.Locator("#pipelines tr[data-pipeline='samples-demo']").GetByRole(AriaRole.Button, new() { Name = "Run now" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/run", StringComparison.Ordinal));
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        (await store.Audit.ListAsync("pipeline:samples-demo", 10, CancellationToken.None)).ShouldContain(e => e.Action == "run-now" && e.Who.StartsWith("dashboard:anna@", StringComparison.Ordinal));
        (await store.Audit.ListAsync("dashboard", 10, CancellationToken.None)).ShouldContain(e => e.Action == "login" && e.Who.StartsWith("dashboard:anna@", StringComparison.Ordinal));

        await page.RunAndWaitForResponseAsync(
            () => page.Locator("nav").GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/logout", StringComparison.Ordinal));
        await page.GotoAsync(_address + "/");
        page.Url.ShouldStartWith(_address + "/login");
    }

    [Fact]
    public async Task Metrics_need_the_API_key_and_health_stays_open_for_probes()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        (await http.GetAsync(_address + "/metrics")).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, _address + "/metrics") { Headers = { { DashboardAccess.ApiKeyHeader, "not-the-key-0123456789" } } };
        (await http.SendAsync(wrong)).StatusCode.ShouldBeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect);
        using var right = new HttpRequestMessage(HttpMethod.Get, _address + "/metrics") { Headers = { { DashboardAccess.ApiKeyHeader, ApiKey } } };
        var scraped = await http.SendAsync(right);
        scraped.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scraped.Content.ReadAsStringAsync()).ShouldContain("connectorhost_");
        (await http.GetAsync(_address + "/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private bool Answers(HttpClient http)
    {
        try
        {
            return http.GetAsync(_address + "/healthz").GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

/// <summary>The dashboard's address and login settings, as validation sees them.</summary>
public sealed class DashboardSettingsTests
{
    [Fact]
    [Trait("Req", "H-2")]
    public void Another_address_than_loopback_is_refused_without_a_login_and_accepted_with_one()
    {
        var open = new DashboardSettings { Enabled = true, Address = new Uri("http://0.0.0.0:5080") };
        var refused = open.Validate(new(open)).ShouldHaveSingleItem();
        refused.ErrorMessage.ShouldNotBeNull().ShouldContain("not a loopback address, without a login: configure host.dashboard.login");

        var withLogin = new DashboardSettings { Enabled = true, Address = new Uri("http://0.0.0.0:5080"), Login = new() { User = "anna", PasswordHash = DashboardAccess.Hash("secret password") } };
        withLogin.Validate(new(withLogin)).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "H-2")]
    public void A_user_without_a_hash_and_a_short_api_key_are_refused()
    {
        var login = new DashboardLoginSettings { User = "anna", ApiKey = "short" };

        var errors = login.Validate(new(login)).Select(e => e.ErrorMessage).ToList();

        errors.ShouldContain(e => e!.Contains("a user needs a passwordHash", StringComparison.Ordinal));
        errors.ShouldContain(e => e!.Contains("at least 16 random characters", StringComparison.Ordinal));
    }

    [Fact]
    public void The_password_check_takes_the_right_password_and_the_api_key_only()
    {
        var access = new DashboardAccess(new DashboardLoginSettings { User = "anna", PasswordHash = DashboardAccess.Hash("right password"), ApiKey = "api-key-0123456789abcdef" });

        access.Check("anna", "right password").ShouldBe("anna");
        access.Check("anna", "wrong password").ShouldBeNull();
        access.Check("bert", "right password").ShouldBeNull();
        access.Check("bert", "api-key-0123456789abcdef").ShouldBe(DashboardAccess.ApiKeyUser); // SEC-3: never the typed name
        access.Check("anna", string.Empty).ShouldBeNull();
        access.Check("ANNA", "right password").ShouldBeNull();
        new DashboardAccess(new DashboardLoginSettings { ApiKey = "api-key-0123456789abcdef" }).Check("anna", "right password").ShouldBeNull();
    }
}
