using System.Runtime.CompilerServices;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using ConnectorHost.State.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ConnectorHost.Tests.State;

/// <summary>
/// A ledger written with the first document key (SHA-256 over the content followed by the name), migrated by schema
/// step 2, still recognises its documents: a pending document is not submitted again under the new key, and is put
/// away on its outcome. On SQLite and on PostgreSQL.
/// </summary>
public abstract class DocumentKeyMigrationTests : StateStoreContract
{
    // { printf 'content'; printf '12345678_a.pdf'; } | sha256sum
    private const string Version1Key = "bbab62af31f5ba7fa2ebe2e1b7fa20cc0bc3f1fc5171fc589bd84d01f928c742";

    [Fact]
    [Trait("Req", "CO-7")]
    [Trait("Req", "CO-2")]
    public async Task A_pending_document_recorded_with_the_first_key_is_recognised_after_the_migration()
    {
        await CreateSchemaVersion1Async();
        await InsertVersion1RowAsync(Version1Key, "in/12345678_a.pdf", "12345678_a.pdf", "Pending", "ref-1");
        var store = await Db.OpenMigratedAsync();

        var migrated = (await store.Documents.GetAsync(Version1Key, CancellationToken.None)).ShouldNotBeNull();
        (migrated.KeyVersion, migrated.ContentSha256, migrated.SourceVersion, migrated.PutAwayProblem).ShouldBe((1, null, null, null));

        var source = new OneDocumentSource("in/12345678_a.pdf", "content");
        var portal = new KnownPortal();
        portal.Statuses[Version1Key] = new SubmissionStatus(SubmissionState.Pending, null, "ref-1");
        var runner = Runner(store, source, portal);

        await runner.RunOnceAsync(CancellationToken.None);

        portal.SubmitCalls.ShouldBe(0);
        (await store.Documents.ListAsync(new LedgerQuery("docs"), CancellationToken.None)).ShouldHaveSingleItem().Key.ShouldBe(Version1Key);

        portal.Statuses[Version1Key] = new SubmissionStatus(SubmissionState.Approved, null, "ref-1");
        await runner.RunOnceAsync(CancellationToken.None);

        source.Completed.ShouldBe([("in/12345678_a.pdf", DocumentOutcomeKind.Approved)]);
        var approved = (await store.Documents.GetAsync(Version1Key, CancellationToken.None)).ShouldNotBeNull();
        (approved.Status, approved.KeyVersion, approved.CompletedAt is not null).ShouldBe((LedgerStatus.Approved, 1, true));
        portal.SubmitCalls.ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "CO-7")]
    public async Task A_new_document_gets_the_second_key_next_to_entries_with_the_first()
    {
        await CreateSchemaVersion1Async();
        await InsertVersion1RowAsync(Version1Key, "in/12345678_a.pdf", "12345678_a.pdf", "Approved", "ref-1", completed: true);
        var store = await Db.OpenMigratedAsync();
        var source = new OneDocumentSource("in/12345678_b.pdf", "content");
        var portal = new KnownPortal();

        await Runner(store, source, portal).RunOnceAsync(CancellationToken.None);

        portal.SubmitCalls.ShouldBe(1);
        var entries = await store.Documents.ListAsync(new LedgerQuery("docs"), CancellationToken.None);
        entries.Select(e => (e.FileName, e.KeyVersion)).ShouldBe([("12345678_a.pdf", 1), ("12345678_b.pdf", 2)]);
    }

    /// <summary>Makes the database as a host before schema step 2 left it.</summary>
    protected abstract Task CreateSchemaVersion1Async();

    /// <summary>Writes a row the way a host before schema step 2 did.</summary>
    protected abstract Task InsertVersion1RowAsync(string key, string locator, string fileName, string status, string reference, bool completed = false);

    private DocumentPipelineRunner Runner(IHostStateStore store, IDocumentSource source, IAccordeerTarget portal) => new(
        new PipelineDefinition("docs", new EverySchedule(TimeSpan.FromMinutes(1)), null, null, null) { PollEvery = TimeSpan.Zero },
        source,
        portal,
        store.Documents,
        new NoMail(),
        Db.Clock,
        NullLogger<DocumentPipelineRunner>.Instance);

    private sealed class OneDocumentSource(string locator, string content) : IDocumentSource
    {
        private bool _gone;

        public List<(string Locator, DocumentOutcomeKind Kind)> Completed { get; } = [];

        public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            if (!_gone)
            {
                var name = Path.GetFileName(locator);
                yield return new SourceDocument(locator, name, new DocumentMetadata { ClientNumber = "12345678", ClientNumberKind = ClientNumberKind.KvK, DocumentType = "jaarrekening" }, _ => Task.FromResult<Stream>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content))));
            }
        }

        public Task CompleteAsync(string completed, DocumentOutcome outcome, CancellationToken cancellationToken)
        {
            _gone = true;
            Completed.Add((completed, outcome.Kind));
            return Task.CompletedTask;
        }
    }

    private sealed class KnownPortal : IAccordeerTarget
    {
        public Dictionary<string, SubmissionStatus> Statuses { get; } = [];

        public int SubmitCalls { get; private set; }

        public Task<SubmissionStatus> SubmitAsync(DocumentSubmission submission, CancellationToken cancellationToken)
        {
            SubmitCalls++;
            return Task.FromResult(Statuses[submission.IdempotencyKey] = new SubmissionStatus(SubmissionState.Pending, null, "ref-new"));
        }

        public Task<SubmissionStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken) =>
            Task.FromResult(Statuses.TryGetValue(idempotencyKey, out var status) ? status : null);
    }

    private sealed class NoMail : IMailer
    {
        public Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"No mail expected, got {templateName}.");
    }
}

