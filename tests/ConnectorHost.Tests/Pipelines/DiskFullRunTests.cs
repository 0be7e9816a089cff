using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using Microsoft.Extensions.Logging.Testing;

namespace ConnectorHost.Tests.Pipelines;

/// <summary>
/// FH-9: a run that fails because the disk is full (a real ENOSPC: each run writes to <c>/dev/full</c>) is logged in
/// one line per run that says what to do, without a stack trace; any other failure keeps its exception in the log.
/// </summary>
[Trait("Req", "FH-9")]
public sealed class DiskFullRunTests
{
    [Fact]
    public async Task A_run_failing_on_a_full_disk_logs_one_line_a_run_without_a_stack_trace()
    {
        var logs = new FakeLogCollector();
        var full = new WritingRunner("to-portal", "/dev/full");
        var other = new WritingRunner("elsewhere", "/proc/version"); // not writable: a failure of another kind
        var board = new PipelineStatusBoard();
        using var scheduler = new PipelineScheduler(
            [new ScheduledPipeline(full, new EverySchedule(TimeSpan.FromMilliseconds(20)), "test"), new ScheduledPipeline(other, new EverySchedule(TimeSpan.FromMilliseconds(20)), "test")],
            board,
            TimeProvider.System,
            TimeSpan.FromSeconds(5),
            new FakeLogger<PipelineScheduler>(logs),
            retryFailedRunsAfter: TimeSpan.FromMilliseconds(20));
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while (full.Runs < 3 || other.Runs < 1)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        await stop.CancelAsync();
        await running;

        var diskFull = logs.GetSnapshot().Where(r => r.Message.Contains("Pipeline to-portal run failed", StringComparison.Ordinal)).ToList();
        diskFull.Count.ShouldBeGreaterThanOrEqualTo(3);
        diskFull.ShouldAllBe(r => r.Exception == null && r.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        diskFull[0].Message.ShouldStartWith("Pipeline to-portal run failed because the disk is full (No space left on device");
        diskFull[0].Message.ShouldContain("Free space on the disk of the data folder");
        diskFull[0].Message.ShouldNotContain("\n");
        board.All["to-portal"].LastRun!.Outcome.ShouldBe(RunOutcome.Failed);

        logs.GetSnapshot().First(r => r.Message.Contains("Pipeline elsewhere run failed", StringComparison.Ordinal)).Exception.ShouldNotBeNull("another failure keeps its stack trace");
    }

    /// <summary>A pipeline whose run writes a few bytes to a file.</summary>
    private sealed class WritingRunner(string name, string path) : IPipelineRunner
    {
        private int _runs;

        public string Name => name;

        public int Runs => Volatile.Read(ref _runs);

        public IDisposable? Watch(Action wake) => null;

        public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            await File.WriteAllBytesAsync(path, new byte[4096], cancellationToken);
            return (RunOutcome.Succeeded, "written");
        }
    }
}
