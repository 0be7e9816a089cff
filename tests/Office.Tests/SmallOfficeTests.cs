using Xunit.Abstractions;

namespace ConnectorHost.Office.Tests;

/// <summary>
/// The office's year of the bench (tests/bench.sh office) at a scale that runs in about two to three minutes, once for
/// this class: the built host and the four sandboxes as processes, at 50 ms latency with faults, one SIGKILL.
/// </summary>
public sealed class SmallOffice : IAsyncLifetime
{
    private readonly List<string> _log = [];

    private OfficeResult? _result;
    private Exception? _failure;

    /// <summary>The run's result; the run's own failure (a time-out, the host exiting by itself) when it had one.</summary>
    public OfficeResult Result => _result ?? throw new InvalidOperationException($"The office run failed: {_failure?.Message}", _failure);

    /// <summary>What the run said, for the test output.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public async Task InitializeAsync()
    {
        try
        {
            _result = await Run();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            _failure = e; // each test reports it with the run's log
        }
    }

    private Task<OfficeResult> Run() => OfficeRun.RunAsync(new OfficeScenario
    {
        Scale = 0.01,
        Kills = 1,
        FeedTime = TimeSpan.FromSeconds(40),
        Timeout = TimeSpan.FromMinutes(8),
        Log = line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        },
    });

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SmallOfficeTests(SmallOffice office, ITestOutputHelper output) : IClassFixture<SmallOffice>
{
    /// <summary>
    /// OF-6: the small office ends right, as the checker proves it from outside the host: every document submitted
    /// once and in its folder, every task done in its dossier's order, CaseWare Cloud equal to the export after three
    /// deltas, every relation enrolled once and confirmed, every failure an instruction. Never the time.
    /// </summary>
    [Fact]
    [Trait("Req", "OF-6")]
    public void A_small_office_with_latency_faults_and_a_SIGKILL_ends_with_every_item_once_and_in_its_place()
    {
        Write();
        office.Result.Verdict.Problems.ShouldBeEmpty();
        office.Result.Lives.ShouldBe(2, "the host was killed once and started again");
        office.Result.Verdict.Counts.ShouldContain(c => c.StartsWith("documents: 600 dropped", StringComparison.Ordinal));
    }

    /// <summary>
    /// OF-5, the mechanism that keeps the host's memory bounded through a long backlog: what the host takes in at once
    /// is set by its settings, not by the backlog. While hundreds of tasks and documents wait, the services never see
    /// more calls at once than the queue's workers and the pipeline's maxInFlight.
    /// </summary>
    [Fact]
    [Trait("Req", "OF-5")]
    public void Through_a_long_backlog_the_host_takes_in_no_more_at_once_than_its_settings_allow()
    {
        Write();
        var result = office.Result;
        result.PeakTaskBacklog.ShouldBeGreaterThan(20 * OfficeWorld.Workers, "the tasks must pile up for the bound to mean anything");
        result.PeakDocumentBacklog.ShouldBeGreaterThan(20 * OfficeWorld.MaxInFlight, "the documents must pile up for the bound to mean anything");
        // One life of the host never has more calls out than its settings allow; around the SIGKILL the services may
        // still be answering the killed life's calls while the new life makes its own, so at most twice that is seen.
        // What matters: the figure is set by the settings, not by the thousands waiting.
        var lives = 2;
        var package = result.Calls.Single(c => c.Kind == "api/package/{id}");
        package.MaxInFlight.ShouldBeLessThanOrEqualTo(lives * OfficeWorld.Workers);
        var submissions = result.Calls.Single(c => c.Kind == "soap/{id}/accordering");
        submissions.MaxInFlight.ShouldBeLessThanOrEqualTo(lives * OfficeWorld.MaxInFlight);
    }

    private void Write()
    {
        foreach (var line in office.Log)
        {
            output.WriteLine(line);
        }

        foreach (var line in office.Result.Report)
        {
            output.WriteLine(line);
        }
    }
}
