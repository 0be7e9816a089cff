using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Plugins.CaseWareCloud;
using ConnectorHost.Sandbox.CaseWareCloud;
using ConnectorHost.State.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Benchmarks;

/// <summary>
/// The CaseWare Cloud sync against the sandbox over loopback HTTP with the SQLite state store: the initial sync of N
/// clients with 3 contact persons each, a run without changes, and a run after 1% of the clients and 1% of the contact
/// persons changed. Wall time and HTTP calls (counted by the sandbox) per run. A plain stopwatch run: one pass is
/// minutes of work, too long to repeat under BenchmarkDotNet.
/// </summary>
internal static class CaseWareSync
{
    public static async Task RunAsync(int clients, int latencyMs = 0)
    {
        var contactsEach = 3;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CaseWare Cloud sync: {clients} clients with {clients * contactsEach} contact persons, sandbox on loopback{(latencyMs > 0 ? $" with {latencyMs} ms latency per call" : "")}, SQLite state (WAL, synchronous=FULL), maxInFlight {IComponentContext.DefaultMaxInFlight}"));
        var folder = Path.Combine(Path.GetTempPath(), "connectorhost-caseware-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await using var sandbox = await SandboxCaseWareCloud.StartAsync(new SandboxCaseWareCloudOptions { MinimumLogLevel = LogLevel.None, Faults = new ConnectorHost.Sandbox.FaultSettings { LatencyMs = latencyMs } });
            var store = new SqliteStateStore(Path.Combine(folder, "state.db"), TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);
            var export = Path.Combine(folder, "auditcase.json");
            var settings = new CaseWareCloudSyncSettings
            {
                Source = new AuditCaseSourceSettings { Kind = AuditCaseSourceKind.Json, Path = export },
                CaseWareCloud = new CaseWareCloudConnectionSettings { BaseUrl = sandbox.FirmUrl, ClientId = "sandbox-client", ClientSecret = "sandbox-secret" },
            };
            var context = new ConnectorHost.Testing.TestComponentContext(store, TimeProvider.System, "casewarecloud-bench", folder);

            Write(export, clients, contactsEach, changed: _ => false);
            await MeasureAsync("initial sync", sandbox, settings, context);
            await MeasureAsync("no changes", sandbox, settings, context);
            Write(export, clients, contactsEach, changed: i => i % 100 == 7);
            await MeasureAsync("1% changed", sandbox, settings, context);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  CaseWare Cloud holds {sandbox.State.Entities.Count} entities and {sandbox.State.Contacts.Count} contacts"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task MeasureAsync(string name, SandboxCaseWareCloud sandbox, CaseWareCloudSyncSettings settings, IComponentContext context)
    {
        sandbox.State.ResetCalls();
        sandbox.Faults.Configure(sandbox.Faults.Settings);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var task = CaseWareCloudSyncFactory.CreateTask(settings, context);

        // The managed heap before the run (after a full collection: what the sandbox's state and the bench hold), and
        // its peak during the run, sampled every 20 ms (GC.GetTotalMemory without collecting: live objects plus garbage
        // not collected yet, so an upper bound of what the sync holds), and the largest heap right after a collection
        // (live objects then: what the run held, as close as a sample gets). The sandbox runs in this process: its own
        // state and its requests are in these figures too.
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var gen2Before = GC.CollectionCount(2);
        long peak = before;
        long peakAfterGc = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                var last = GC.GetGCMemoryInfo(GCKind.Any);
                peakAfterGc = Math.Max(peakAfterGc, last.HeapSizeBytes - last.FragmentedBytes);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var watch = Stopwatch.StartNew();
        var result = await task.RunAsync(CancellationToken.None);
        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var gen2 = GC.CollectionCount(2) - gen2Before;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-13}: {watch.Elapsed.TotalSeconds,7:0.0} s, {sandbox.State.TotalCalls,6} HTTP calls ({sandbox.State.WriteCalls} writes), at most {sandbox.Faults.PeakInFlight} in flight, {cpuSeconds:0.0} s CPU (host and sandbox): {string.Join(", ", sandbox.State.Calls.Select(c => $"{c.Key} {c.Value}"))}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"                 managed heap {before / 1048576.0:0} MB before, peak {peak / 1048576.0:0} MB (+{(peak - before) / 1048576.0:0} MB), peak after a GC {peakAfterGc / 1048576.0:0} MB (+{(peakAfterGc - before) / 1048576.0:0} MB), {allocated / 1048576.0:0} MB allocated, {gen2} gen2 GCs; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB so far"));
        Console.WriteLine($"                 {result.Kind}: {result.Summary}");
    }

    /// <summary>The export; a changed client has a new phone number and its first contact person a new mobile number.</summary>
    private static void Write(string path, int clients, int contactsEach, Func<int, bool> changed)
    {
        var list = Enumerable.Range(0, clients).Select(i => new
        {
            clientNumber = (100000 + i).ToString(CultureInfo.InvariantCulture),
            name = $"Client {i} BV",
            kind = "Business",
            status = "Active",
            address = $"Dorpsstraat {i}",
            postalCode = "1234 AB",
            city = "Utrecht",
            country = "NL",
            phone = changed(i) ? "010-9999999" : "030-1234567",
            email = $"info@client{i}.nl",
            website = $"https://client{i}.nl",
            facebook = string.Empty,
            twitter = $"@client{i}",
            linkedIn = string.Empty,
            linkWithCaseWareCloud = true,
            contacts = Enumerable.Range(0, contactsEach).Select(j => new
            {
                id = $"{i}-{j}",
                firstName = $"Contact{j}",
                infix = "van",
                lastName = $"Client{i}",
                initials = "C.",
                email = $"contact{j}@client{i}.nl",
                phone = "030-7654321",
                mobile = changed(i) && j == 0 ? "06-99999999" : "06-12345678",
                linkWithCaseWareCloud = true,
            }).ToList(),
        });
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, new { clients = list });
    }
}
