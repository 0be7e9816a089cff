using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Plugins.ClientOnline.Folders;
using ConnectorHost.State.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The host's ClientOnline pipeline (folder source, SOAP target, document runner on SQLite) against the sandbox portal
/// running as its own process, beside a raw loop that only enumerates, hashes and submits the same files over the
/// same SOAP client: docs/s on loopback and with the sandbox's 50 ms latency fault, the idle run with N pending (and
/// how many files it read), and the RSS of this process. Wall times of single passes; on loopback the host and the raw
/// loop run in turn for a few rounds and the ratio is given per round and as the median. Both paths run after
/// an unmeasured warm-up of the same size (the first path through a fresh sandbox process pays for its compilation and
/// heap growth, about twice the sandbox's processor time per call), and each line gives the processor time per
/// document of this process and of the sandbox: on a 2-core machine they share the cores, so both bound the rate.
/// </summary>
internal static class ClientOnlineBench
{
    private const int PdfBytes = 50 * 1024;

    /// <summary>The PDFs each path handles before anything is measured (at most the measured number).</summary>
    private const int WarmUpDocuments = 10000;

    /// <summary>How often the host and the raw loop each run on loopback, in turn.</summary>
    private const int LoopbackRounds = 5;

    /// <summary>The host's maxInFlight: 8 (the default), or CONNECTORHOST_BENCH_MAX_IN_FLIGHT.</summary>
    private static readonly int InFlight = int.TryParse(Environment.GetEnvironmentVariable("CONNECTORHOST_BENCH_MAX_IN_FLIGHT"), CultureInfo.InvariantCulture, out var n) ? n : 8;

