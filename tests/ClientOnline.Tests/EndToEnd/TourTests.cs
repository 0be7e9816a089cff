using System.Diagnostics;
using System.Net.Http.Json;
using ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;
using ConnectorHost.Sandbox.ClientOnlinePortal;

namespace ConnectorHost.Plugins.ClientOnline.Tests.EndToEnd;

/// <summary>
/// The README's tour as a test: the built host as a child process, with the sandbox plugin serving the portal inside
/// it and the ClientOnline pipeline talking SOAP to it. A PDF dropped in is approved on the portal and lands in
/// Goedgekeurd; SIGTERM stops the host cleanly.
/// </summary>
public sealed class TourTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "co-tour-" + Guid.NewGuid().ToString("N"));

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
    [Trait("Req", "CO-1")]
    [Trait("Req", "CO-5")]
    public async Task A_PDF_dropped_in_is_approved_on_the_sandbox_portal_inside_the_host_and_lands_in_Goedgekeurd()
    {
        var port = FreePort();
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(TestPaths.RepoRoot, "artifacts", "plugins")}
              shutdownTimeout: 5s
            pipelines:
              - name: clientonline-sandbox
                every: 1m
                task:
                  type: sandbox.clientonline
                  settings:
                    port: {port}
                    userName: office
                    password: sandbox-password
              - name: clientonline
                every: 2s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 1s
                    createFolders: true
                    folders:
                      - source: Naar portaal
                        pattern: "*.pdf"
                        documentType: jaarrekening
                        approved: Goedgekeurd
                        rejected: Afgekeurd
                        notFound: Niet gevonden
                        error: Fout
                target:
                  type: clientonline.accordering
                  settings:
                    endpoint: http://127.0.0.1:{port}/soap/2010/accordering
                    userName: office
                    password: sandbox-password
            """);
        using var host = Start(config);
        using var stopsTheHost = new KillsOnDispose(host); // also when an assertion below fails
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        Directory.CreateDirectory(Path.Combine(_root, "Naar portaal"));
        await File.WriteAllTextAsync(Path.Combine(_root, "Naar portaal", "12345678_jaarrekening.pdf"), "%PDF-1.4 tour\n%%EOF\n");
        var submission = await WaitForAsync(host, async () =>
        {
            try
            {
                return (await http.GetFromJsonAsync<List<PortalSubmission>>("control/submissions", SandboxTestKit.Json))!.FirstOrDefault();
            }
            catch (HttpRequestException)
            {
                return null; // the portal is not up yet
            }
        });
        (submission.FileName, submission.ClientName, submission.Status.ToString()).ShouldBe(("12345678_jaarrekening.pdf", "Demo BV", "Pending"));

        using (var approve = await http.PostAsync(new Uri($"control/submissions/{submission.Reference}/approve", UriKind.Relative), null))
        {
            approve.IsSuccessStatusCode.ShouldBeTrue();
        }

        await WaitForAsync(host, () => Task.FromResult<object?>(File.Exists(Path.Combine(_root, "Goedgekeurd", "12345678_jaarrekening.pdf")) ? true : null));
        ClientOnlineHarness.FilesIn(Path.Combine(_root, "Naar portaal")).ShouldBeEmpty();

        using (var kill = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var stopped = new CancellationTokenSource(Patience);
        await host.WaitForExitAsync(stopped.Token);
        host.ExitCode.ShouldBe(0);
    }

    private static async Task<T> WaitForAsync<T>(Process host, Func<Task<T?>> probe)
        where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (host.HasExited)
            {
                throw new InvalidOperationException($"The host exited early with {host.ExitCode}.");
            }

            if (waited.Elapsed > Patience)
            {
                throw new TimeoutException($"Waited {Patience} in vain.");
            }

            await Task.Delay(200);
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
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
