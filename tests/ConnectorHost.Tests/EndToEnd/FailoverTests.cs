using System.Globalization;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.AccountingPlatform;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using ConnectorHost.Tests.State;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>
/// Several hosts with failover (H-5..H-7): three host processes with one configuration on one PostgreSQL database, a
/// folder pipeline (ClientOnline, 500 PDFs in a shared folder, the sandbox portal answering each call 300 ms later)
/// and a queue pipeline (accounting tasks, 2,000 tasks in 50 dossiers). The holders of the two pipelines' leases are
/// killed with SIGKILL in the middle of their runs; another host takes each pipeline over when its lease runs out,
/// and in the end every document was submitted exactly once and every task ran once, in dossier order.
/// </summary>
public sealed class FailoverTests(PostgresTestServer server, ITestOutputHelper output) : IClassFixture<PostgresTestServer>, IAsyncLifetime
{
    private const int Documents = 500;
    private const int Tasks = 2000;
    private const int Dossiers = 50;
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4); // a guard against a hang, not a timing assertion
    private readonly TempFolder _folder = new();
    private readonly List<HostProcess> _hosts = [];
    private SandboxPortal? _portal;
    private SandboxPlatform? _platform;

    public async Task InitializeAsync()
    {
        _portal = await SandboxPortal.StartAsync(new SandboxPortalOptions { UserName = "office", Password = "failover", MinimumLogLevel = LogLevel.None });
        _platform = await SandboxPlatform.StartAsync(new SandboxPlatformOptions { MinimumLogLevel = LogLevel.None });
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }

        if (_platform is not null)
        {
            await _platform.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    [Trait("Req", "H-5")]
    [Trait("Req", "H-6")]
    [Trait("Req", "H-7")]
    public async Task Three_hosts_one_killed_mid_run_every_document_submitted_once_every_task_run_once_in_dossier_order()
    {
        var database = (TempPostgresDatabase)await server.CreateDatabaseAsync();
        await using var store = new PostgresStateStore(database.ConnectionString);
        await store.MigrateAsync(CancellationToken.None);
        var names = WritePdfs();
        var delivered = EnqueueTasks();
        _portal!.Faults.Configure(new FaultSettings { LatencyMs = 300, Latency = new FaultRule { Share = 1.0 } });
        var held = delivered[200].Id; // a task that is still running when its host is killed
        _platform!.State.HoldRun(held);
        var config = WriteConfig(database.ConnectionString);

        for (var i = 1; i <= 3; i++)
        {
            _hosts.Add(HostProcess.Start(new Dictionary<string, string> { ["FAILOVER_DATA"] = _folder.Combine($"data-{i}") }, "run", "--config", config));
        }

        using var guard = new CancellationTokenSource(Patience);
        await Until(() => _portal.State.Submissions.Count >= 50, "50 documents submitted");
        // From now on the portal answers nothing for two minutes: the folder pipeline's holder is stuck in the middle
        // of its run, whatever the machine's speed, until it is killed.
        _portal.Faults.Configure(new FaultSettings { LatencyMs = 120_000, Latency = new FaultRule { Share = 1.0 } });
        await _platform.State.WaitUntilHeldAsync(held, guard.Token);
        var leases = (await store.Leases.ListAsync(CancellationToken.None)).Where(l => !l.Released).ToList();
        var holders = leases.Where(l => l.Pipeline is "clientonline" or "accounting-tasks").ToDictionary(l => l.Pipeline, l => l);
        holders.Count.ShouldBe(2, "both pipelines are running somewhere");
        _portal.State.Submissions.Count.ShouldBeLessThan(Documents, "the folder pipeline is killed in the middle of its run");

        var killed = holders.Values.Select(l => HostOf(l.Holder)).Distinct().ToList();
        var killedAt = DateTimeOffset.UtcNow;
        foreach (var host in killed)
        {
            host.KillHard();
        }

        _platform.State.Release(held);
        _portal.Faults.Configure(FaultSettings.None);
        output.WriteLine($"Killed {string.Join(", ", killed.Select(h => h.Id))} holding {string.Join(", ", holders.Select(h => $"{h.Key} (token {h.Value.Token})"))} at {killedAt:HH:mm:ss.fff}; {_portal.State.Submissions.Count} documents submitted, {_platform.State.Runs.Count} task runs.");

        // Taken over by a host that lives, after the killed holder's lease ran out: the first lease after the kill.
        var takenOver = new Dictionary<string, PipelineLeaseState>();
        while (takenOver.Count < holders.Count)
        {
            foreach (var lease in await store.Leases.ListAsync(CancellationToken.None))
            {
                if (holders.TryGetValue(lease.Pipeline, out var before) && lease.Token > before.Token)
                {
                    takenOver.TryAdd(lease.Pipeline, lease);
                }
            }

            (DateTimeOffset.UtcNow - killedAt).ShouldBeLessThan(Patience, "waiting for another host to take the pipelines over");
            await Task.Delay(50);
        }

        foreach (var (pipeline, lease) in takenOver)
        {
            HostOf(lease.Holder).HasExited.ShouldBeFalse();
            var takeover = lease.AcquiredAt - killedAt;
            output.WriteLine($"{pipeline}: taken over by {lease.Holder} {takeover.TotalSeconds:0.0} s after the kill (lease time {LeaseTime.TotalSeconds:0} s)");
            takeover.ShouldBeLessThan(LeaseTime * 4, "the next host takes the pipeline when the lease runs out (with room for a loaded machine)");
        }

        await Until(() => _portal.State.Submissions.Count >= Documents && FirstRuns().Count >= Tasks, "every document submitted and every task run by the surviving host");

        _hosts.Where(h => !h.HasExited).SelectMany(h => h.Lines).ShouldContain(l => l.Contains("took it over from host", StringComparison.Ordinal));

        // Every document exactly once.
        var submitted = _portal.State.Submissions;
        submitted.Count.ShouldBe(Documents);
        submitted.Select(s => s.FileName).Order(StringComparer.Ordinal).ShouldBe(names);

        // Every task once (the package counts a repeat of a task it finished as a repeat, not a run), in dossier order.
        var runs = FirstRuns();
        runs.Count.ShouldBe(Tasks);
        runs.Select(r => r.TaskId).Distinct().Count().ShouldBe(Tasks);
        foreach (var dossier in runs.GroupBy(r => r.Dossier))
        {
            dossier.Select(r => r.TaskId).ShouldBe(delivered.Where(t => t.Dossier == dossier.Key).Select(t => t.Id), $"dossier {dossier.Key} in delivery order");
        }

        _platform.State.OverlappingRunsPerDossier.ShouldBe(0);
        output.WriteLine($"{_platform.State.Runs.Count(r => r.Repeat)} repeated runs of tasks whose host died before it recorded them (answered by the package's idempotency).");
    }

    private List<PackageRun> FirstRuns() => [.. _platform!.State.Runs.Where(r => !r.Repeat)];

    private HostProcess HostOf(string holder)
    {
        var pid = int.Parse(holder.Split('/')[1], CultureInfo.InvariantCulture);
        return _hosts.Single(h => h.Id == pid);
    }

    private async Task Until(Func<bool> condition, string what)
    {
        var started = DateTime.UtcNow;
        while (!condition())
        {
            if (DateTime.UtcNow - started > Patience || _hosts.All(h => h.HasExited))
            {
                throw new TimeoutException($"Waited in vain for {what}. Hosts' output:{Environment.NewLine}{string.Join(Environment.NewLine, _hosts.Select(h => h.Output))}");
            }

            await Task.Delay(100);
        }
    }

    private List<string> WritePdfs()
    {
        var inbox = _folder.Combine("common", "inbox");
        Directory.CreateDirectory(inbox);
        var old = DateTime.UtcNow.AddHours(-1);
        var names = new List<string>();
        for (var i = 0; i < Documents; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"12345678_stuk{i:D4}.pdf");
            var path = Path.Combine(inbox, name);
            File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"%PDF-1.4 document {i}\n%%EOF\n"));
            File.SetLastWriteTimeUtc(path, old);
            names.Add(name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    private List<(string Id, string Dossier)> EnqueueTasks()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var tasks = new List<(string, string)>();
        for (var i = 0; i < Tasks; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"t{i:D4}");
            var dossier = string.Create(CultureInfo.InvariantCulture, $"d{i % Dossiers:D2}");
            _platform!.State.Enqueue("kantoor-demo", new TaskInput(TaskKinds.ProcessBookingProposal, dossier, id, "{}", start.AddMilliseconds(i)));
            tasks.Add((id, dossier));
        }

        return tasks;
    }

    private string WriteConfig(string connectionString)
    {
        var shared = _folder.Combine("common");
        var config = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(config, $"""
            host:
              dataFolder: ${"{"}FAILOVER_DATA{"}"}
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              leaseTime: {LeaseTime.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s
              shutdownTimeout: 5s
              state:
                provider: PostgreSql
                connectionString: "{connectionString}"
            pipelines:
              - name: clientonline
                every: 1s
                source:
                  type: clientonline.folder
                  settings:
                    stableFor: 1s
                    createFolders: true
                    folders:
                      - source: {shared}/inbox
                        pattern: "*.pdf"
                        kind: Pdf
                        matchBy: KvK
                        documentType: jaarrekening
                        approved: {shared}/Goedgekeurd
                        rejected: {shared}/Afgekeurd
                        notFound: {shared}/Niet gevonden
                        error: {shared}/Fout
                target:
                  type: clientonline.accordering
                  settings:
                    endpoint: {_portal!.ServiceUrl}
                    userName: office
                    password: failover
              - name: accounting-tasks
                every: 1s
                task:
                  type: accountingtasks.queue
                  settings:
                    platformUrl: {_platform!.BaseUrl}
                    office: kantoor-demo
                    apiKey: demo-key
                    workers: 2
                    leaseDuration: 6s
                    requestTimeout: 5s
                    firstReminderDate: 2024-01-01
            """);
        return config;
    }
}