    public static async Task RunAsync(int documents, int latencyDocuments)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ClientOnline pipeline: {documents} PDFs of 50 KB, sandbox portal in its own process on 127.0.0.1, SQLite (WAL) ledger, {Environment.ProcessorCount} cores"));
        var root = Path.Combine(Path.GetTempPath(), "connectorhost-clientonline-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        using var portal = SandboxProcess.Start();
        try
        {
            await portal.WaitUntilUpAsync();
            var store = new SqliteStateStore(Path.Combine(root, "state.db"), TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);

            await MeasureLedgerAsync(store, documents);
            await WarmUpAsync(store, root, Math.Min(documents, WarmUpDocuments));
            var host = await MeasureLoopbackRoundsAsync(store, root, documents);

            Compact();
            var idle = Stopwatch.StartNew();
            var (_, summary) = await host.Runner.RunOnceAsync(CancellationToken.None);
            idle.Stop();
            var list = Stopwatch.StartNew();
            var listed = new DirectoryInfo(host.Files.Folder).EnumerateFiles("*.pdf").Sum(f => f.Length > 0 && f.LastWriteTimeUtc > DateTime.MinValue ? 1 : 0);
            list.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  idle run, {documents} pending: {idle.Elapsed.TotalSeconds:0.000} s, {host.Source.ContentReads} files read (target <= 0.8 s, none read); listing + stat of the folder: {list.Elapsed.TotalMilliseconds:0} ms for {listed} files"));
            Console.WriteLine($"                 {summary}");
            Compact();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RSS of this process with {documents} pending: {Rss("VmRSS") / (1024 * 1024)} MB (target <= 150 MB; includes the raw loop's client, not the sandbox)"));

            await portal.SetLatencyAsync(50);
            var slow = WritePdfs(Path.Combine(root, "latency"), "slow", latencyDocuments);
            var slowHost = Pipeline(store, slow, root, "latency");
            await MeasureHostAsync(slowHost, latencyDocuments, $"host, 50 ms latency (maxInFlight {InFlight})");
            await MeasureRawAsync(slowHost.Target, slow, "raw8", 8, "raw loop, 50 ms latency, 8 in flight");
            await portal.SetLatencyAsync(0);

            await MeasureLargePdfAsync(store, root);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Runs <paramref name="documents"/> other PDFs through a host pipeline and the raw loop first, not measured: the
    /// sandbox and this process are then compiled and their heaps grown, so that neither measured path pays for being first.
    /// </summary>
    private static async Task WarmUpAsync(SqliteStateStore store, string root, int documents)
    {
        var files = WritePdfs(Path.Combine(root, "warm-up"), "warm", documents);
        var warm = Pipeline(store, files, root, "warm-up");
        var watch = Stopwatch.StartNew();
        await warm.Runner.RunOnceAsync(CancellationToken.None);
        await MeasureRawAsync(warm.Target, files, "warm-raw", 4, label: null);
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"warm-up (host, then raw; not measured)",-40}: {documents} documents each ({watch.Elapsed.TotalSeconds:0.00} s)"));
    }

    /// <summary>
    /// The host and the raw loop (4 in flight) in turn, <see cref="LoopbackRounds"/> times, each round on new files:
    /// one pass of either varies by about 10% on this machine, so the ratio is given per round and as the median.
    /// The host goes first in odd rounds and second in even ones, so that neither path is always the one that meets
    /// a machine warmed (or slowed) by the other, or a sandbox holding more submissions.
    /// The raw loop one at a time runs once, after the last round. Returns the last round's host pipeline (its
    /// documents pending) for the idle run; the earlier rounds' pipelines are dropped.
    /// </summary>
    private static async Task<HostPipeline> MeasureLoopbackRoundsAsync(SqliteStateStore store, string root, int documents)
    {
        var ratios = new List<double>();
        HostPipeline? host = null;
        var hostRate = 0.0;
        for (var round = 1; round <= LoopbackRounds; round++)
        {
            var files = WritePdfs(Path.Combine(root, $"loopback-{round}"), $"doc{round}-", documents);
            host = Pipeline(store, files, root, $"loopback-{round}");
            var hostLabel = $"host, loopback, round {round} (maxInFlight {InFlight})";
            var rawLabel = $"raw loop, loopback, round {round}, 4 in flight";
            double raw4;
            if (round % 2 == 1)
            {
                hostRate = await MeasureHostAsync(host, documents, hostLabel);
                raw4 = await MeasureRawAsync(host.Target, files, $"raw4-{round}", 4, rawLabel);
            }
            else
            {
                raw4 = await MeasureRawAsync(host.Target, files, $"raw4-{round}", 4, rawLabel);
                hostRate = await MeasureHostAsync(host, documents, hostLabel);
            }

            ratios.Add(hostRate / raw4);
        }

        var raw1 = await MeasureRawAsync(host!.Target, host.Files, "raw1", 1, "raw loop, loopback, 1 at a time");
        ratios.Sort();
        var median = ratios[ratios.Count / 2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  host / raw (4 in flight) per round: {string.Join(", ", ratios.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}; median {median:0.00} (target >= 0.77); host (last round) / raw (1 at a time): {hostRate / raw1:0.00}"));
        return host;
    }

    /// <summary>The ledger's share: every document's two writes (recorded before the call, its status after), 8 at once.</summary>
    private static async Task MeasureLedgerAsync(SqliteStateStore store, int documents)
    {
        var cpu = CpuShare.Start();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, documents),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, cancellationToken) =>
            {
                var key = string.Create(CultureInfo.InvariantCulture, $"ledger-only-{i}");
                await store.Documents.InsertIfNewAsync(new ConnectorHost.State.LedgerEntry { Key = key, Pipeline = "ledger-only", Locator = key, FileName = key, Status = ConnectorHost.State.LedgerStatus.Submitting }, cancellationToken);
                await store.Documents.UpdateAsync(key, new ConnectorHost.State.LedgerChange(ConnectorHost.State.LedgerStatus.Pending) { PortalReference = key }, cancellationToken);
            });
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"ledger alone (insert + update, 8 at once)",-40}: {documents / watch.Elapsed.TotalSeconds,7:0} docs/s ({watch.Elapsed.TotalSeconds:0.00} s; {cpu.PerDocument(documents)})"));
    }

