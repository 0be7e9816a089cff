using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Commands;
using ConnectorHost.Pipelines;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Tests.Commands;

/// <summary>The host's runner of plugin commands, with a real SQLite audit log and a recording gate.</summary>
public sealed class AdminCommandRunnerTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly RecordingGate _gate = new();
    private readonly SampleCommands _component = new();
    private readonly HandledCommands _handled = new();
    private SqliteStateStore _store = null!;
    private AdminCommandRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStateStore(_folder.Combine("state.db"), TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
        _runner = new AdminCommandRunner(
            () => new Dictionary<string, IReadOnlyList<IAdminCommands>> { ["p"] = [_component], ["quiet"] = [] },
            _gate,
            _store.Audit,
            NullLogger<AdminCommandRunner>.Instance);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_view_runs_outside_the_gate_and_is_not_audited()
    {
        var result = await _runner.RunAsync("p", "show", new Dictionary<string, string>(), "cli:anna", CancellationToken.None);

        result.Succeeded.ShouldBeTrue();
        result.Summary.ShouldBe("shown for cli:anna");
        _gate.Entered.ShouldBeEmpty();
        (await _store.Audit.ListAsync("pipeline:p", 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_action_runs_inside_the_pipelines_gate_and_is_audited_with_who_and_the_arguments()
    {
        var result = await _runner.RunAsync("p", "do", new Dictionary<string, string> { ["what"] = "it" }, "dashboard@127.0.0.1", CancellationToken.None);

        result.Summary.ShouldBe("did it");
        _gate.Entered.ShouldBe(["p"]);
        var entry = (await _store.Audit.ListAsync("pipeline:p", 10, CancellationToken.None)).ShouldHaveSingleItem();
        (entry.Who, entry.Action, entry.Details).ShouldBe(("dashboard@127.0.0.1", "command:do", "done: did it (what=it)"));
    }

    [Fact]
    public async Task A_fault_becomes_a_failed_result_with_the_reason_and_is_still_audited()
    {
        var result = await _runner.RunAsync("p", "do", new Dictionary<string, string> { ["what"] = "explode" }, "cli:anna", CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldContain("The command 'do' of pipeline 'p' failed: boom");
        (await _store.Audit.ListAsync("pipeline:p", 10, CancellationToken.None)).ShouldHaveSingleItem().Details.ShouldStartWith("failed:");
    }

    [Fact]
    public async Task Unknown_pipelines_commands_and_arguments_and_missing_ones_are_refused_before_running()
    {
        (await _runner.RunAsync("quiet", "x", new Dictionary<string, string>(), "a", CancellationToken.None)).Summary
            .ShouldBe("Pipeline 'quiet' offers no commands. Pipelines with commands: p.");
        (await _runner.RunAsync("p", "launch", new Dictionary<string, string>(), "a", CancellationToken.None)).Summary
            .ShouldBe("Pipeline 'p' has no command 'launch'. Its commands: show, do.");
        (await _runner.RunAsync("p", "do", new Dictionary<string, string>(), "a", CancellationToken.None)).Summary
            .ShouldStartWith("The command 'do' needs what (what to do).");
        (await _runner.RunAsync("p", "show", new Dictionary<string, string> { ["colour"] = "red" }, "a", CancellationToken.None)).Summary
            .ShouldBe("The command 'show' does not take colour. It takes no arguments.");
        _component.Runs.ShouldBe(0);
        _runner.List().ShouldHaveSingleItem().Pipeline.ShouldBe("p");
    }

    [Fact]
    public async Task A_command_that_carries_its_handler_is_dispatched_by_name_to_that_handler()
    {
        var runner = new AdminCommandRunner(
            () => new Dictionary<string, IReadOnlyList<IAdminCommands>> { ["h"] = [_handled] }, _gate, _store.Audit, NullLogger<AdminCommandRunner>.Instance);

        var shown = await runner.RunAsync("h", "SHOW", new Dictionary<string, string>(), "cli:anna", CancellationToken.None);
        var done = await runner.RunAsync("h", "do", new Dictionary<string, string> { ["what"] = "it" }, "cli:anna", CancellationToken.None);

        (shown.Summary, done.Summary).ShouldBe(("handled show for cli:anna", "handled do: it"));
        _handled.Ran.ShouldBe(["show", "do"]);
        _gate.Entered.ShouldBe(["h"]);
        (await _store.Audit.ListAsync("pipeline:h", 10, CancellationToken.None)).ShouldHaveSingleItem().Action.ShouldBe("command:do");
    }

    [Fact]
    public async Task A_component_built_against_1_1_without_handlers_still_runs_its_commands_itself()
    {
        var result = await _runner.RunAsync("p", "show", new Dictionary<string, string>(), "cli:anna", CancellationToken.None);

        result.Summary.ShouldBe("shown for cli:anna");
        _component.Runs.ShouldBe(1);
        _component.Commands.ShouldAllBe(c => c.Handler == null);
    }

    [Fact]
    public async Task The_declarations_carry_no_handler_and_the_default_RunAsync_dispatches_by_name()
    {
        HandledCommands.All.ShouldAllBe(c => c.Handler == null);
        HandledCommands.All.Select(c => c.Name).ShouldBe(["show", "do"]);
        ((IAdminCommands)_handled).Commands.ShouldAllBe(c => c.Handler != null);

        var result = await ((IAdminCommands)_handled).RunAsync(new AdminCommandRequest("show", new Dictionary<string, string>(), "test"), CancellationToken.None);
        var unknown = await ((IAdminCommands)_handled).RunAsync(new AdminCommandRequest("launch", new Dictionary<string, string>(), "test"), CancellationToken.None);

        result.Summary.ShouldBe("handled show for test");
        (unknown.Succeeded, unknown.Summary).ShouldBe((false, "Unknown command 'launch'. Known: show, do."));
        Should.Throw<ArgumentException>(() => new AdminCommandCollection<HandledCommands>
        {
            { new AdminCommand("show", "Shows."), c => c.ShowAsync },
            { new AdminCommand("Show", "Shows again."), c => c.ShowAsync },
        });
    }

    private sealed class RecordingGate : IPipelineGate
    {
        public List<string> Entered { get; } = [];

        public Task<T> ExclusiveAsync<T>(string name, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            Entered.Add(name);
            return work(cancellationToken);
        }
    }

    private sealed class SampleCommands : IAdminCommands
    {
        public int Runs { get; private set; }

        public IReadOnlyList<AdminCommand> Commands { get; } =
        [
            new("show", "Shows."),
            new("do", "Does.") { ChangesState = true, Parameters = [new("what", "what to do") { Required = true }] },
        ];

        public Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken)
        {
            Runs++;
            return request.Argument("what") == "explode"
                ? throw new InvalidOperationException("boom")
                : Task.FromResult(AdminCommandResult.Success(request.Command == "show" ? $"shown for {request.Actor}" : $"did {request.Argument("what")}"));
        }
    }

    private sealed class HandledCommands : IAdminCommands
    {
        public static readonly AdminCommandCollection<HandledCommands> All = new()
        {
            { new AdminCommand("show", "Shows."), c => c.ShowAsync },
            { new AdminCommand("do", "Does.") { ChangesState = true, Parameters = [new("what", "what to do") { Required = true }] }, c => c.DoAsync },
        };

        public List<string> Ran { get; } = [];

        IReadOnlyList<AdminCommand> IAdminCommands.Commands => All.BindTo(this);

        public Task<AdminCommandResult> ShowAsync(AdminCommandRequest request, CancellationToken cancellationToken)
        {
            Ran.Add("show");
            return Task.FromResult(AdminCommandResult.Success($"handled show for {request.Actor}"));
        }

        private Task<AdminCommandResult> DoAsync(AdminCommandRequest request, CancellationToken cancellationToken)
        {
            Ran.Add("do");
            return Task.FromResult(AdminCommandResult.Success($"handled do: {request.Argument("what")}"));
        }
    }
}
