using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

namespace ConnectorHost.Plugins.ClientOnline.Tests.EndToEnd;

/// <summary>
/// FH-5 on the built host (a child process with the sandbox portal and <c>clientonline.import</c>, dashboard on): the
/// import page's dry run is a POST with the anti-forgery token (a GET starts nothing), a zip-bomb .xlsx posted to it
/// (0.4 MB on disk, 400 MB unpacked, like the one of issue 27) is refused with the limit named while the host's peak
/// memory (VmHWM) stays under 400 MB, and a normal export is read by the same host.
/// </summary>
public sealed partial class ImportLimitsHostTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "co-limits-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    [Trait("Req", "FH-5")]
    public async Task A_zip_bomb_posted_to_the_dry_run_is_refused_and_the_host_stays_under_400_MB_while_GET_starts_nothing()
    {
        var portalPort = FreePort();
        var dashboardPort = FreePort();
        var exports = Path.Combine(_root, "exports");
        Directory.CreateDirectory(exports);
        await File.WriteAllTextAsync(Path.Combine(exports, "clients.csv"), "Naam,KvK-nummer\nBakkerij Jansen BV,11111111\nSmit Installaties,22222222\n");
        ZipBomb.Write(Path.Combine(exports, "bomb.xlsx"), unpackedMb: 400);
        var config = Path.Combine(_root, "connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(TestPaths.RepoRoot, "artifacts", "plugins")}
              shutdownTimeout: 5s
              reloadPlugins: false
              dashboard:
                enabled: true
                address: http://127.0.0.1:{dashboardPort}
            pipelines:
              - name: clientonline-sandbox
                every: 1h
                task:
                  type: sandbox.clientonline
                  settings:
                    port: {portalPort}
                    userName: office
                    password: sandbox-password
              - name: clientonline-import
                manual: true
                task:
                  type: clientonline.import
                  settings:
                    endpoint: http://127.0.0.1:{portalPort}/soap/2010/beheer
                    userName: office
                    password: sandbox-password
                    file: exports/clients.csv
                    letterTemplate: {Path.Combine(TestPaths.RepoRoot, "config", "templates", "pin-letter.scriban")}
                    columns:
                      name: Naam
                      kvkNumber: KvK-nummer
                      hiddenId: ""
                      address: ""
                      postalCode: ""
                      city: ""
                      email: ""
                      branch: ""
                      group: ""
                      token: ""
                      userLogin: ""
                      userFullName: ""
                      userEmail: ""
                      userMobile: ""
            """);
        using var host = Start(config);
        using var stopsTheHost = new KillsOnDispose(host);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{dashboardPort}/") };

        var page = await WaitForPageAsync(host, http, "pipelines/clientonline-import");
        page.ShouldNotContain("Dry run of", Case.Sensitive, "showing the page runs no view that reads a file");
        page.ShouldMatch(@"<form method=""post"" action=""/pipelines/clientonline-import/commands/dry-run"">\s*<input type=""hidden""");

        using (var get = await http.GetAsync(new Uri("pipelines/clientonline-import/commands/dry-run?file=bomb.xlsx", UriKind.Relative)))
        {
            get.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed, "a GET starts no command");
        }

        using (var noToken = await http.PostAsync(new Uri("pipelines/clientonline-import/commands/dry-run", UriKind.Relative), new FormUrlEncodedContent([new("file", "bomb.xlsx")])))
        {
            noToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a post without the page's token (from another site) is refused");
        }

        var before = PeakMb(host);
        var refused = await PostDryRunAsync(http, page, "bomb.xlsx");
        var peak = PeakMb(host);

        output.WriteLine($"host VmHWM before the bomb {before} MB, after {peak} MB");
        refused.ShouldContain("bomb.xlsx: refused: its part xl/worksheets/sheet1.xml unpacks more than 100 times its packed size");
        refused.ShouldContain("limits.maxCompressionRatio");
        peak.ShouldBeLessThan(400, $"the host's peak memory (VmHWM) was {before} MB before the bomb and {peak} MB after");

        var normal = await PostDryRunAsync(http, page, "clients.csv");
        normal.ShouldContain("Dry run of clients.csv: 2 new");
    }

    private static async Task<string> PostDryRunAsync(HttpClient http, string page, string file)
    {
        var token = TokenField().Match(page);
        token.Success.ShouldBeTrue("the page carries the anti-forgery token");
        using var form = new FormUrlEncodedContent([new(token.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[2].Value)), new("file", file), new("lines", "")]);
        using var response = await http.PostAsync(new Uri("pipelines/clientonline-import/commands/dry-run", UriKind.Relative), form);
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return text;
    }

    /// <summary>The process's peak resident memory in MB (VmHWM of /proc/PID/status).</summary>
    private static long PeakMb(Process host)
    {
        var line = File.ReadAllLines($"/proc/{host.Id}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
    }

    private static async Task<string> WaitForPageAsync(Process host, HttpClient http, string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            host.HasExited.ShouldBeFalse("the host exited early");
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"The dashboard did not serve /{path} within {Patience}.");
            }

            await Task.Delay(300);
        }
    }

    private static Process Start(string config)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ConnectorHost.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"<input type=""hidden"" name=""([^""]+)"" value=""([^""]*)""")]
    private static partial Regex TokenField();
}
