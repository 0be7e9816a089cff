using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Cli;
using ConnectorHost.Commands;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Logging;

/// <summary>
/// SEC-4: a dossier, journal or file name from outside that carries CR/LF or an escape sequence cannot forge a log
/// line or drive the terminal: the log file, the console's tables and <c>tasks</c> show it escaped, on its own line.
/// </summary>
[Trait("Req", "SEC-4")]
public sealed class ControlCharacterTests : IDisposable
{
    // What the probe sent as a dossier name: a line break, a forged log line, and an ANSI colour sequence.
    private const string Forged = "D1\r\n2026-12-01 10:00:00.000 +00:00 [INF] pipeline=tasks Dossier D9 resolved by admin\u001b[2J\u202Egnp.exe";

    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("a\r\nb", "a\\r\\nb")]
    [InlineData("esc\u001b[31mred", "esc\\u001b[31mred")]
    [InlineData("tab\tbell\u0007del\u007f", "tab\\tbell\\u0007del\\u007f")]
    [InlineData("csi\u009bx", "csi\\u009bx")]
    [InlineData("right\u202Eleft\u2066iso\u2028line", "right\\u202eleft\\u2066iso\\u2028line")]
    public void Control_and_direction_characters_are_written_as_visible_escapes(string value, string expected) =>
        ControlCharacters.Escape(value).ShouldBe(expected);

    [Theory]
    [InlineData("Café Müller BV")]
    [InlineData("12345678_jaarrekening 2025 (definitief).pdf")]
    [InlineData("")]
    public void Ordinary_text_with_accents_is_left_as_it_is(string value) => ControlCharacters.Escape(value).ShouldBe(value);

    [Fact]
    public async Task A_forged_dossier_name_stays_on_its_own_line_in_the_log_file()
    {
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, "host:\n  dataFolder: data\npipelines: []\n");
        var configuration = ConfigurationLoader.Complete(ConfigurationLoader.Parse(config, _ => null), []);

        using (var logger = LoggingSetup.Create(configuration, new SecretMasker()))
        {
            logger.Warning("Task {Task} of dossier {Dossier} failed: {Reason}", 7, Forged, "the platform refused it");
        }

        var log = Directory.GetFiles(_folder.Combine("data", "logs"), "connectorhost-*.log").ShouldHaveSingleItem();
        var lines = await File.ReadAllLinesAsync(log);
        var line = lines.ShouldHaveSingleItem();
        line.ShouldContain("of dossier D1\\r\\n2026-12-01 10:00:00.000 +00:00 [INF] pipeline=tasks Dossier D9 resolved by admin\\u001b[2J\\u202egnp.exe failed");
        line.ShouldNotContain("\u001b");
    }

    [Fact]
    public void A_command_table_cell_with_a_line_break_stays_in_its_row()
    {
        var result = new AdminCommandResult(true, "1 relation")
        {
            Tables = [new ResultTable("Relations", ["Name", "Status"], [new ResultRow(["Acme\r\n[INF] forged\u001b[2J", "new"])])],
        };

        var lines = ResultTableText.Render(result).Split(Environment.NewLine);

        lines.ShouldNotContain(l => l.Contains('\u001b', StringComparison.Ordinal) || l.StartsWith("[INF]", StringComparison.Ordinal));
        lines.ShouldContain("  Acme\\r\\n[INF] forged\\u001b[2J  new");
    }

    [Fact]
    public async Task The_tasks_command_shows_a_forged_dossier_escaped_on_one_line()
    {
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, "host:\n  dataFolder: data\npipelines: []\n");
        var store = new SqliteStateStore(_folder.Combine("data", "state.db"), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        await store.Tasks.EnqueueAsync(new NewTask("tasks", "t1", Forged, "activate-dossier\r\nforged", "{}", DateTimeOffset.UtcNow), CancellationToken.None);

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(["tasks", "--all", "--config", config], output, error);

        exit.ShouldBe(0);
        var text = output.ToString();
        text.ShouldNotContain("\u001b");
        text.ShouldNotContain("\r\n2026");
        text.Split('\n').Count(l => l.Contains("resolved by admin", StringComparison.Ordinal)).ShouldBe(1);
        text.ShouldContain("activate-dossier\\r\\nforged");
    }
}
