using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Tests.Pipelines;

/// <summary>
/// Two schedulers ("hosts") with the same pipeline on one real SQLite state file: the pipeline's lease lets only one
/// run it at a time (H-5), the other shows where it runs, and exclusive work waits for the lease (H-6).
/// </summary>
public sealed class PipelineLeaseSchedulingTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<SqliteStateStore> StoreAsync()
    {
        var store = new SqliteStateStore(_folder.Combine("state.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    private static PipelineScheduler Host(IHostStateStore store, string holder, PipelineStatusBoard board, IPipelineRunner runner) => new(
        [new ScheduledPipeline(runner, new EverySchedule(TimeSpan.FromMilliseconds(20)), "test")],
        board,
        TimeProvider.System,
        TimeSpan.FromSeconds(5),
        NullLogger<PipelineScheduler>.Instance,
        leases: new PipelineLeaseKeeper(store.Leases, TimeSpan.FromSeconds(3), TimeProvider.System, NullLogger<PipelineLeaseKeeper>.Instance, holder));

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    [Trait("Req", "H-5")]
    public async Task Two_hosts_never_run_the_pipeline_at_once_and_the_one_standing_by_shows_where_it_runs()
    {
        var runner = new OverlapRunner("shared-folder", TimeSpan.FromMilliseconds(150)); // one runner: it sees both hosts' runs
        var boardA = new PipelineStatusBoard();
        var boardB = new PipelineStatusBoard();
        using var hostA = Host(await StoreAsync(), "machine-a/101/aa", boardA, runner);
        using var hostB = Host(await StoreAsync(), "machine-b/202/bb", boardB, runner);
        using var stop = new CancellationTokenSource();
        var seenElsewhere = new HashSet<string>();
        var running = Task.WhenAll(hostA.RunAsync(stop.Token), hostB.RunAsync(stop.Token));

        await Until(() =>
        {
            foreach (var board in new[] { boardA, boardB })
            {
                if (board.All.TryGetValue("shared-folder", out var status) && status.RunningElsewhere is { } holder)
                {
                    seenElsewhere.Add(holder);
                }
            }

            return runner.Runs >= 12 && seenElsewhere.Count > 0;
        });
        await stop.CancelAsync();
        await running;

        runner.MaxConcurrent.ShouldBe(1);
        seenElsewhere.ShouldBeSubsetOf(["host machine-a (process 101)", "host machine-b (process 202)"]);
    }

    [Fact]
    [Trait("Req", "H-6")]
    public async Task Exclusive_work_and_run_now_wait_while_another_process_holds_the_lease()
    {
        var store = await StoreAsync();
        var runner = new OverlapRunner("certipost", TimeSpan.Zero);
        using var host = Host(store, "machine-a/101/aa", new PipelineStatusBoard(), runner);
        var other = (await store.Leases.TryAcquireAsync("certipost", "machine-b/202/bb", TimeSpan.FromMinutes(1), null, CancellationToken.None)).Lease!;

        var command = host.ExclusiveAsync("certipost", _ => Task.FromResult("sent"), CancellationToken.None);
        var runNow = host.RunNowAsync("certipost", CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        command.IsCompleted.ShouldBeFalse();
        runNow.IsCompleted.ShouldBeFalse();
        runner.Runs.ShouldBe(0);

        await store.Leases.ReleaseAsync(other, CancellationToken.None);
        (await command.WaitAsync(Patience)).ShouldBe("sent");
        (await runNow.WaitAsync(Patience)).Outcome.ShouldBe(RunOutcome.Succeeded);
        runner.Runs.ShouldBe(1);
    }

    [Fact]
    public async Task A_run_now_that_cannot_take_its_lease_is_a_failed_run_on_the_board_with_the_reason()
    {
        var store = await StoreAsync();
        var runner = new OverlapRunner("certipost", TimeSpan.Zero);
        var board = new PipelineStatusBoard();
        using var host = new PipelineScheduler(
            [new ScheduledPipeline(runner, new ManualSchedule(), "test")],
            board,
            TimeProvider.System,
            TimeSpan.FromSeconds(5),
            NullLogger<PipelineScheduler>.Instance,
            leases: new PipelineLeaseKeeper(store.Leases, TimeSpan.FromSeconds(3), TimeProvider.System, NullLogger<PipelineLeaseKeeper>.Instance, "machine-a/101/aa"));
        using var stop = new CancellationTokenSource();
        var running = host.RunAsync(stop.Token);
        // A store that cannot give leases: its table is gone (a broken or half-restored database).
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.Combine("state.db")}"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE pipeline_leases";
            await drop.ExecuteNonQueryAsync();
        }

        await host.StartRunNow("certipost").WaitAsync(Patience);

        runner.Runs.ShouldBe(0);
        var last = board.All["certipost"].LastRun.ShouldNotBeNull();
        last.Outcome.ShouldBe(RunOutcome.Failed);
        last.Summary.ShouldStartWith("Run now could not start: ");
        last.Summary.ShouldContain("pipeline_leases");
        await stop.CancelAsync();
        await running;
    }

    private sealed class OverlapRunner(string name, TimeSpan duration) : IPipelineRunner
    {
        private int _concurrent;
        private int _maxConcurrent;
        private int _runs;

        public string Name => name;

        public int Runs => Volatile.Read(ref _runs);

        public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

        public IDisposable? Watch(Action wake) => null;

        public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _concurrent);
            int seen;
            while ((seen = Volatile.Read(ref _maxConcurrent)) < now && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(duration, cancellationToken);
                Interlocked.Increment(ref _runs);
                return (RunOutcome.Succeeded, "ok");
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
            }
        }
    }
}
