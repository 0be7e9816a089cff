using System.Net;
using System.Net.Sockets;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// SEC-1 against the built host: the no-login dashboard on loopback answers only to its own host names (a DNS
/// rebinding request is answered 400), and only the YAML decides where it listens — an appsettings.json in the working
/// folder and Kestrel__/ASPNETCORE_URLS variables that try to move it elsewhere are ignored.
/// </summary>
[Trait("Req", "SEC-1")]
public sealed class DashboardHostFilteringTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly int _port = DashboardFixture.FreePort();
    private readonly int _ambientPort = DashboardFixture.FreePort();
    private readonly int _urlsPort = DashboardFixture.FreePort();
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
                address: http://127.0.0.1:{_port}
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

        // What the probe used to move the open dashboard: an appsettings.json in the working folder and variables.
        var working = Directory.CreateDirectory(_folder.Combine("working")).FullName;
        await File.WriteAllTextAsync(Path.Combine(working, "appsettings.json"), $$"""
            { "Kestrel": { "Endpoints": { "Everywhere": { "Url": "http://127.0.0.1:{{_ambientPort}}" } } }, "AllowedHosts": "*" }
            """);
        _host = HostProcess.StartIn(
            working,
            new Dictionary<string, string>
            {
                ["Kestrel__Endpoints__Env__Url"] = $"http://127.0.0.1:{_ambientPort}",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_urlsPort}",
                ["AllowedHosts"] = "*",
            },
            "run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Answers(http, $"http://127.0.0.1:{_port}/healthz"), TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_page_asked_for_under_a_rebound_host_name_is_answered_400()
    {
        using var http = new HttpClient();
        using var rebound = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_port}/pipelines/samples-demo");
        rebound.Headers.Host = $"rebind.attacker.example:{_port}";

        using var response = await http.SendAsync(rebound);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("RequestVerificationToken", Case.Insensitive);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task The_dashboards_own_names_are_served(string name)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_port}/");
        request.Headers.Host = $"{name}:{_port}";

        using var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("samples-demo");
    }

    [Fact]
    public void An_appsettings_file_or_variables_in_the_environment_do_not_move_the_dashboard()
    {
        // The YAML's address answers (InitializeAsync waited for it); the ambient ones are not listened on at all.
        IsListening(_ambientPort).ShouldBeFalse($"the dashboard listens on {_ambientPort}, from appsettings.json or Kestrel__Endpoints");
        IsListening(_urlsPort).ShouldBeFalse($"the dashboard listens on {_urlsPort}, from ASPNETCORE_URLS");
        IsListening(_port).ShouldBeTrue();
        _host!.Output.ShouldContain($"127.0.0.1:{_port}");
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Answers(HttpClient http, string url)
    {
        try
        {
            return http.GetAsync(url).GetAwaiter().GetResult().IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
