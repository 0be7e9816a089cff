using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ConnectorHost.Tests.Pipelines;

/// <summary>The scheduler: a pipeline never overlaps itself, a failing run never stops anything, shutdown is graceful.</summary>
public sealed class PipelineSchedulerTests
{
    // A guard against a hang, never a timing assertion: generous, so a machine loaded by parallel builds does not fail it.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static PipelineScheduler Scheduler(TimeSpan shutdownTimeout, params IPipelineRunner[] runners) => new(
        runners.Select(r => new ScheduledPipeline(r, new EverySchedule(TimeSpan.FromMilliseconds(20)), "test")).ToList(),
        new PipelineStatusBoard(),
        TimeProvider.System,
        shutdownTimeout,
        NullLogger<PipelineScheduler>.Instance);

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    public async Task A_pipeline_never_overlaps_itself_even_when_run_now_is_asked_during_a_run()
    {
        var runner = new CountingRunner("slow", TimeSpan.FromMilliseconds(50));
        using var scheduler = Scheduler(TimeSpan.FromSeconds(5), runner);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        var extra = Enumerable.Range(0, 5).Select(_ => scheduler.RunNowAsync("slow", CancellationToken.None)).ToList();
        await Task.WhenAll(extra);
        await Until(() => runner.Runs >= 10);
        await stop.CancelAsync();
        await running;

        runner.MaxConcurrent.ShouldBe(1);
        runner.Runs.ShouldBeGreaterThanOrEqualTo(10);
    }

    [Fact]
    public async Task A_run_that_throws_is_retried_at_the_next_run_and_other_pipelines_go_on()
    {
        var failing = new CountingRunner("failing", TimeSpan.Zero) { Failure = new InvalidOperationException("the portal is down") };
        var healthy = new CountingRunner("healthy", TimeSpan.Zero);
        var board = new PipelineStatusBoard();
        using var scheduler = new PipelineScheduler(
            [new ScheduledPipeline(failing, new EverySchedule(TimeSpan.FromMilliseconds(20)), "test"), new ScheduledPipeline(healthy, new EverySchedule(TimeSpan.FromMilliseconds(20)), "test")],
            board,
            TimeProvider.System,
            TimeSpan.FromSeconds(5),
            NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        await Until(() => failing.Runs >= 3 && healthy.Runs >= 3);
        await stop.CancelAsync();
        await running;

        board.All["failing"].LastRun!.Outcome.ShouldBe(RunOutcome.Failed);
        board.All["failing"].LastRun!.Summary.ShouldBe("the portal is down");
        board.All["healthy"].LastRun!.Outcome.ShouldBe(RunOutcome.Succeeded);
    }

    [Fact]
    public async Task On_shutdown_running_work_is_allowed_to_finish_within_the_timeout()
    {
        var runner = new CountingRunner("busy", TimeSpan.FromMilliseconds(500));
        using var scheduler = Scheduler(TimeSpan.FromSeconds(10), runner);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);
        await Until(() => runner.Started >= 1);

        await stop.CancelAsync();
        await running;

        runner.Completed.ShouldBe(runner.Started);
        runner.Cancelled.ShouldBe(0);
    }

    [Fact]
    public async Task On_shutdown_work_that_outlasts_the_timeout_is_cancelled_and_the_loop_ends()
    {
        var runner = new CountingRunner("stuck", Timeout.InfiniteTimeSpan);
        var board = new PipelineStatusBoard();
        using var scheduler = new PipelineScheduler([new ScheduledPipeline(runner, new EverySchedule(TimeSpan.FromMinutes(1)), "test")], board, TimeProvider.System, TimeSpan.FromMilliseconds(200), NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);
        await Until(() => runner.Started >= 1);

        await stop.CancelAsync();
        await running.WaitAsync(Patience);

        runner.Cancelled.ShouldBe(1);
        board.All["stuck"].LastRun!.Outcome.ShouldBe(RunOutcome.Cancelled);
    }

    [Fact]
    public async Task A_watching_source_wakes_its_pipeline_before_the_schedule()
    {
        var runner = new CountingRunner("watched", TimeSpan.Zero);
        using var scheduler = new PipelineScheduler([new ScheduledPipeline(runner, new EverySchedule(TimeSpan.FromHours(1)), "test")], new PipelineStatusBoard(), TimeProvider.System, TimeSpan.FromSeconds(5), NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);
        await Until(() => runner.Runs == 1); // the first run happens at start

        runner.Wake!();
        await Until(() => runner.Runs == 2);
        await stop.CancelAsync();
        await running;

        runner.Runs.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_run_is_tried_again_after_retryFailedRunsAfter_and_a_succeeded_one_waits_for_its_schedule()
    {
        var failing = new CountingRunner("failing", TimeSpan.Zero) { Failure = new HttpRequestException("connection refused") };
        var healthy = new CountingRunner("healthy", TimeSpan.Zero);
        using var scheduler = new PipelineScheduler(
            [new ScheduledPipeline(failing, new EverySchedule(TimeSpan.FromDays(7)), "test"), new ScheduledPipeline(healthy, new EverySchedule(TimeSpan.FromDays(7)), "test")],
            new PipelineStatusBoard(),
            TimeProvider.System,
            TimeSpan.FromSeconds(5),
            NullLogger<PipelineScheduler>.Instance,
            retryFailedRunsAfter: TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        await Until(() => failing.Runs >= 3);
        await stop.CancelAsync();
        await running;

        healthy.Runs.ShouldBe(1);
    }

    [Fact]
    public async Task A_manual_pipeline_never_runs_by_itself_but_runs_when_asked()
    {
        var manual = new CountingRunner("manual", TimeSpan.Zero);
        var witness = new CountingRunner("hourly", TimeSpan.Zero); // shows the scheduler's time really passed
        var board = new PipelineStatusBoard();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        using var scheduler = new PipelineScheduler(
            [new ScheduledPipeline(manual, new ManualSchedule(), "test"), new ScheduledPipeline(witness, new EverySchedule(TimeSpan.FromHours(1)), "test")],
            board,
            clock,
            TimeSpan.FromSeconds(5),
            NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        // A day of the scheduler's time, an hour at a time: the hourly pipeline runs each hour, the manual one never.
        using (var guard = new CancellationTokenSource(Patience)) // a guard against a hang, not a timing assertion
        {
            while (witness.Runs < 24)
            {
                if (board.All.TryGetValue("hourly", out var hourly) && !hourly.Running && hourly.NextRun > clock.GetUtcNow())
                {
                    clock.Advance(TimeSpan.FromHours(1));
                }

                await Task.Delay(5, guard.Token);
            }
        }

        manual.Runs.ShouldBe(0);

        var result = await scheduler.RunNowAsync("manual", CancellationToken.None);

        result.Outcome.ShouldBe(RunOutcome.Succeeded);
        manual.Runs.ShouldBe(1);
        await stop.CancelAsync();
        await running;
        board.All["manual"].NextRun.ShouldBeNull();
    }

    [Fact]
    public async Task The_first_runs_wait_for_the_first_run_of_a_pipeline_marked_startFirst()
    {
        // The demo's sandbox starts listening in its first run; the pipelines that call it must not run before.
        var listening = new TaskCompletionSource();
        var sandbox = new StepRunner("clientonline-sandbox", async _ =>
        {
            await Task.Delay(200);
            listening.TrySetResult();
        });
        var callers = Enumerable.Range(1, 3).Select(i => new StepRunner($"caller-{i}", _ => Task.FromResult(listening.Task.IsCompleted))).ToList();
        using var scheduler = new PipelineScheduler(
            [.. callers.Select(c => new ScheduledPipeline(c, new EverySchedule(TimeSpan.FromHours(1)), "test")), new ScheduledPipeline(sandbox, new EverySchedule(TimeSpan.FromHours(1)), "test") { StartFirst = true }],
            new PipelineStatusBoard(),
            TimeProvider.System,
            TimeSpan.FromSeconds(5),
            NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        await Until(() => callers.All(c => c.Seen.Count == 1));
        await stop.CancelAsync();
        await running;

        callers.ShouldAllBe(c => c.Seen.Single(), "every caller's first run came after the sandbox listened");
    }

    [Fact]
    public async Task A_startFirst_pipeline_whose_first_run_does_not_end_holds_the_others_back_one_minute_then_they_run()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var never = new TaskCompletionSource();
        var sandbox = new StepRunner("stuck-sandbox", async c => { await never.Task.WaitAsync(c); return true; });
        DateTimeOffset? callerRanAt = null;
        var caller = new StepRunner("caller", _ =>
        {
            callerRanAt = clock.GetUtcNow();
            return Task.FromResult(true);
        });
        var board = new PipelineStatusBoard();
        using var scheduler = new PipelineScheduler(
            [new ScheduledPipeline(caller, new EverySchedule(TimeSpan.FromHours(1)), "test"), new ScheduledPipeline(sandbox, new EverySchedule(TimeSpan.FromHours(1)), "test") { StartFirst = true }],
            board,
            clock,
            TimeSpan.FromSeconds(1),
            NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        await Until(() => sandbox.Started == 1 && board.All.ContainsKey("caller"));
        caller.Seen.ShouldBeEmpty(); // waiting for the sandbox's first run, on the scheduler's clock
        // The scheduler's time goes on in steps (a step may come before the caller's wait has begun: the next one counts).
        await Until(() =>
        {
            if (caller.Seen.IsEmpty)
            {
                clock.Advance(TimeSpan.FromSeconds(5));
            }

            return !caller.Seen.IsEmpty;
        });
        await stop.CancelAsync();
        await running;

        callerRanAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(start + PipelineScheduler.StartFirstWait, "it waited the minute for the stuck sandbox");
    }

    [Fact]
    public void The_next_run_of_a_cron_schedule_is_read_in_its_time_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        var schedule = new CronSchedule("0 7 * * 1", Cronos.CronExpression.Parse("0 7 * * 1"), zone);

        var next = schedule.Next(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

        next.ShouldBe(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero));
    }

    /// <summary>A runner whose run is a step of the test; it keeps what each run returned.</summary>
    private sealed class StepRunner(string name, Func<CancellationToken, Task<bool>> step) : IPipelineRunner
    {
        private int _started;

        public StepRunner(string name, Func<CancellationToken, Task> step)
            : this(name, async c => { await step(c); return true; })
        {
        }

        public string Name => name;

        public int Started => Volatile.Read(ref _started);

        public System.Collections.Concurrent.ConcurrentQueue<bool> Seen { get; } = new();

        public IDisposable? Watch(Action wake) => null;

        public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            Seen.Enqueue(await step(cancellationToken));
            return (RunOutcome.Succeeded, "done");
        }
    }

    private sealed class CountingRunner(string name, TimeSpan duration) : IPipelineRunner
    {
        private int _concurrent;
        private int _maxConcurrent;
        private int _runs;
        private int _started;
        private int _completed;
        private int _cancelled;

        public string Name => name;

        public Exception? Failure { get; init; }

        public Action? Wake { get; private set; }

        public int Runs => Volatile.Read(ref _runs);

        public int Started => Volatile.Read(ref _started);

        public int Completed => Volatile.Read(ref _completed);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public int MaxConcurrent => Volatile.Read(ref _maxConcurrent);

        public IDisposable? Watch(Action wake)
        {
            Wake = wake;
            return null;
        }

        public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            var now = Interlocked.Increment(ref _concurrent);
            InterlockedMax(ref _maxConcurrent, now);
            try
            {
                if (duration != TimeSpan.Zero)
                {
                    await Task.Delay(duration, cancellationToken);
                }

                if (Failure is not null)
                {
                    throw Failure;
                }

                Interlocked.Increment(ref _completed);
                return (RunOutcome.Succeeded, "done");
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
                Interlocked.Increment(ref _runs);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
