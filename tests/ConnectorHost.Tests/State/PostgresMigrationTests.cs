using ConnectorHost.Abstractions.State;
using ConnectorHost.State.Postgres;
using Npgsql;

namespace ConnectorHost.Tests.State;

/// <summary>The PostgreSQL schema's migrations: recorded versions, and several hosts starting at once.</summary>
public sealed class PostgresMigrationTests(PostgresTestServer server) : StateStoreContract, IClassFixture<PostgresTestServer>
{
    private static readonly string[] ExpectedTables = ["audit", "client_documents", "document_counts", "document_events", "documents", "dossiers", "instructions", "pipeline_leases", "records", "schema_version", "tasks"];

    private TempPostgresDatabase Postgres => (TempPostgresDatabase)Db;

    [Fact]
    public async Task Migrating_an_empty_schema_creates_the_tables_and_records_the_version()
    {
        var version = await Db.Open().MigrateAsync(CancellationToken.None);

        version.ShouldBe(PostgresStateStore.LatestSchemaVersion);
        version.ShouldBeGreaterThanOrEqualTo(1);
        (await ListAsync("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema();"))
            .ShouldBe(ExpectedTables, ignoreOrder: true);
        (await ListAsync("SELECT version::text FROM schema_version ORDER BY version;"))
            .ShouldBe(Enumerable.Range(1, version).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Reopening_keeps_the_data_and_migrating_again_is_a_no_op()
    {
        var first = await Db.OpenMigratedAsync();
        await first.Records.PutAsync(new StoredRecord("c", "k", "new", "data"), CancellationToken.None);

        var second = Db.Open();
        (await second.MigrateAsync(CancellationToken.None)).ShouldBe(PostgresStateStore.LatestSchemaVersion);
        (await second.MigrateAsync(CancellationToken.None)).ShouldBe(PostgresStateStore.LatestSchemaVersion);

        (await ListAsync("SELECT version::text FROM schema_version;")).Count.ShouldBe(PostgresStateStore.LatestSchemaVersion);
        (await second.Records.GetAsync("c", "k", CancellationToken.None)).ShouldNotBeNull().Data.ShouldBe("data");
    }

    [Fact]
    public async Task Eight_hosts_starting_at_once_migrate_once()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Postgres.OpenOnDatabaseClock()).ToList();

        var versions = await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(CancellationToken.None))));

        versions.ShouldAllBe(v => v == PostgresStateStore.LatestSchemaVersion);
        (await ListAsync("SELECT version::text FROM schema_version;")).Count.ShouldBe(PostgresStateStore.LatestSchemaVersion);
        await Should.NotThrowAsync(() => stores[7].PingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_database_of_a_newer_host_is_refused()
    {
        await Db.OpenMigratedAsync();
        await ListAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'from the future', now()) RETURNING 'x';");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Db.Open().MigrateAsync(CancellationToken.None));

        error.Message.ShouldContain("schema version 999, newer than this host knows");
        error.Message.ShouldNotContain("Password", Case.Insensitive);
    }

    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
