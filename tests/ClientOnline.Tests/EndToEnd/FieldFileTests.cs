using System.Diagnostics;
using System.Text.Json;
using ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;
using ConnectorHost.Sandbox;
using ConnectorHost.Tests.EndToEnd;

namespace ConnectorHost.Plugins.ClientOnline.Tests.EndToEnd;

/// <summary>
/// What the field does to the folders, against the built host (FH-1, FH-2, FH-3): a named pipe among the PDFs, a
/// folder that is missing (an unmounted share), and a PDF whose writer keeps it open half-written. The sandbox portal
/// runs in the test, the host in its own process with its dashboard on a free port for <c>/healthz</c>.
/// </summary>
public sealed class FieldFileTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "co-field-" + Guid.NewGuid().ToString("N"));

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
    [Trait("Req", "FH-1")]
    [Trait("Req", "FH-2")]
    [Trait("Req", "FH-3")]
    public async Task A_pipe_a_missing_share_and_a_half_written_PDF_neither_block_the_host_nor_reach_the_portal()
    {
        await using var portal = await SandboxTestKit.StartAsync();
        var dashboard = $"http://127.0.0.1:{FreePort()}";
        foreach (var folder in new[] { "Naar portaal", "Goedgekeurd", "Afgekeurd", "Niet gevonden", "Fout" })
        {
            Directory.CreateDirectory(Path.Combine(_root, folder));
        }

        var share = Path.Combine(_root, "share", "Naar portaal"); // the share is not mounted: its folder is missing
        var config = Path.Combine(_root, "connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(TestPaths.RepoRoot, "artifacts", "plugins")}
              shutdownTimeout: 5s
              dashboard:
                enabled: true
                address: {dashboard}
            pipelines:
              - name: clientonline
                every: 1s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 1s
                    folders:
                      - source: Naar portaal
                        pattern: "*.pdf"
                        documentType: jaarrekening
                        approved: Goedgekeurd
                        rejected: Afgekeurd
                        notFound: Niet gevonden
                        error: Fout
                      - source: {share}
                        pattern: "*.pdf"
                        documentType: jaarrekening
                        approved: Goedgekeurd
                        rejected: Afgekeurd
                        notFound: Niet gevonden
                        error: Fout
                target:
                  type: clientonline.accordering
                  settings:
                    endpoint: {portal.ServiceUrl}
                    userName: demo
                    password: demo
                    timeout: 10s
            """);
        var inbox = Path.Combine(_root, "Naar portaal");
        Run("mkfifo", Path.Combine(inbox, "12345678_a-pipe.pdf"));
        var halfWritten = Path.Combine(inbox, "12345678_c-half.pdf");
        using var writer = new FileStream(halfWritten, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        writer.Write("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"u8);
        writer.Flush();

        using var validate = HostProcess.Start("validate", "--config", config);
        (await validate.WaitForExitAsync(Patience)).ShouldBe(0, validate.Output);
        validate.Output.ShouldContain($"warning: pipeline 'clientonline': The folder {share} does not exist");

        using var host = HostProcess.Start("run", "--config", config);
        await File.WriteAllTextAsync(Path.Combine(inbox, "12345678_b-later.pdf"), "%PDF-1.4\nlater\n%%EOF\n");

        // The pipe is refused unopened and put in the error folder; the PDF after it is submitted.
        await host.WaitUntilAsync(() => portal.State.Submissions.Any(s => s.FileName == "12345678_b-later.pdf"), Patience);
        await host.WaitUntilAsync(() => File.Exists(Path.Combine(_root, "Fout", "12345678_a-pipe.pdf.reason.txt")), Patience);
        (await File.ReadAllTextAsync(Path.Combine(_root, "Fout", "12345678_a-pipe.pdf.reason.txt"))).ShouldContain("named pipe (FIFO)");

        // The missing share is not created; the run fails for it, and /healthz says so.
        using var http = new HttpClient();
        var health = await WaitForHealthAsync(host, http, dashboard, h => h.GetProperty("status").GetString() == "degraded");
        health.GetProperty("failing").GetProperty("clientonline").GetString().ShouldNotBeNull()
            .ShouldContain($"the folder {share} is missing (an unmounted share?)");
        Directory.Exists(share).ShouldBeFalse();
        host.Output.ShouldContain($"The folder {share} is missing (an unmounted share?)");

        // The half-written PDF held open waits over several runs, counted as waiting; complete, it is submitted whole.
        var runsBefore = Runs(host);
        await host.WaitUntilAsync(() => Runs(host) >= runsBefore + 3, Patience);
        portal.State.Submissions.ShouldNotContain(s => s.FileName == "12345678_c-half.pdf");
        host.Output.ShouldContain("1 waiting");
        writer.Write("trailer << /Root 1 0 R >>\n%%EOF\n"u8);
        writer.Close();
        await host.WaitUntilAsync(() => portal.State.Submissions.Any(s => s.FileName == "12345678_c-half.pdf"), Patience);
        portal.State.Submissions.Single(s => s.FileName == "12345678_c-half.pdf").Sha256.ShouldBe(ClientOnlineHarness.Sha256Of(halfWritten));
        portal.State.Submissions.Count.ShouldBe(2);

        // The share comes back: the next run succeeds and /healthz is ok again.
        Directory.CreateDirectory(share);
        await WaitForHealthAsync(host, http, dashboard, h => h.GetProperty("status").GetString() == "ok");
    }

    [Fact]
    [Trait("Req", "FH-1")]
    public async Task A_run_past_runTimeout_is_reported_hung_and_the_next_run_submits_the_later_PDF()
    {
        await using var portal = await SandboxTestKit.StartAsync();
        var dashboard = $"http://127.0.0.1:{FreePort()}";
        var config = Path.Combine(_root, "connectorhost.yaml");
        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(TestPaths.RepoRoot, "artifacts", "plugins")}
              shutdownTimeout: 5s
              runTimeout: 3s
              dashboard:
                enabled: true
                address: {dashboard}
            pipelines:
              - name: clientonline
                every: 1s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 0s
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
                    endpoint: {portal.ServiceUrl}
                    userName: demo
                    password: demo
                    timeout: 60s
            """);
        Directory.CreateDirectory(Path.Combine(_root, "Naar portaal"));
        await File.WriteAllTextAsync(Path.Combine(_root, "Naar portaal", "12345678_a-first.pdf"), "%PDF-1.4\nfirst\n%%EOF\n");
        // The portal's first call does not answer for 40 s: the run that makes it hangs, as on a share that stopped answering.
        portal.Faults.Configure(new FaultSettings { LatencyMs = 40_000, Latency = FaultRule.Next(1) });

        using var host = HostProcess.Start("run", "--config", config);
        using var http = new HttpClient();
        var health = await WaitForHealthAsync(host, http, dashboard, h => h.GetProperty("status").GetString() == "degraded");
        health.GetProperty("failing").GetProperty("clientonline").GetString().ShouldNotBeNull().ShouldContain("hung: the run started at");
        host.Output.ShouldContain("is hung: it did not finish within runTimeout");

        // The next run starts: a PDF dropped now is submitted while the first call still hangs.
        await File.WriteAllTextAsync(Path.Combine(_root, "Naar portaal", "12345678_b-later.pdf"), "%PDF-1.4\nlater\n%%EOF\n");
        await host.WaitUntilAsync(() => portal.State.Submissions.Any(s => s.FileName == "12345678_b-later.pdf"), Patience);
        await WaitForHealthAsync(host, http, dashboard, h => h.GetProperty("status").GetString() == "ok");
    }

    private static int Runs(HostProcess host) => host.Lines.Count(l => l.Contains("Pipeline clientonline run", StringComparison.Ordinal));

    private static async Task<JsonElement> WaitForHealthAsync(HostProcess host, HttpClient http, string dashboard, Func<JsonElement, bool> condition)
    {
        JsonElement last = default;
        await host.WaitUntilAsync(
            () =>
            {
                try
                {
                    using var response = http.GetAsync(dashboard + "/healthz").GetAwaiter().GetResult();
                    last = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement.Clone();
                    return condition(last);
                }
                catch (HttpRequestException)
                {
                    return false; // the dashboard is not up yet
                }
            },
            Patience);
        return last;
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(command, args);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
