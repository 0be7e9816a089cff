using System.Net;
using System.Text.RegularExpressions;
using ConnectorHost.Dashboard;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// SEC-3 against the built host with a login: guessing is rate limited, logout ends the session even for a copied
/// cookie, the cookie is Secure behind a trusted TLS proxy (and only then), and the API key logs in under its own
/// fixed name whatever user name is typed.
/// </summary>
[Trait("Req", "SEC-3")]
public sealed partial class DashboardLoginHardeningTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string ApiKey = "scraper-key-0123456789abcdef";
    private readonly TempFolder _folder = new();
    private readonly string _address = $"http://127.0.0.1:{DashboardFixture.FreePort()}";
    private HostProcess? _host;

    public async Task InitializeAsync()
    {
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              dashboard:
                enabled: true
                address: {_address}
                trustedProxies: [127.0.0.1]
                login:
                  user: anna
                  passwordHash: ${"{"}DASHBOARD_PASSWORD_HASH{"}"}
                  apiKey: ${"{"}DASHBOARD_API_KEY{"}"}
            pipelines: []
            """);
        _host = HostProcess.Start(
            new Dictionary<string, string> { ["DASHBOARD_PASSWORD_HASH"] = DashboardAccess.Hash(Password), ["DASHBOARD_API_KEY"] = ApiKey },
            "run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Answers(http), TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_eleventh_login_attempt_within_a_minute_is_answered_429()
    {
        using var browser = new Browser(_address);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < LoginThrottle.AttemptsPerMinute + 1; i++)
        {
            using var response = await browser.LogInAsync("anna", $"guess-{i}");
            answers.Add(response.StatusCode);
        }

        answers.Take(LoginThrottle.AttemptsPerMinute).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        answers[^1].ShouldBe(HttpStatusCode.TooManyRequests);

        // Even the right password is refused until the minute has passed: nothing is checked while throttled.
        using var right = await browser.LogInAsync("anna", Password);
        right.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await right.Content.ReadAsStringAsync()).ShouldContain("Te veel aanmeldpogingen"); // no Accept-Language: the dashboard speaks Dutch (UI-6)
    }

    [Fact]
    public async Task A_cookie_copied_before_logout_is_refused_after_it()
    {
        using var browser = new Browser(_address);
        using (var login = await browser.LogInAsync("anna", Password))
        {
            login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var copied = browser.Cookie("connectorhost.dashboard").ShouldNotBeNull();
        using (var before = await Browser.GetWithCookieAsync(_address + "/documents", copied))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var logout = await browser.PostFormAsync("/logout", "/", []))
        {
            logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        using var after = await Browser.GetWithCookieAsync(_address + "/documents", copied);
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldContain("/login");
    }

    [Fact]
    public async Task The_cookie_is_Secure_when_the_trusted_proxy_says_https_and_not_otherwise()
    {
        using var plain = new Browser(_address);
        using (var response = await plain.LogInAsync("anna", Password))
        {
            SessionCookie(response).ShouldNotContain("secure", Case.Insensitive);
        }

        using var proxied = new Browser(_address, forwardedProto: "https");
        using (var response = await proxied.LogInAsync("anna", Password))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            SessionCookie(response).ShouldContain("secure", Case.Insensitive);
        }
    }

    [Fact]
    public async Task The_API_key_logs_in_under_its_own_name_whatever_user_name_is_typed()
    {
        using var browser = new Browser(_address);
        using (var response = await browser.LogInAsync("admin\r\n[INF] forged", ApiKey))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        var login = (await store.Audit.ListAsync("dashboard", 10, CancellationToken.None)).ShouldHaveSingleItem();
        login.Who.ShouldBe($"dashboard:{DashboardAccess.ApiKeyUser}@127.0.0.1");
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Single(c => c.StartsWith("connectorhost.dashboard=", StringComparison.Ordinal))
            : throw new ShouldAssertException("no Set-Cookie header on the login answer");

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

    /// <summary>An HTTP client with a cookie jar that fills in the forms' anti-forgery token, as a browser would.</summary>
    private sealed partial class Browser : IDisposable
    {
        private readonly string _address;
        private readonly string? _forwardedProto;
        private readonly CookieContainer _cookies = new();
        private readonly HttpClient _http;

        public Browser(string address, string? forwardedProto = null)
        {
            _address = address;
            _forwardedProto = forwardedProto;
            _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false, UseCookies = true });
        }

        public void Dispose() => _http.Dispose();

        public string? Cookie(string name) => _cookies.GetCookies(new Uri(_address)).FirstOrDefault(c => c.Name == name)?.Value;

        public Task<HttpResponseMessage> LogInAsync(string user, string password) =>
            PostFormAsync("/login", "/login", [new("user", user), new("password", password), new("returnUrl", "/")]);

        public async Task<HttpResponseMessage> PostFormAsync(string path, string formPage, IEnumerable<KeyValuePair<string, string>> fields)
        {
            var page = await _http.GetStringAsync(_address + formPage);
            var token = Token().Match(page);
            token.Success.ShouldBeTrue($"no anti-forgery token on {formPage}");
            using var request = new HttpRequestMessage(HttpMethod.Post, _address + path)
            {
                Content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value))]),
            };
            if (_forwardedProto is not null)
            {
                request.Headers.Add("X-Forwarded-Proto", _forwardedProto);
            }

            return await _http.SendAsync(request);
        }

        public static async Task<HttpResponseMessage> GetWithCookieAsync(string url, string cookie)
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", $"connectorhost.dashboard={cookie}");
            return await http.SendAsync(request);
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
        private static partial Regex Token();
    }
}
