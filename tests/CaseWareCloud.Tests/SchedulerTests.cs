using ConnectorHost.Configuration;
using ConnectorHost.Mail;
using ConnectorHost.Pipelines;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

/// <summary>CW-3 as the host runs it: the host's scheduler, on a fake clock, runs the sync by itself.</summary>
public sealed class SchedulerTests
{
    private const string Pipeline = "casewarecloud";

    [Fact]
    [Trait("Req", "CW-3")]
    public async Task The_scheduler_sends_a_change_in_AuditCase_by_itself_within_the_hour_on_the_sample_15_minute_schedule()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var client = new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl")] };
        world.WriteExport(client);
        using var task = world.Task();
        var mailer = Mailer.Create(new MailSettings { DefaultTo = ["office@example.nl"] }, world.Root, world.Root, NullLoggerFactory.Instance, world.Clock);
        var runner = new SyncPipelineRunner(Pipeline, task, mailer, world.Store, world.Clock, NullLogger<SyncPipelineRunner>.Instance);
        var board = new PipelineStatusBoard();
        using var scheduler = new PipelineScheduler(
            [new ScheduledPipeline(runner, new EverySchedule(TimeSpan.FromMinutes(15)), "CaseWareCloud")],
            board,
            world.Clock,
            TimeSpan.FromSeconds(10),
            NullLogger<PipelineScheduler>.Instance);
        using var stop = new CancellationTokenSource();
        var running = scheduler.RunAsync(stop.Token);

        // The one-time switch: the first run sends the client.
        await UntilWaitingAsync(board, world.Clock);
        world.EntityOf("1001").City.ShouldBe("Utrecht");

        // A change in AuditCase; nobody does anything but let the (fake) time pass, a minute at a time.
        world.WriteExport(client with { City = "Amersfoort" });
        var changedAt = world.Clock.GetUtcNow();
        while (world.EntityOf("1001").City != "Amersfoort")
        {
            (world.Clock.GetUtcNow() - changedAt).ShouldBeLessThan(TimeSpan.FromHours(1), "the change was not sent within the hour");
            world.Clock.Advance(TimeSpan.FromMinutes(1));
            await UntilWaitingAsync(board, world.Clock);
        }

        (world.Clock.GetUtcNow() - changedAt).ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(15), "the next run of the 15-minute schedule sent it");
        board.All[Pipeline].Runs.ShouldBe(2);
        board.All[Pipeline].LastRun.ShouldNotBeNull().Outcome.ShouldBe(RunOutcome.Succeeded);
        await stop.CancelAsync();
        await running;
    }

    /// <summary>Waits (in real time) until the pipeline sits waiting for a run later than the fake clock's now.</summary>
    private static async Task UntilWaitingAsync(PipelineStatusBoard board, TimeProvider clock)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1)); // a guard against a hang, not a timing assertion
        while (!(board.All.TryGetValue(Pipeline, out var status) && !status.Running && status.NextRun > clock.GetUtcNow()))
        {
            await Task.Delay(10, guard.Token);
        }
    }
}
