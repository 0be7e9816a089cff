using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Cli;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Cli;

/// <summary>The CLI's monitoring and fixing of dossier tasks, on a real state store (AT-9, AT-10).</summary>
public sealed class StateCommandsTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _config;
    private readonly SqliteStateStore _store;

    public StateCommandsTests()
    {
        _config = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(_config, "host:\n  dataFolder: data\npipelines: []\n");
        _store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--config", _config], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Two tasks of dossier D1, the first failed with a red instruction; one task of D2 waiting.</summary>
    private async Task<(long Failed, long Later, long InstructionId)> FailedActivation()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        await _store.Tasks.EnqueueAsync(new NewTask("tasks", "t1", "D1", "activate-dossier", "{\"code\":\"WRONG\"}", at), CancellationToken.None);
        await _store.Tasks.EnqueueAsync(new NewTask("tasks", "t2", "D1", "synchronise-dossier", "{}", at.AddMinutes(1)), CancellationToken.None);
        await _store.Tasks.EnqueueAsync(new NewTask("tasks", "t3", "D2", "synchronise-dossier", "{}", at.AddMinutes(2)), CancellationToken.None);
        var lease = (await _store.Tasks.ClaimNextAsync("tasks", "w1", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        var instruction = (await _store.Tasks.FailAndBlockAsync(lease, new Instruction("D1", InstructionSeverity.Red, "De dossiercode WRONG bestaat niet in het boekhoudpakket: corrigeer de code en start de activering opnieuw.", "wrong-dossier-code"), CancellationToken.None))!.Value;
        var later = (await _store.Tasks.ListAsync(new TaskQuery(Dossier: "D1"), CancellationToken.None)).Single(t => t.ExternalId == "t2").Id;
        return (lease.Task.Id, later, instruction);
    }

    [Fact]
    [Trait("Req", "AT-9")]
    public async Task Tasks_shows_by_default_the_failed_ones_with_their_instruction()
    {
        var (failed, _, instruction) = await FailedActivation();

        var (exit, output, _) = await Run("tasks");

        exit.ShouldBe(0);
        output.ShouldContain($"{failed,6}  D1");
        output.ShouldContain($"#{instruction} RED: De dossiercode WRONG bestaat niet");
        output.ShouldNotContain("D2");
        (await Run("tasks", "--all")).Output.ShouldContain("D2");
        (await Run("dossiers")).Output.ShouldContain("blocked");
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task Restart_with_a_corrected_payload_unblocks_the_dossier_and_runs_that_task_first()
    {
        var (failed, _, _) = await FailedActivation();

        var (exit, output, _) = await Run("restart", failed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--payload", "{\"code\":\"D1\"}", "--by", "accountant");

        exit.ShouldBe(0, output);
        var next = (await _store.Tasks.ClaimNextAsync("tasks", "w2", TimeSpan.FromMinutes(5), CancellationToken.None))!;
        next.Task.Id.ShouldBe(failed);
        next.Task.Payload.ShouldBe("{\"code\":\"D1\"}");
        (await _store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "AT-10")]
    public async Task Resolve_and_cancel_are_refused_with_a_clear_message_when_there_is_nothing_to_do()
    {
        var (failed, _, instruction) = await FailedActivation();

        (await Run("resolve", instruction.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit.ShouldBe(0);
        var again = await Run("resolve", instruction.ToString(System.Globalization.CultureInfo.InvariantCulture));
        again.Exit.ShouldBe(1);
        again.Error.ShouldContain($"There is no open instruction {instruction}");

        (await Run("cancel", failed.ToString(System.Globalization.CultureInfo.InvariantCulture))).Exit.ShouldBe(0);
        (await _store.Tasks.ListAsync(new TaskQuery(Dossier: "D1"), CancellationToken.None)).Single(t => t.Id == failed).Status.ShouldBe(QueuedTaskStatus.Cancelled);
        (await Run("cancel", "999999")).Error.ShouldContain("cannot be cancelled");
    }
}
