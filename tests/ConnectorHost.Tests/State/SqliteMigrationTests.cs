using ConnectorHost.Abstractions.State;
using ConnectorHost.State.Sqlite;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Tests.State;

public sealed class SqliteMigrationTests : IDisposable
{
    private static readonly string[] ExpectedTables = ["audit", "client_documents", "document_counts", "document_events", "documents", "dossiers", "instructions", "pipeline_leases", "records", "schema_version", "tasks"];

    private readonly TempStateDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Migrating_a_missing_file_creates_folder_schema_and_version()
    {
        File.Exists(_db.Path).ShouldBeFalse();
        Directory.Exists(Path.GetDirectoryName(_db.Path)).ShouldBeFalse();

        var version = await _db.Open().MigrateAsync(CancellationToken.None);

        version.ShouldBe(SqliteStateStore.LatestSchemaVersion);
        version.ShouldBeGreaterThanOrEqualTo(1);
        File.Exists(_db.Path).ShouldBeTrue();
        (await TablesAsync()).ShouldBe(ExpectedTables, ignoreOrder: true);
        (await VersionsAsync()).ShouldBe(Enumerable.Range(1, version).Select(v => (long)v));
    }

    [Fact]
    public async Task Reopening_keeps_the_data_and_migrating_again_is_a_no_op()
    {
        var first = await _db.OpenMigratedAsync();
        await first.Records.PutAsync(new StoredRecord("c", "k", "new", "data"), CancellationToken.None);
        await first.Tasks.EnqueueAsync(
            new NewTask("q", "ext-1", "d1", "kind", "{}", TempStateDatabase.Start), CancellationToken.None);
        var versionsBefore = await VersionsAsync();

        var second = _db.Open();
        var version = await second.MigrateAsync(CancellationToken.None);
        var again = await second.MigrateAsync(CancellationToken.None);

        version.ShouldBe(SqliteStateStore.LatestSchemaVersion);
        again.ShouldBe(version);
        (await VersionsAsync()).ShouldBe(versionsBefore);
        (await second.Records.GetAsync("c", "k", CancellationToken.None)).ShouldNotBeNull().Data.ShouldBe("data");
        (await second.Tasks.ListAsync(new TaskQuery(), CancellationToken.None)).Single().ExternalId.ShouldBe("ext-1");
    }

    [Fact]
    public async Task The_database_is_in_wal_mode_with_foreign_keys_and_a_busy_timeout()
    {
        await _db.OpenMigratedAsync();

        // A plain connection: WAL is a property of the file, not of the store's connections.
        using (var plain = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false }.ToString()))
        {
            plain.Open();
            using var mode = plain.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode;";
            ((string?)mode.ExecuteScalar()).ShouldBe("wal");
        }

        using var connection = await new SqliteConnectionFactory(_db.Path).OpenAsync(CancellationToken.None);
        (await ScalarAsync(connection, "PRAGMA foreign_keys;")).ShouldBe(1L);
        (await ScalarAsync(connection, "PRAGMA busy_timeout;")).ShouldBe(30000L);
        (await ScalarAsync(connection, "PRAGMA cache_size;")).ShouldBe(-1024L, "1 MB of pages per pooled connection (OF-5)");
    }

    [Fact]
    public async Task Write_work_holds_the_write_lock_from_its_start()
    {
        await _db.OpenMigratedAsync();
        var factory = new SqliteConnectionFactory(_db.Path);

        var error = await factory.WriteAsync(
            async (_, _) =>
            {
                // No statement has run in the transaction yet: only BEGIN IMMEDIATE holds the lock already.
                using var other = new SqliteConnection(
                    new SqliteConnectionStringBuilder { DataSource = _db.Path, Pooling = false, DefaultTimeout = 1 }.ToString());
                await other.OpenAsync();
                (await ScalarAsync(other, "PRAGMA busy_timeout = 0;")).ShouldBe(0L);
                using var write = other.CreateCommand();
                write.CommandText = "INSERT INTO audit (at, who, action, subject, details) VALUES ('x', 'x', 'x', 'x', 'x');";
                return await Should.ThrowAsync<SqliteException>(() => write.ExecuteNonQueryAsync());
            },
            CancellationToken.None);

        error.SqliteErrorCode.ShouldBe(5); // SQLITE_BUSY
    }

    [Fact]
    public async Task A_failing_migration_rolls_back_the_whole_run_even_after_a_statement_that_returns_rows()
    {
        var factory = new SqliteConnectionFactory(_db.Path);
        var good = new SqliteMigration(1, "one", "CREATE TABLE one (x INTEGER);");
        var bad = new SqliteMigration(2, "two", "SELECT 1; CREATE TABLE two (x INTEGER); CREATE TABLE two (x INTEGER);");

        await Should.ThrowAsync<SqliteException>(() => new SqliteMigrations(factory, _db.Clock, [good, bad]).MigrateAsync(CancellationToken.None));

        (await TablesAsync()).ShouldBeEmpty(); // not even schema_version: one transaction

        var fixedTwo = bad with { Sql = "SELECT 1; CREATE TABLE two (x INTEGER);" };
        (await new SqliteMigrations(factory, _db.Clock, [good, fixedTwo]).MigrateAsync(CancellationToken.None)).ShouldBe(2);
        (await TablesAsync()).ShouldBe(["one", "two", "schema_version"], ignoreOrder: true);
        (await VersionsAsync()).ShouldBe([1L, 2L]);

        var three = new SqliteMigration(3, "three", "CREATE TABLE three (x INTEGER);");
        (await new SqliteMigrations(factory, _db.Clock, [good, fixedTwo, three]).MigrateAsync(CancellationToken.None)).ShouldBe(3);
        (await VersionsAsync()).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task A_database_newer_than_the_code_is_refused()
    {
        var factory = new SqliteConnectionFactory(_db.Path);
        var one = new SqliteMigration(1, "one", "CREATE TABLE one (x INTEGER);");
        await new SqliteMigrations(factory, _db.Clock, [one, new SqliteMigration(2, "two", "CREATE TABLE two (x INTEGER);")])
            .MigrateAsync(CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => new SqliteMigrations(factory, _db.Clock, [one]).MigrateAsync(CancellationToken.None));

        error.Message.ShouldContain("schema version 2");
    }

    [Fact]
    public void Migration_versions_must_run_without_gaps()
    {
        var factory = new SqliteConnectionFactory(_db.Path);

        Should.Throw<ArgumentException>(() => new SqliteMigrations(
            factory, _db.Clock, [new SqliteMigration(1, "one", "SELECT 1;"), new SqliteMigration(3, "three", "SELECT 1;")]));
    }

    [Fact]
    public async Task Ping_answers_on_a_migrated_store()
    {
        var store = await _db.OpenMigratedAsync();

        await Should.NotThrowAsync(() => store.PingAsync(CancellationToken.None));
    }

    private async Task<List<string>> TablesAsync()
    {
        using var connection = await new SqliteConnectionFactory(_db.Path).OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
        var names = new List<string>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private async Task<List<long>> VersionsAsync()
    {
        using var connection = await new SqliteConnectionFactory(_db.Path).OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_version ORDER BY version;";
        var versions = new List<long>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
