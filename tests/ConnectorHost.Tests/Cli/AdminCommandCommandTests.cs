using ConnectorHost.Cli;
using ConnectorHost.Sandbox.Certipost;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Tests.Cli;

/// <summary>
/// <c>connectorhost command</c> with the built Certipost plugin, a real SQLite store and the sandbox Certipost over
/// real HTTP: the eligible list, sending it, and the refused change by hand.
/// </summary>
public sealed class AdminCommandCommandTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private SandboxCertipost? _certipost;

    private string Config => _folder.Combine("connectorhost.yaml");

    public async Task InitializeAsync()
    {
        _certipost = await SandboxCertipost.StartAsync(new SandboxCertipostOptions { ApiKey = "cli-test-key", MinimumLogLevel = LogLevel.None });
        File.Copy(Path.Combine(RepoRoot.Find(), "config", "samples", "relaties.csv"), _folder.Combine("relaties.csv"));
        await File.WriteAllTextAsync(Config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
            pipelines:
              - name: certipost
                every: 1h
                task:
                  type: certipost.enrol
                  settings:
                    source: {"{"} kind: Csv, path: relaties.csv {"}"}
                    certipost: {"{"} baseUrl: "{_certipost.BaseUrl}", apiKey: cli-test-key {"}"}
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings: {"{"} folder: data/inbox, doneFolder: data/done, errorFolder: data/error, createFolders: true {"}"}
                target:
                  type: samples.copy
                  settings: {"{"} folder: data/portal {"}"}
            """);
    }

    public async Task DisposeAsync()
    {
        if (_certipost is not null)
        {
            await _certipost.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Without_a_pipeline_it_lists_every_pipelines_commands()
    {
        var (exit, output, _) = await Run("command", "--config", Config);

        exit.ShouldBe(0);
        output.ShouldContain("certipost:");
        output.ShouldContain("send");
        output.ShouldContain("--arg number=… (required)");
        output.ShouldNotContain("samples-demo:");
    }

    [Fact]
    [Trait("Req", "CP-1")]
    [Trait("Req", "CP-2")]
    public async Task List_shows_the_complete_relations_and_apart_the_incomplete_ones_with_their_missing_fields()
    {
        var (exit, output, error) = await Run("command", "certipost", "list", "--config", Config);

        exit.ShouldBe(0, error);
        output.ShouldContain("3 complete and ready to send, 2 incomplete");
        var complete = output[output.IndexOf("Complete: ready to send (3)", StringComparison.Ordinal)..output.IndexOf("Incomplete", StringComparison.Ordinal)];
        complete.ShouldContain("1001");
        complete.ShouldContain("1003");
        complete.ShouldNotContain("1004");
        output.ShouldContain("1005    Drukkerij Claes       street: missing; postal code: missing  <- attention");
        output.ShouldNotContain("1006"); // not admitted in the package
    }

    [Fact]
    [Trait("Req", "CP-4")]
    [Trait("Req", "CP-5")]
    public async Task Send_enrols_the_batch_at_Certipost_audits_it_and_then_a_change_by_hand_is_refused()
    {
        var beforeSend = DateTimeOffset.UtcNow;
        var (exit, output, error) = await Run("command", "certipost", "send", "--by", "anna", "--config", Config);
        var afterSend = DateTimeOffset.UtcNow;

        exit.ShouldBe(0, error);
        output.ShouldContain("3 relations enrolled at Certipost in batch");
        _certipost!.State.Accounts.Select(a => a.CustomerReference).Order().ShouldBe(["1001", "1002", "1003"]);
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        (await store.Audit.ListAsync("pipeline:certipost", 10, CancellationToken.None)).ShouldContain(e => e.Who == "cli:anna" && e.Action == "command:send");
        var enrolled = (await store.Audit.ListAsync("relation:1002", 10, CancellationToken.None)).Single(e => e.Details.Contains("to Submitted", StringComparison.Ordinal));
        enrolled.Who.ShouldBe("cli:anna"); // by whom...
        enrolled.At.ShouldBeInRange(beforeSend.AddSeconds(-1), afterSend.AddSeconds(1)); // ...and when: during the command (1 s for clock rounding)

        var (refusedExit, _, refused) = await Run("command", "certipost", "set-status", "--arg", "number=1002", "--arg", "status=not-admitted", "--config", Config);

        refusedExit.ShouldBe(1);
        refused.ShouldContain("The status of relation 1002 (Garage Peeters NV) can no longer be changed by hand");
        var (againExit, again, _) = await Run("command", "certipost", "list", "--config", Config);
        againExit.ShouldBe(0);
        again.ShouldContain("0 complete and ready to send, 2 incomplete");
    }

    [Fact]
    [Trait("Req", "H-6")]
    public async Task A_command_beside_a_host_that_runs_the_pipeline_waits_for_its_lease_and_then_runs()
    {
        (await Run("command", "certipost", "list", "--config", Config)).Exit.ShouldBe(0); // creates the state file
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        var running = (await store.Leases.TryAcquireAsync("certipost", "office-server/4242/ab", TimeSpan.FromMinutes(1), null, CancellationToken.None)).Lease!;

        var send = Run("command", "certipost", "send", "--by", "anna", "--config", Config);
        await Task.Delay(TimeSpan.FromSeconds(2));
        send.IsCompleted.ShouldBeFalse(); // the host's run of certipost is going on
        _certipost!.State.Accounts.ShouldBeEmpty();

        await store.Leases.ReleaseAsync(running, CancellationToken.None);
        var (exit, output, error) = await send.WaitAsync(TimeSpan.FromMinutes(1));

        exit.ShouldBe(0, error);
        output.ShouldContain("3 relations enrolled at Certipost in batch");
        var lease = (await store.Leases.ListAsync(CancellationToken.None)).Single(l => l.Pipeline == "certipost");
        lease.Released.ShouldBeTrue();
        lease.Token.ShouldBe(running.Token + 1); // the command held it in between
    }

    [Fact]
    public async Task A_missing_argument_an_unknown_command_and_a_malformed_arg_are_refused_with_what_to_do()
    {
        var (missingExit, _, missing) = await Run("command", "certipost", "set-status", "--arg", "number=1004", "--config", Config);
        missingExit.ShouldBe(1);
        missing.ShouldContain("The command 'set-status' needs status (admitted or not-admitted.)");

        var (unknownExit, _, unknown) = await Run("command", "certipost", "launch", "--config", Config);
        unknownExit.ShouldBe(1);
        unknown.ShouldContain("Pipeline 'certipost' has no command 'launch'. Its commands: list, send, relations, set-status, audit.");

        var (badExit, _, bad) = await Run("command", "certipost", "set-status", "--arg", "number", "--config", Config);
        badExit.ShouldBe(2);
        bad.ShouldContain("--arg number: write it as name=value");

        // The probe: a duplicated argument used to take the last value silently.
        var (twiceExit, _, twice) = await Run("command", "certipost", "set-status", "--arg", "number=1004", "--arg", "status=admitted", "--arg", "number=1005", "--config", Config);
        twiceExit.ShouldBe(2);
        twice.ShouldContain("--arg number is given twice ('1004' and '1005'): give each argument once.");

        var (noPipelineExit, _, noPipeline) = await Run("command", "nope", "--config", Config);
        noPipelineExit.ShouldBe(2);
        noPipeline.ShouldContain("there is no pipeline 'nope'");
    }
}
