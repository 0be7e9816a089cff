using System.Collections.Concurrent;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Tests.Pipelines;

/// <summary>
/// The supervisor applies a new set of pipeline definitions to a running scheduler: only what differs is touched,
/// and a changed pipeline drains (its run finishes) before it starts again. Real scheduler; the pipelines' components
/// are stand-ins created by a recording factory.
/// </summary>
public sealed class PipelineSupervisorTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly Abstractions.Plugins.IComponentFactory TaskFactory = TestComponents.All.Single(f => f.TypeName == "test.task");
    private readonly RecordingFactory _factory = new();
    private readonly PipelineScheduler _scheduler = new([], new PipelineStatusBoard(), TimeProvider.System, TimeSpan.FromSeconds(30), NullLogger<PipelineScheduler>.Instance);
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Dispose();
        _scheduler.Dispose();
    }

    private static PipelineDefinition Pipeline(string name, TimeSpan every, int workers = 1) =>
        new(name, new EverySchedule(every), null, null, new ComponentDefinition("test.task", TaskFactory, new TestComponents.TaskSettings { Workers = workers }));

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Fact]
    [Trait("Req", "FR-5")]
    public async Task Only_what_differs_is_touched_changed_pipelines_restart_new_ones_start_removed_ones_stop()
    {
        using var supervisor = new PipelineSupervisor(_scheduler, _factory, [], NullLogger<PipelineSupervisor>.Instance);
        var running = _scheduler.RunAsync(_stop.Token);
        var first = await supervisor.ApplyAsync([Pipeline("keep", TimeSpan.FromHours(1)), Pipeline("edit", TimeSpan.FromHours(1)), Pipeline("drop", TimeSpan.FromHours(1))]);
        first.Started.ShouldBe(["drop", "edit", "keep"]);
        await Until(() => _factory.Created.Count == 3 && _factory.Created.All(r => r.Runs == 1));
        var keep = _factory.Latest("keep");

        var changes = await supervisor.ApplyAsync([Pipeline("keep", TimeSpan.FromHours(1)), Pipeline("edit", TimeSpan.FromHours(1), workers: 4), Pipeline("new", TimeSpan.FromHours(1))]);

        changes.Unchanged.ShouldBe(["keep"]);
        changes.Restarted.ShouldBe(["edit"]);
        changes.Started.ShouldBe(["new"]);
        changes.Stopped.ShouldBe(["drop"]);
        changes.Failed.ShouldBeEmpty();
        _factory.Latest("keep").ShouldBeSameAs(keep, "an unchanged pipeline keeps its components");
        _factory.Released.Order(StringComparer.Ordinal).ShouldBe(["drop", "edit"]);
        _scheduler.PipelineNames.Order(StringComparer.Ordinal).ShouldBe(["edit", "keep", "new"]);
        ((TestComponents.TaskSettings)supervisor.Applied["edit"].Task!.Settings).Workers.ShouldBe(4);
        await Until(() => _factory.Latest("edit").Runs == 1 && _factory.Latest("new").Runs == 1);
        keep.Runs.ShouldBe(1, "an unchanged pipeline is not run again by the reload");
        changes.Describe().ShouldBe("restarted edit; started new; stopped drop; unchanged keep");

        await _stop.CancelAsync();
        await running;
    }

    [Fact]
    [Trait("Req", "FR-5")]
    public async Task A_changed_pipeline_finishes_its_running_run_before_its_new_definition_starts()
    {
        using var supervisor = new PipelineSupervisor(_scheduler, _factory, [], NullLogger<PipelineSupervisor>.Instance);
        var running = _scheduler.RunAsync(_stop.Token);
        _factory.HoldRuns = true;
        await supervisor.ApplyAsync([Pipeline("busy", TimeSpan.FromHours(1))]);
        var old = _factory.Latest("busy");
        await Until(() => old.Started == 1);
        _factory.HoldRuns = false;

        var apply = supervisor.ApplyAsync([Pipeline("busy", TimeSpan.FromMinutes(5))]);
        old.Release();
        var changes = await apply.WaitAsync(Patience);

        _factory.Events.ToArray().ShouldBe(["created busy#1", "completed busy#1", "released busy", "created busy#2"], customMessage: "drained, released, then started anew");
        changes.Restarted.ShouldBe(["busy"]);
        old.Completed.ShouldBe(1);
        old.Cancelled.ShouldBe(0);
        _factory.Released.ToArray().ShouldBe(["busy"]);
        await Until(() => _factory.Latest("busy").Runs == 1);
        _factory.Latest("busy").ShouldNotBeSameAs(old);
        await _stop.CancelAsync();
        await running;
    }

    [Fact]
    [Trait("Req", "FR-5")]
    public async Task Names_given_to_restart_anyway_restart_with_an_unchanged_definition_and_a_failing_one_is_reported_alone()
    {
        using var supervisor = new PipelineSupervisor(_scheduler, _factory, [], NullLogger<PipelineSupervisor>.Instance);
        var running = _scheduler.RunAsync(_stop.Token);
        await supervisor.ApplyAsync([Pipeline("a", TimeSpan.FromHours(1)), Pipeline("b", TimeSpan.FromHours(1))]);
        var a = _factory.Latest("a");
        _factory.FailFor.Add("broken");

        var changes = await supervisor.ApplyAsync(
            [Pipeline("a", TimeSpan.FromHours(1)), Pipeline("b", TimeSpan.FromHours(1)), Pipeline("broken", TimeSpan.FromHours(1))],
            restartAnyway: new HashSet<string>(["a"]));

        changes.Restarted.ShouldBe(["a"]);
        changes.Unchanged.ShouldBe(["b"]);
        changes.Failed.Keys.ShouldBe(["broken"]);
        changes.Failed["broken"].ShouldBe("settings of broken refused");
        _factory.Latest("a").ShouldNotBeSameAs(a);
        _scheduler.PipelineNames.Order(StringComparer.Ordinal).ShouldBe(["a", "b"]);
        await _stop.CancelAsync();
        await running;
    }

    [Fact]
    [Trait("Req", "FR-5")]
    public void Definitions_are_compared_by_schedule_settings_values_and_factory()
    {
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(1))).ShouldBeTrue("equal settings in new objects are the same");
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(2))).ShouldBeFalse();
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(1), workers: 2)).ShouldBeFalse();
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(1)) with { MaxAttempts = 3 }).ShouldBeFalse();
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(1)) with { MaxInFlight = 2 }).ShouldBeFalse("an edited maxInFlight restarts the pipeline with it");
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(1)) with { PollEvery = TimeSpan.FromMinutes(5) }).ShouldBeFalse("an edited pollEvery restarts the pipeline with it");
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), Pipeline("p", TimeSpan.FromMinutes(1)) with { Enabled = false }).ShouldBeFalse();
        var otherFactory = Pipeline("p", TimeSpan.FromMinutes(1)) with
        {
            Task = new ComponentDefinition("test.task", TestComponents.All.Single(f => f.TypeName == "test.source"), new TestComponents.TaskSettings()),
        };
        PipelineDefinitionComparer.Same(Pipeline("p", TimeSpan.FromMinutes(1)), otherFactory).ShouldBeFalse("a reloaded plugin's factory makes it a changed pipeline");
    }

    /// <summary>Creates a <see cref="GatedRunner"/> per pipeline start and records what it released.</summary>
    [Fact]
    [Trait("Req", "FR-5")]
    public async Task The_reloader_refuses_an_invalid_edit_keeping_the_running_pipeline_and_showing_every_error_then_applies_a_valid_one()
    {
        using var folder = new TempFolder();
        var file = folder.Combine("connectorhost.yaml");
        static string Yaml(string workers, string type = "test.task") => $$"""
            pipelines:
              - name: sync
                every: 1h
                task:
                  type: {{type}}
                  settings:
                    workers: {{workers}}
            """;
        await File.WriteAllTextAsync(file, Yaml("2"));
        var plugins = new ConnectorHost.Plugins.PluginLoadReport([new ConnectorHost.Plugins.LoadedPlugin("test", folder.Path, "test.dll", null, TestComponents.All)], []);
        var startup = ConfigurationLoader.Complete(ConfigurationLoader.Parse(file), plugins.Factories);
        var running = new RunningConfiguration(startup);
        using var supervisor = new PipelineSupervisor(_scheduler, _factory, [], NullLogger<PipelineSupervisor>.Instance);
        var schedulerRun = _scheduler.RunAsync(_stop.Token);
        await supervisor.ApplyAsync(startup.Pipelines);
        await Until(() => _factory.Created.Count == 1 && _factory.Latest("sync").Runs == 1);
        var store = new ConnectorHost.State.Sqlite.SqliteStateStore(folder.Combine("state.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        using var logs = new ConnectorHost.Testing.FakeLoggerFactory();
        var reloader = new Composition.ConfigurationReloader(
            running, plugins, supervisor, store, new ConnectorHost.Logging.SecretMasker(), TimeProvider.System, new Microsoft.Extensions.Logging.Logger<Composition.ConfigurationReloader>(logs));

        await File.WriteAllTextAsync(file, Yaml("many", type: "test.tsak"));
        (await reloader.ReloadAsync(CancellationToken.None)).ShouldBeNull();

        running.Current.ShouldBeSameAs(startup);
        running.RefusedAt.ShouldNotBeNull();
        running.RefusedErrors.ShouldNotBeEmpty();
        running.RefusedErrors.ShouldAllBe(e => e.Line > 0);
        string.Join("\n", running.RefusedErrors).ShouldContain("test.tsak");
        supervisor.Applied["sync"].ShouldBeSameAs(startup.Pipelines[0]);
        _factory.Created.Count.ShouldBe(1, "the running pipeline was not restarted");
        _factory.Released.ShouldBeEmpty();
        _scheduler.PipelineNames.ShouldBe(["sync"]);
        var refusedLine = logs.Collector.GetSnapshot().ShouldHaveSingleItem();
        refusedLine.Level.ShouldBe(Microsoft.Extensions.Logging.LogLevel.Error);
        refusedLine.Message.ShouldContain("the running configuration stays");
        (await store.Audit.ListAsync("config:connectorhost.yaml", 10, CancellationToken.None)).ShouldHaveSingleItem().Action.ShouldBe("config-reload-refused");

        await File.WriteAllTextAsync(file, Yaml("4"));
        var changes = (await reloader.ReloadAsync(CancellationToken.None)).ShouldNotBeNull();

        changes.Restarted.ShouldBe(["sync"]);
        running.RefusedErrors.ShouldBeEmpty();
        ((TestComponents.TaskSettings)supervisor.Applied["sync"].Task!.Settings).Workers.ShouldBe(4);
        await _stop.CancelAsync();
        await schedulerRun;
    }

    private sealed class RecordingFactory : IPipelineFactory
    {
        public ConcurrentQueue<GatedRunner> Created { get; } = new();

        public ConcurrentQueue<string> Released { get; } = new();

        public HashSet<string> FailFor { get; } = new(StringComparer.Ordinal);

        public bool HoldRuns { get; set; }

        /// <summary>What happened, in order: created, completed (a run), released.</summary>
        public ConcurrentQueue<string> Events { get; } = new();

        public GatedRunner Latest(string name) => Created.Last(r => r.Name == name);

        public ScheduledPipeline Create(PipelineDefinition pipeline)
        {
            if (FailFor.Contains(pipeline.Name))
            {
                throw new InvalidOperationException($"settings of {pipeline.Name} refused");
            }

            var runner = new GatedRunner(pipeline.Name, HoldRuns, Events, Created.Count(r => r.Name == pipeline.Name) + 1);
            Events.Enqueue($"created {pipeline.Name}#{runner.Generation}");
            Created.Enqueue(runner);
            return new ScheduledPipeline(runner, pipeline.Schedule, "test");
        }

        public ValueTask ReleaseAsync(string pipeline)
        {
            Released.Enqueue(pipeline);
            Events.Enqueue($"released {pipeline}");
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A runner whose runs either finish at once or wait until released.</summary>
    private sealed class GatedRunner(string name, bool hold, ConcurrentQueue<string> events, int generation) : IPipelineRunner
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;
        private int _completed;
        private int _cancelled;

        public string Name => name;

        public int Generation => generation;

        public int Started => Volatile.Read(ref _started);

        public int Completed => Volatile.Read(ref _completed);

        public int Cancelled => Volatile.Read(ref _cancelled);

        public int Runs => Completed + Cancelled;

        public void Release() => _release.TrySetResult();

        public IDisposable? Watch(Action wake) => null;

        public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _started);
            try
            {
                if (hold)
                {
                    await _release.Task.WaitAsync(cancellationToken);
                }

                if (hold)
                {
                    events.Enqueue($"completed {name}#{generation}");
                }

                Interlocked.Increment(ref _completed);
                return (RunOutcome.Succeeded, "done");
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _cancelled);
                throw;
            }
        }
    }
}
