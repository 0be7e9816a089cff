using System.Net;
using System.Text.RegularExpressions;
using ConnectorHost.Dashboard;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// FH-9 against the built host with a login behind a trusted proxy (127.0.0.1, the test): an oversized body is
/// answered 413 and logged in one line without a stack trace, a repeated form field 400; the login throttle counts the
/// last hop of X-Forwarded-For (a client cannot choose its address by forging the rest), all addresses together, and
/// takes X-Forwarded-For only from a trusted proxy.
/// </summary>
[Trait("Req", "FH-9")]
public sealed partial class RequestLimitsTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly TempFolder _folder = new();
    private HostProcess? _host;
    private string _address = string.Empty;

    public void Dispose()
    {
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_oversized_body_is_answered_413_and_logged_once_without_a_stack_trace_and_a_repeated_field_400()
    {
        await StartAsync("127.0.0.1");
        using var http = new HttpClient();
        var big = new string('a', (int)RequestLimits.MaxBodyBytes + 64 * 1024);

        using (var request = new HttpRequestMessage(HttpMethod.Post, _address + "/login") { Content = new FormUrlEncodedContent([new("user", "anna"), new("password", big)]) })
        {
            request.Headers.ExpectContinue = true; // as curl does for a large body: the answer comes before the body is sent
            using var response = await http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        }

        using (var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes("user=anna&password=" + big))))
        {
            chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
            using var request = new HttpRequestMessage(HttpMethod.Post, _address + "/login") { Content = chunked };
            request.Headers.TransferEncodingChunked = true;
            using var response = await http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, "a body without a length is cut at the limit too");
        }

        var (page, token) = await LoginPageAsync(http);
        using (var repeated = await http.PostAsync(new Uri(_address + "/login"), new FormUrlEncodedContent([token, new("user", "anna"), new("user", "/tmp/x"), new("password", "x")])))
        {
            repeated.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await repeated.Content.ReadAsStringAsync()).ShouldContain("The form sends the field 'user' more than once");
        }

        page.ShouldContain("<form");
        await _host!.WaitUntilAsync(() => _host.Output.Contains("refused (400)", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var lines = _host.Output.Split('\n');
        lines.Count(l => l.Contains("Dashboard request POST /login from", StringComparison.Ordinal) && l.Contains("refused (413)", StringComparison.Ordinal)).ShouldBe(2, _host.Output);
        lines.Count(l => l.Contains("refused (400): the form sends 'user' more than once", StringComparison.Ordinal)).ShouldBe(1, _host.Output);
        _host.Output.ShouldNotContain("   at ", Case.Sensitive, "no stack trace for a refused request");
    }

    [Fact]
    public async Task The_login_throttle_counts_the_last_hop_of_a_trusted_proxy_and_all_addresses_together()
    {
        await StartAsync("127.0.0.1");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < LoginThrottle.AttemptsPerMinute + 1; i++)
        {
            // A client that forges X-Forwarded-For: the proxy appends the address it saw, the last hop.
            answers.Add(await LogInAsync($"user{i}", $"203.0.113.{i}, 198.51.100.7"));
        }

        answers.Take(LoginThrottle.AttemptsPerMinute).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        answers[^1].ShouldBe(HttpStatusCode.TooManyRequests, "the forged first hops do not make new addresses");

        var spread = new List<HttpStatusCode>();
        for (var i = 0; i < LoginThrottle.AllAttemptsPerMinute - LoginThrottle.AttemptsPerMinute; i++)
        {
            spread.Add(await LogInAsync($"other{i}", $"198.51.100.{20 + i}")); // guesses spread over many addresses and users
        }

        spread.Take(LoginThrottle.AllAttemptsPerMinute - LoginThrottle.AttemptsPerMinute - 1).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        spread[^1].ShouldBe(HttpStatusCode.TooManyRequests, $"{LoginThrottle.AllAttemptsPerMinute} attempts a minute from all addresses together");
        _host!.Output.ShouldContain("(dashboard@198.51.100.7): wrong user name or password");
        _host.Output.ShouldNotContain("203.0.113.");
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_proxy_that_is_not_trusted_is_ignored()
    {
        await StartAsync("10.9.9.9");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < LoginThrottle.AttemptsPerMinute + 1; i++)
        {
            answers.Add(await LogInAsync($"user{i}", $"198.51.100.{i}"));
        }

        answers[^1].ShouldBe(HttpStatusCode.TooManyRequests, "every attempt counts for the connection's address, 127.0.0.1");
        _host!.Output.ShouldContain("(dashboard@127.0.0.1): wrong user name or password");
        _host.Output.ShouldNotContain("198.51.100.");
    }

    private async Task<HttpStatusCode> LogInAsync(string user, string forwardedFor)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var (_, token) = await LoginPageAsync(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, _address + "/login")
        {
            Content = new FormUrlEncodedContent([token, new("user", user), new("password", "guess"), new("returnUrl", "/")]),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<(string Page, KeyValuePair<string, string> Token)> LoginPageAsync(HttpClient http)
    {
        var page = await http.GetStringAsync(new Uri(_address + "/login"));
        var token = Token().Match(page);
        token.Success.ShouldBeTrue("the login page carries an anti-forgery token");
        return (page, new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
    }

    private async Task StartAsync(string trustedProxy)
    {
        _address = $"http://127.0.0.1:{DashboardFixture.FreePort()}";
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              reloadPlugins: false
              dashboard:
                enabled: true
                address: {_address}
                trustedProxies: [{trustedProxy}]
                login:
                  user: anna
                  passwordHash: ${"{"}DASHBOARD_PASSWORD_HASH{"}"}
            pipelines: []
            """);
        _host = HostProcess.Start(new Dictionary<string, string> { ["DASHBOARD_PASSWORD_HASH"] = DashboardAccess.Hash(Password) }, "run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(
            () =>
            {
                try
                {
                    return http.GetAsync(new Uri(_address + "/healthz")).GetAwaiter().GetResult().IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(60));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