    private static async Task<double> MeasureHostAsync(HostPipeline host, int documents, string label)
    {
        var cpu = CpuShare.Start();
        var watch = Stopwatch.StartNew();
        var (outcome, summary) = await host.Runner.RunOnceAsync(CancellationToken.None);
        watch.Stop();
        var rate = documents / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-40}: {rate,7:0} docs/s ({watch.Elapsed.TotalSeconds:0.00} s; {cpu.PerDocument(documents)}; {outcome}: {summary})"));
        return rate;
    }

    /// <summary>Enumerates, reads, hashes and submits every file over the plugin's SOAP client; nothing else.</summary>
    private static async Task<double> MeasureRawAsync(IAccordeerTarget target, Files files, string keyPrefix, int inFlight, string? label)
    {
        var metadata = new DocumentMetadata { ClientNumber = "12345678", ClientNumberKind = ClientNumberKind.KvK, DocumentType = "jaarrekening" };
        var cpu = CpuShare.Start();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Directory.EnumerateFiles(files.Folder, "*.pdf"),
            new ParallelOptions { MaxDegreeOfParallelism = inFlight },
            async (path, cancellationToken) =>
            {
                var content = await File.ReadAllBytesAsync(path, cancellationToken);
                var key = keyPrefix + "-" + Convert.ToHexStringLower(SHA256.HashData(content));
                await target.SubmitAsync(new DocumentSubmission(key, Path.GetFileName(path), content, metadata), cancellationToken);
            });
        watch.Stop();
        var rate = files.Count / watch.Elapsed.TotalSeconds;
        if (label is null)
        {
            return rate;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-40}: {rate,7:0} docs/s ({watch.Elapsed.TotalSeconds:0.00} s; {cpu.PerDocument(files.Count)})"));
        return rate;
    }

    /// <summary>One 45 MB PDF: the RSS this process adds while submitting it, and after it, while it is pending.</summary>
    private static async Task MeasureLargePdfAsync(SqliteStateStore store, string root)
    {
        var folder = Path.Combine(root, "large");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "12345678_groot.pdf");
        var content = new byte[45 * 1024 * 1024];
        new Random(3).NextBytes(content);
        "%PDF-1.7\n"u8.CopyTo(content);
        "\n%%EOF\n"u8.CopyTo(content.AsSpan(content.Length - 7)); // complete: the source offers only a PDF that ends so
        await File.WriteAllBytesAsync(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
        content = [];
        var large = Pipeline(store, new Files(folder, 1), root, "large");
        Compact();
        var before = Rss("VmRSS");
        ResetPeakRss();
        await large.Runner.RunOnceAsync(CancellationToken.None);
        var peak = Rss("VmHWM");
        Compact();
        await large.Runner.RunOnceAsync(CancellationToken.None);
        Compact();
        var pending = Rss("VmRSS");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  one 45 MB PDF: RSS +{(peak - before) / (1024 * 1024)} MB at its peak while submitted ({(double)(peak - before) / (45 * 1024 * 1024):0.0}x its size; target <= 3x), {(pending - before) / (1024 * 1024)} MB more while it is pending (target 0)"));
    }

    private static HostPipeline Pipeline(SqliteStateStore store, Files files, string root, string name)
    {
        var context = new BenchContext(store, root, name);
        var folderSettings = new ClientOnlineFolderSettings
        {
            StableFor = TimeSpan.FromSeconds(5),
            CreateFolders = true, // the bench's outcome folders are made on the first run
            Folders =
            [
                new FolderMapping
                {
                    Source = files.Folder, Pattern = "*.pdf", Kind = DocumentKind.Pdf, DocumentType = "jaarrekening",
                    Approved = Path.Combine(root, name + "-goedgekeurd"), Rejected = Path.Combine(root, name + "-afgekeurd"),
                    NotFound = Path.Combine(root, name + "-niet-gevonden"), Error = Path.Combine(root, name + "-fout"),
                },
            ],
        };
        var source = new CountingSource(new ClientOnlineFolderFactory().Create(folderSettings, context));
        var target = new AccorderingTargetFactory().Create(new AccorderingSettings { Endpoint = SandboxProcess.ServiceUrl!, UserName = "demo", Password = "demo" }, context);
        var runner = new DocumentPipelineRunner(
            new PipelineDefinition(name, new EverySchedule(TimeSpan.FromMinutes(30)), null, null, null) { MaxInFlight = InFlight },
            source,
            target,
            store.Documents,
            new NoMail(),
            TimeProvider.System,
            NullLogger<DocumentPipelineRunner>.Instance);
        return new HostPipeline(runner, source, target, files);
    }

    private static Files WritePdfs(string folder, string stem, int count)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(11);
        var content = new byte[PdfBytes];
        var old = DateTime.UtcNow.AddHours(-1);
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(content);
            "%PDF-1.4\n"u8.CopyTo(content);
            "\n%%EOF\n"u8.CopyTo(content.AsSpan(content.Length - 7)); // complete: the source offers only a PDF that ends so
            var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"12345678_{stem}{i:D6}.pdf"));
            File.WriteAllBytes(path, content);
            File.SetLastWriteTimeUtc(path, old);
        }

        return new Files(folder, count);
    }

    private static void Compact()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>A line of /proc/self/status in bytes (VmRSS: now; VmHWM: the peak since the last reset).</summary>
    private static long Rss(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Resets VmHWM to the current RSS (Linux: 5 written to clear_refs).</summary>
    private static void ResetPeakRss() => File.WriteAllText("/proc/self/clear_refs", "5");

    private sealed record Files(string Folder, int Count);

    /// <summary>The processor time this process and the sandbox spent during one measurement, per document.</summary>
    private sealed class CpuShare
    {
        private readonly TimeSpan _self = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly TimeSpan _kernel = Process.GetCurrentProcess().PrivilegedProcessorTime;
        private readonly TimeSpan _portal = SandboxProcess.ProcessorTime;

        public static CpuShare Start() => new();

        public string PerDocument(int documents) => string.Create(
            CultureInfo.InvariantCulture,
            $"CPU per document: {(Process.GetCurrentProcess().TotalProcessorTime - _self).TotalMilliseconds / documents:0.00} ms here (kernel {(Process.GetCurrentProcess().PrivilegedProcessorTime - _kernel).TotalMilliseconds / documents:0.00}), {(SandboxProcess.ProcessorTime - _portal).TotalMilliseconds / documents:0.00} ms in the sandbox");
    }

    private sealed record HostPipeline(DocumentPipelineRunner Runner, CountingSource Source, IAccordeerTarget Target, Files Files);

    /// <summary>Counts how many documents the host opens: an idle run should open none.</summary>
    private sealed class CountingSource(IDocumentSource inner) : IDocumentSource
    {
        private int _reads;

        public int ContentReads => _reads;

        public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            _reads = 0;
            await foreach (var document in inner.ScanAsync(cancellationToken))
            {
                var open = document.OpenRead;
                yield return document with
                {
                    OpenRead = c =>
                    {
                        Interlocked.Increment(ref _reads);
                        return open(c);
                    },
                };
            }
        }

        public Task CompleteAsync(string locator, DocumentOutcome outcome, CancellationToken cancellationToken) => inner.CompleteAsync(locator, outcome, cancellationToken);
    }

    /// <summary>The sandbox portal as its own process (its built program), on a free port, without its request log.</summary>
    private sealed class SandboxProcess : IDisposable
    {
        private readonly Process _process;

        private SandboxProcess(Process process) => _process = process;

        public static Uri? ServiceUrl { get; private set; }

        /// <summary>The processor time the running sandbox has used so far.</summary>
        public static TimeSpan ProcessorTime
        {
            get
            {
                var process = Running?._process;
                if (process is null)
                {
                    return TimeSpan.Zero;
                }

                process.Refresh();
                return process.TotalProcessorTime;
            }
        }

        private static SandboxProcess? Running { get; set; }

        private static Uri? BaseUrl { get; set; }

        public static SandboxProcess Start()
        {
            var port = FreePort();
            var dll = Path.Combine(AppContext.BaseDirectory, "ConnectorHost.Sandbox.ClientOnlinePortal.dll");
            var start = new ProcessStartInfo("dotnet", [dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--quiet"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the sandbox portal ({dll}).");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    Console.Error.WriteLine("sandbox: " + e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            ServiceUrl = new Uri(BaseUrl, "soap/2010/accordering");
            Running = new SandboxProcess(process);
            return Running;
        }

        public async Task WaitUntilUpAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseUrl };
            var watch = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri("control/faults", UriKind.Relative));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (watch.Elapsed < TimeSpan.FromSeconds(60) && !_process.HasExited)
                {
                }

                await Task.Delay(200);
            }
        }

        public async Task SetLatencyAsync(int milliseconds)
        {
            using var http = new HttpClient { BaseAddress = BaseUrl };
            using var response = await http.PutAsJsonAsync(new Uri("control/faults", UriKind.Relative), new { latencyMs = milliseconds, latency = new { share = milliseconds > 0 ? 1.0 : 0.0 } });
            response.EnsureSuccessStatusCode();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private sealed class NoMail : IMailer
    {
        public Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class BenchContext(IStateStore state, string folder, string name) : IComponentContext
    {
        public string PipelineName => name;

        public ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

        public TimeProvider Clock => TimeProvider.System;

        public string DataFolder => folder;

        public IStateStore State => state;

        public IMailer Mail => throw new NotSupportedException();

        public string ResolvePath(string path) => Path.GetFullPath(path, folder);
    }
}
