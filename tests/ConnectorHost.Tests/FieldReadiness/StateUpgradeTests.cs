using System.Globalization;
using System.Security.Cryptography;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FR-4 on the built program: the host starts on a copy of each checked-in state database of an earlier version
/// (testdata/state), migrates it after copying it aside, and every ledger entry, task, instruction, dossier, audit line
/// and record is still there and readable. A database of a newer version is refused with a clear error, unchanged.
/// </summary>
public sealed class StateUpgradeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Tables = ["documents", "tasks", "instructions", "dossiers", "audit", "records"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> CheckedInDatabases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot.Find(), "testdata", "state"), "*.db").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private string Database => _folder.Combine("data", "state.db");

    private string WriteConfig()
    {
        var file = _folder.Combine("connectorhost.yaml");
        File.WriteAllText(file, $$"""
            host:
              dataFolder: data
              plugins: {{Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}}
              shutdownTimeout: 10s
            pipelines:
              - name: samples-demo
                manual: true
                source:
                  type: samples.folder
                  settings: { folder: data/inbox, doneFolder: data/done, errorFolder: data/error, createFolders: true }
                target:
                  type: samples.copy
                  settings: { folder: data/portal }
            """);
        return file;
    }

    private void PlaceDatabase(string name)
    {
        Directory.CreateDirectory(_folder.Combine("data"));
        File.Copy(Path.Combine(RepoRoot.Find(), "testdata", "state", name), Database);
    }

    [Theory]
    [MemberData(nameof(CheckedInDatabases))]
    [Trait("Req", "FR-4")]
    public async Task The_host_migrates_a_database_of_an_earlier_version_and_every_row_survives(string checkedIn)
    {
        PlaceDatabase(checkedIn);
        var before = Tables.ToDictionary(t => t, t => Rows(Database, t));
        var versionBefore = SchemaVersion(Database);
        var needsWork = versionBefore < SqliteStateStore.LatestSchemaVersion || !HasColumn(Database, "documents", "generation");
        before["documents"].Count.ShouldBeGreaterThan(0, "a test database without rows proves nothing");
        before["tasks"].Count.ShouldBeGreaterThan(0);
        before["instructions"].Count.ShouldBeGreaterThan(0);
        before["audit"].Count.ShouldBeGreaterThan(0);

        using (var host = HostProcess.Start("run", "--config", WriteConfig()))
        {
            await host.WaitUntilAsync(() => host.Output.Contains($"(schema version {SqliteStateStore.LatestSchemaVersion})", StringComparison.Ordinal), Patience);
            host.Terminate();
            (await host.WaitForExitAsync(Patience)).ShouldBe(0, host.Output);
            var backup = SqliteMigrations.BackupPath(Database, versionBefore);
            if (needsWork)
            {
                host.Output.ShouldContain($"was migrated from schema version {versionBefore} to {SqliteStateStore.LatestSchemaVersion}; the copy taken before is {backup}");
                File.Exists(backup).ShouldBeTrue();
                foreach (var table in Tables)
                {
                    Json(Rows(backup, table)).ShouldBe(Json(before[table]), $"the backup holds {table} as it was");
                }
            }
            else
            {
                File.Exists(backup).ShouldBeFalse("a database at the current version needs no copy");
            }
        }

        SchemaVersion(Database).ShouldBe(SqliteStateStore.LatestSchemaVersion);
        foreach (var table in Tables)
        {
            var after = Rows(Database, table);
            if (table == "audit")
            {
                // The host audits each plugin it loads at start (FH-6); those rows are new, every earlier row survives.
                var added = after.Skip(before[table].Count).ToList();
                added.ShouldAllBe(row => (string?)row["action"] == "plugin-loaded", "the only rows the start adds to the audit are plugin loads");
                after = after.Take(before[table].Count).ToList();
            }

            after.Count.ShouldBe(before[table].Count, $"rows of {table}");
            for (var i = 0; i < after.Count; i++)
            {
                foreach (var (column, value) in before[table][i])
                {
                    after[i][column].ShouldBe(value, $"{table} row {i + 1}, column {column}");
                }
            }
        }

        await ReadThroughTheStoreAsync(before);
    }

    [Fact]
    [Trait("Req", "FR-4")]
    public async Task A_database_of_a_newer_version_is_refused_with_a_clear_error_and_left_unchanged()
    {
        PlaceDatabase("state-v1.db");
        var newer = SqliteStateStore.LatestSchemaVersion + 1;
        using (var connection = Open(Database, SqliteOpenMode.ReadWrite))
        {
            using var bump = connection.CreateCommand();
            bump.CommandText = $"INSERT INTO schema_version (version, description, applied_at) VALUES ({newer}, 'a future version', '2027-01-01T00:00:00.0000000Z')";
            bump.ExecuteNonQuery();
        }

        var hash = Hash(Database);
        using var host = HostProcess.Start("run", "--config", WriteConfig());
        var exit = await host.WaitForExitAsync(Patience);

        exit.ShouldBe(1, host.Output);
        host.Output.ShouldContain($"has schema version {newer}, newer than this host knows ({SqliteStateStore.LatestSchemaVersion})");
        host.Output.ShouldContain("It was left unchanged");
        Hash(Database).ShouldBe(hash, "nothing in the database changed");
        Directory.EnumerateFiles(_folder.Combine("data"), "state.db.bak-*").ShouldBeEmpty();
    }

    /// <summary>The host's own store reads back every entry, task, instruction and audit line of the migrated file.</summary>
    private async Task ReadThroughTheStoreAsync(Dictionary<string, List<Dictionary<string, object?>>> before)
    {
        var store = new SqliteStateStore(Database, TimeProvider.System);
        foreach (var document in before["documents"])
        {
            var key = (string)document["key"]!;
            var entry = (await store.Documents.GetAsync(key, CancellationToken.None)).ShouldNotBeNull($"ledger entry {key}");
            entry.Status.ToString().ShouldBe((string)document["status"]!);
            entry.FileName.ShouldBe((string)document["file_name"]!);
        }

        var tasks = await store.Tasks.ListAsync(new TaskQuery(), CancellationToken.None);
        tasks.Select(t => t.ExternalId).Order(StringComparer.Ordinal).ShouldBe(before["tasks"].Select(t => (string)t["external_id"]!).Order(StringComparer.Ordinal));
        var instructions = await store.Instructions.ListAsync(openOnly: false, CancellationToken.None);
        instructions.Select(i => i.Instruction.Text).Order(StringComparer.Ordinal).ShouldBe(before["instructions"].Select(i => (string)i["text"]!).Order(StringComparer.Ordinal));
        var audit = await store.Audit.ListAsync(null, 10_000, CancellationToken.None);
        foreach (var line in before["audit"])
        {
            audit.ShouldContain(a => a.Action == (string)line["action"]! && a.Subject == (string)line["subject"]! && a.Details == (string)line["details"]!);
        }
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static List<Dictionary<string, object?>> Rows(string file, string table)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} ORDER BY rowid";
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static int SchemaVersion(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static bool HasColumn(string file, string table, string column)
    {
        using var connection = Open(file, SqliteOpenMode.ReadOnly);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}'";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static string Json(List<Dictionary<string, object?>> rows) => System.Text.Json.JsonSerializer.Serialize(rows);

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
}
