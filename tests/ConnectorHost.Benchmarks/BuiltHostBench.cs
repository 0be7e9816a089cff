using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ConnectorHost.Office;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// <c>bash tests/bench.sh built [pending=10000] [clients=1000] [latency-ms=50]</c>: OF-2's figures on the built program
/// as a user runs it (<c>dotnet ConnectorHost.dll run</c>, dashboard on), against the sandbox portal in its own process:
/// <list type="number">
/// <item>the portal set-up import of <c>clients</c> clients with a user and a PIN each: the host process's CPU time from
/// its start (ready, before the first run) to the last user at the portal, per client;</item>
/// <item>a folder of <c>pending</c> PDFs submitted and waiting for the client's decision: the duration of the idle runs
/// that follow (each looks at the folder and asks the portal about the pending ones), from the host's own
/// <c>/metrics</c>, and the host's resident set (now and at its peak) while they wait.</item>
/// </list>
/// </summary>
internal static partial class BuiltHostBench
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static async Task RunAsync(int pending, int clients, int latencyMs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"The built host as a user runs it (dotnet ConnectorHost.dll run, dashboard on, SQLite), the sandbox portal in its own process, {latencyMs} ms per call"));
        await ImportAsync(clients, latencyMs);
        await PendingAsync(pending, latencyMs);
    }

    private static async Task ImportAsync(int clients, int latencyMs)
    {
        await using var office = await Office.StartAsync(clients, latencyMs);
        using var host = office.StartHost("""
              - name: clientonline-import
                every: 1h
                task:
                  type: clientonline.import
                  settings:
                    endpoint: {portal}soap/2010/beheer
                    userName: office
                    password: office-secret
                    file: clients.csv
                    group: Cliënten met alle rechten
                    token: Pin
                    login: Password
                    documentTypes: [jaarrekening]
                    letterTemplate: templates/pin-letter.scriban
            """);
        var ready = await office.WaitForDashboardAsync(host);
        var watch = Stopwatch.StartNew();
        while (await office.CountAsync("control/users") < clients)
        {
            Exited(host);
            await Task.Delay(200);
        }

        var done = host.Resources() ?? throw new InvalidOperationException("The host exited.");
        var cpu = done.Cpu - ready.Cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portal set-up import: {clients} clients with a user and a PIN each in {watch.Elapsed.TotalSeconds:0.0} s; host CPU {cpu.TotalSeconds:0.00} s from ready to the last user = {cpu.TotalMilliseconds / clients:0.00} ms per client (target 5); host RSS {Mb(done.RssBytes)} MB, peak {Mb(done.PeakRssBytes)} MB"));
        await host.TerminateAsync(TimeSpan.FromSeconds(30));
    }

    private static async Task PendingAsync(int pending, int latencyMs)
    {
        await using var office = await Office.StartAsync(clients: 0, latencyMs);
        office.WritePdfs(pending);
        using var host = office.StartHost("""
              - name: clientonline
                every: 5s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 0s
                    folders:
                      - source: {root}/Naar portaal
                        pattern: "*.pdf"
                        kind: Pdf
                        matchBy: KvK
                        documentType: jaarrekening
                        approved: {root}/Goedgekeurd
                        rejected: {root}/Afgekeurd
                        notFound: {root}/Niet gevonden
                        error: {root}/Fout
                target:
                  type: clientonline.accordering
                  settings:
                    endpoint: {portal}soap/2010/accordering
                    userName: office
                    password: office-secret
            """);
        var ready = await office.WaitForDashboardAsync(host);
        var watch = Stopwatch.StartNew();
        while (await office.CountAsync("control/submissions/pending") < pending)
        {
            Exited(host);
            await Task.Delay(1000);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clientonline: {pending} PDFs submitted in {watch.Elapsed.TotalSeconds:0} s; now each waits for the client's decision"));
        var (count0, sum0) = await office.RunDurationAsync("clientonline");
        var (count, sum) = (count0, sum0);
        while (count < count0 + 5)
        {
            Exited(host);
            await Task.Delay(1000);
            (count, sum) = await office.RunDurationAsync("clientonline");
        }

        var idle = host.Resources() ?? throw new InvalidOperationException("The host exited.");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"clientonline idle run with {pending} pending: {(sum - sum0) / (count - count0):0.000} s on average over {count - count0} runs (target 0.8, its status polls included); host RSS {Mb(idle.RssBytes)} MB while they wait (target 150), peak {Mb(idle.PeakRssBytes)} MB over the run, CPU {(idle.Cpu - ready.Cpu).TotalSeconds:0} s since ready"));
        await host.TerminateAsync(TimeSpan.FromSeconds(30));
    }

    private static void Exited(ChildProcess host)
    {
        if (host.HasExited)
        {
            throw new InvalidOperationException($"The host exited by itself: {host.Tail}");
        }
    }

    private static long Mb(long bytes) => bytes / 1024 / 1024;

    /// <summary>An office's folder, its sandbox portal (a process) and the host's configuration.</summary>
    private sealed class Office : IAsyncDisposable
    {
        private readonly OfficeWorld _world;
        private readonly ChildProcess _portal;
        private int _dashboardPort;

        private Office(OfficeWorld world, ChildProcess portal, Uri portalUrl)
        {
            _world = world;
            _portal = portal;
            PortalUrl = portalUrl;
        }

        public Uri PortalUrl { get; }

        public static async Task<Office> StartAsync(int clients, int latencyMs)
        {
            // OfficeWorld writes the export of 5,000 × scale clients (at least 5) and the templates.
            var root = Path.Combine(Path.GetTempPath(), "connectorhost-built-" + Guid.NewGuid().ToString("N"));
            var world = new OfficeWorld(new OfficeScenario { Scale = Math.Max(clients, 5) / 5_000.0 }, root);
            var port = ChildProcess.FreePort();
            var portal = ChildProcess.Start("ClientOnline portal", "ConnectorHost.Sandbox.ClientOnlinePortal.dll", ["--port", port.ToString(CultureInfo.InvariantCulture), "--user", OfficeWorld.User, "--password", OfficeWorld.Secret, "--quiet"]);
            var url = new Uri($"http://127.0.0.1:{port}/");
            var office = new Office(world, portal, url);
            await WaitAsync(new Uri(url, "control/meter"), portal);
            using var faults = await Http.PutAsJsonAsync(new Uri(url, "control/faults"), new { latencyMs });
            faults.EnsureSuccessStatusCode();
            return office;
        }

        public void WritePdfs(int count)
        {
            for (var n = 0; n < count; n++)
            {
                var text = new StringBuilder("%PDF-1.4\n").Append(CultureInfo.InvariantCulture, $"% jaarrekening {n}\n");
                for (var line = 0; line < 40; line++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"% line {line} of document {n}: the annual accounts\n");
                }

                File.WriteAllText(Path.Combine(_world.PdfInbox, $"12345678_jaarrekening-{n:D6}.pdf"), text.Append("%%EOF\n").ToString());
            }
        }

        public ChildProcess StartHost(string pipelines)
        {
            _dashboardPort = ChildProcess.FreePort();
            File.WriteAllText(_world.Config, $"""
                {OfficeWorld.HostSection(_dashboardPort)}
                pipelines:

                """ + pipelines.Replace("{portal}", PortalUrl.ToString(), StringComparison.Ordinal).Replace("{root}", Path.Combine(_world.Root, "clientonline"), StringComparison.Ordinal));
            return ChildProcess.Start("host", "ConnectorHost.dll", ["run", "--config", _world.Config], _world.Root);
        }

        /// <summary>Waits until the host's dashboard answers (started, plugins loaded), and gives its resources then.</summary>
        public async Task<(long RssBytes, long PeakRssBytes, TimeSpan Cpu)> WaitForDashboardAsync(ChildProcess host)
        {
            await WaitAsync(new Uri($"http://127.0.0.1:{_dashboardPort}/healthz"), host);
            return host.Resources() ?? throw new InvalidOperationException($"The host exited: {host.Tail}");
        }

        public async Task<int> CountAsync(string path)
        {
            using var answer = await Http.GetAsync(new Uri(PortalUrl, path));
            answer.EnsureSuccessStatusCode();
            using var json = await System.Text.Json.JsonDocument.ParseAsync(await answer.Content.ReadAsStreamAsync());
            return json.RootElement.GetArrayLength();
        }

        /// <summary>The count and the sum of the pipeline's run durations (seconds) from the host's <c>/metrics</c>.</summary>
        public async Task<(long Count, double Sum)> RunDurationAsync(string pipeline)
        {
            var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{_dashboardPort}/metrics"));
            double Value(string suffix) => MetricLine().Matches(text)
                .Where(m => m.Groups["suffix"].Value == suffix && m.Groups["labels"].Value.Contains($"pipeline=\"{pipeline}\"", StringComparison.Ordinal))
                .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
            return ((long)Value("count"), Value("sum"));
        }

        public async ValueTask DisposeAsync()
        {
            _portal.Dispose();
            await Task.Yield();
            try
            {
                Directory.Delete(_world.Root, recursive: true);
            }
            catch (IOException)
            {
                // left to the system's temporary folder cleaning
            }
        }

        private static async Task WaitAsync(Uri url, ChildProcess process)
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var answer = await Http.GetAsync(url);
                    if ((int)answer.StatusCode < 500)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (!process.HasExited && waited.Elapsed < TimeSpan.FromSeconds(120))
                {
                }

                if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(120))
                {
                    throw new InvalidOperationException($"{process.Name} did not answer {url}: {process.Tail}");
                }

                await Task.Delay(200);
            }
        }
    }

    [GeneratedRegex(@"^connectorhost_pipeline_run_duration_seconds_(?<suffix>sum|count)\{(?<labels>[^}]*)\} (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex MetricLine();
}