public sealed class SqliteDocumentKeyMigrationTests : DocumentKeyMigrationTests
{
    private TempStateDatabase Sqlite => (TempStateDatabase)Db;

    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());

    protected override async Task CreateSchemaVersion1Async() =>
        (await new SqliteMigrations(new SqliteConnectionFactory(Sqlite.Path), Db.Clock, [.. SqliteSchema.Migrations.Take(1)]).MigrateAsync(CancellationToken.None)).ShouldBe(1);

    protected override async Task InsertVersion1RowAsync(string key, string locator, string fileName, string status, string reference, bool completed = false)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Sqlite.Path, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO documents (key, pipeline, locator, file_name, client_number, document_type, status, attempts, portal_reference, created_at, updated_at, completed_at, generation)
            VALUES ($key, 'docs', $locator, $name, '12345678', 'jaarrekening', $status, 1, $reference, '2026-01-05T08:00:00.0000000Z', '2026-01-05T08:00:00.0000000Z', $completed, 0);
            """;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$locator", locator);
        command.Parameters.AddWithValue("$name", fileName);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$reference", reference);
        command.Parameters.AddWithValue("$completed", completed ? "2026-01-05T08:30:00.0000000Z" : DBNull.Value);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}

public sealed class PostgresDocumentKeyMigrationTests(PostgresTestServer server) : DocumentKeyMigrationTests, IClassFixture<PostgresTestServer>
{
    private TempPostgresDatabase Postgres => (TempPostgresDatabase)Db;

    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override async Task CreateSchemaVersion1Async() =>
        (await new PostgresMigrations(new PostgresConnectionFactory(Postgres.ConnectionString), Db.Clock, [.. PostgresSchema.Migrations.Take(1)]).MigrateAsync(CancellationToken.None)).ShouldBe(1);

    protected override async Task InsertVersion1RowAsync(string key, string locator, string fileName, string status, string reference, bool completed = false)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO documents (key, pipeline, locator, file_name, client_number, document_type, status, attempts, portal_reference, created_at, updated_at, completed_at, generation)
            VALUES (@key, 'docs', @locator, @name, '12345678', 'jaarrekening', @status, 1, @reference, '2026-01-05T08:00:00Z', '2026-01-05T08:00:00Z', @completed, 0);
            """,
            connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("locator", locator);
        command.Parameters.AddWithValue("name", fileName);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("reference", reference);
        command.Parameters.Add(new NpgsqlParameter("completed", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = completed ? new DateTimeOffset(2026, 1, 5, 8, 30, 0, TimeSpan.Zero) : DBNull.Value });
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
    }
}
