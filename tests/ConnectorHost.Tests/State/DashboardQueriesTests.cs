using ConnectorHost.Abstractions.State;
using ConnectorHost.State;
using ConnectorHost.Tests.Dashboard;

namespace ConnectorHost.Tests.State;

/// <summary>
/// The dashboard's queries (UI-1..UI-5) on both state stores, on the same small seeded office: the history the
/// database keeps of a document, counts by hour, the client monitor's rows, and lists paged by key with their totals.
/// </summary>
public abstract class DashboardQueriesTests : StateStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Seeds the office into this test's (migrated) database.</summary>
    protected abstract Task<OfficeSeed.Office> SeedAsync(OfficeSeed.Size size);

    /// <summary>Migrates this test's database to one schema step only.</summary>
    protected abstract Task MigrateToAsync(int version);

    /// <summary>A connection of its own to this test's database, open.</summary>
    protected abstract Task<System.Data.Common.DbConnection> ConnectAsync();

    [Fact]
    [Trait("Req", "UI-2")]
    [Trait("Req", "UI-3")]
    [Trait("Req", "UI-4")]
    public async Task The_roll_ups_count_what_the_rows_count_after_the_migration_fills_them_and_after_each_change()
    {
        // An office written before schema step 8, then migrated: the step fills the roll-ups from the rows.
        await MigrateToAsync(7);
        var office = await SeedAsync(new OfficeSeed.Size(40, 400, 100, 30, Now));
        var store = await Db.OpenMigratedAsync();
        await ShouldCountTheRowsAsync(store);

        // Every change after it is counted by the triggers in the same transaction: a new document, a decision, a put-away.
        var entry = new LedgerEntry
        {
            Key = "rollup-1", Pipeline = "clientonline", Locator = "inbox/x.pdf", FileName = "x.pdf", ClientNumber = office.Clients[0],
            Status = LedgerStatus.Submitting, CreatedAt = Now, UpdatedAt = Now,
        };
        await store.Documents.InsertIfNewAsync(entry, CancellationToken.None);
        await store.Documents.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Pending) { CountAttempt = true }, CancellationToken.None);
        await store.Documents.UpdateAsync(entry.Key, new LedgerChange(LedgerStatus.Approved) { Completed = true }, CancellationToken.None);
        await store.Documents.InsertIfNewAsync(entry with { Key = "rollup-2", ClientNumber = "99999999" }, CancellationToken.None);
        await ShouldCountTheRowsAsync(store);
        var clients = await store.Dashboard.ClientsAsync([], Now.AddDays(-30), CancellationToken.None);
        clients.Single(c => c.Client == "99999999").ShouldSatisfyAllConditions(c => c.Documents.ShouldBe(1), c => c.OpenDocuments.ShouldBe(1));
    }

    private async Task ShouldCountTheRowsAsync(IHostStateStore store)
    {
        await using var connection = await ConnectAsync();
        async Task<List<(string Key, long A, long B)>> RowsAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<(string, long, long)>();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)));
            }

            return rows;
        }

        var perClient = await RowsAsync("SELECT client_number, COUNT(*), SUM(CASE WHEN completed_at IS NULL THEN 1 ELSE 0 END) FROM documents WHERE client_number IS NOT NULL GROUP BY client_number;");
        perClient.Count.ShouldBeGreaterThan(0);
        var clients = await store.Dashboard.ClientsAsync([], Now.AddDays(-30), CancellationToken.None);
        clients.Where(c => c.Documents > 0).Select(c => (c.Client, c.Documents, c.OpenDocuments)).OrderBy(c => c.Client, StringComparer.Ordinal)
            .ShouldBe(perClient.OrderBy(c => c.Key, StringComparer.Ordinal));
        var perStatus = await RowsAsync("SELECT status, COUNT(*), 0 FROM document_events GROUP BY status;");
        var counted = await store.Dashboard.DocumentChangesByHourAsync(Now.AddYears(-5), CancellationToken.None);
        counted.GroupBy(c => c.Status).Select(g => (g.Key, g.Sum(c => c.Count), 0L)).OrderBy(c => c.Key, StringComparer.Ordinal)
            .ShouldBe(perStatus.OrderBy(c => c.Key, StringComparer.Ordinal));
    }

    [Fact]
    [Trait("Req", "UI-2")]
    [Trait("Req", "UI-4")]
    [Trait("Req", "UI-5")]
    public async Task The_dashboards_queries_give_the_history_counts_clients_and_pages_of_the_seeded_office()
    {
        var store = await Db.OpenMigratedAsync();
        var office = await SeedAsync(new OfficeSeed.Size(60, 600, 900, 30, Now));
        var queries = store.Dashboard;

        // A document's history, as the trigger recorded each change.
        var history = await queries.DocumentHistoryAsync(office.FinallyFailed.Key, CancellationToken.None);
        history.Select(h => (h.Status, h.Attempts)).ShouldBe([
            (LedgerStatus.Submitting, 0), (LedgerStatus.Retrying, 1), (LedgerStatus.Retrying, 2), (LedgerStatus.Retrying, 3),
            (LedgerStatus.FinallyFailed, 3), (LedgerStatus.FinallyFailed, 3)]);
        history[^1].CompletedAt.ShouldNotBeNull();
        history.Select(h => h.At).ShouldBeInOrder();

        // Counts by hour add up to the documents' and tasks' totals.
        var all = await queries.DocumentsAsync(new DocumentListQuery { Limit = 1 }, CancellationToken.None);
        all.Totals.Values.Sum().ShouldBe(600);
        var changes = await queries.DocumentChangesByHourAsync(Now.AddDays(-40), CancellationToken.None);
        changes.Where(c => c.Status == "Submitting").Sum(c => c.Count).ShouldBe(600); // every document was inserted once
        var notPutAway = await queries.DocumentsAsync(new DocumentListQuery { OnlyNotPutAway = true, Statuses = [LedgerStatus.Approved], Limit = 1 }, CancellationToken.None);
        changes.Where(c => c.Status == "Approved").Sum(c => c.Count)
            .ShouldBe((2 * all.Totals[LedgerStatus.Approved]) - notPutAway.Totals.GetValueOrDefault(LedgerStatus.Approved)); // decided, then put away (or not)
        changes.ShouldAllBe(c => c.Hour.Minute == 0 && c.Hour.Offset == TimeSpan.Zero);
        var tasks = await queries.TaskChangesByHourAsync(Now.AddDays(-40), CancellationToken.None);
        tasks.Sum(t => t.Count).ShouldBe(900);

        // Pages by key: two pages of 50 meet without overlap, newest first, and the totals follow the filter.
        var first = await queries.DocumentsAsync(new DocumentListQuery { Limit = 50 }, CancellationToken.None);
        var second = await queries.DocumentsAsync(new DocumentListQuery { Limit = 50, After = first.Next }, CancellationToken.None);
        second.Rows.Select(r => r.Key).Intersect(first.Rows.Select(r => r.Key)).ShouldBeEmpty();
        first.Rows.Concat(second.Rows).Select(r => r.CreatedAt).ShouldBeInOrder(SortDirection.Descending);
        var client = office.FinallyFailed.Client;
        var ofClient = await queries.DocumentsAsync(new DocumentListQuery { Client = client, Statuses = [LedgerStatus.FinallyFailed], Limit = 500 }, CancellationToken.None);
        ofClient.Rows.ShouldAllBe(r => r.ClientNumber == client && r.Status == LedgerStatus.FinallyFailed);
        ofClient.Totals[LedgerStatus.FinallyFailed].ShouldBe(ofClient.Rows.Count);
        var failedTasks = await queries.TasksAsync(new TaskListQuery { Statuses = [QueuedTaskStatus.Failed], Limit = 5 }, CancellationToken.None);
        failedTasks.Rows.ShouldAllBe(t => t.Status == QueuedTaskStatus.Failed);
        var moreTasks = await queries.TasksAsync(new TaskListQuery { Statuses = [QueuedTaskStatus.Failed], Limit = 500, After = long.Parse(failedTasks.Next!, System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None);
        (failedTasks.Rows.Count + moreTasks.Rows.Count).ShouldBe((int)failedTasks.Totals[QueuedTaskStatus.Failed]);

        // The client monitor: every client once, with its instructions, records and name.
        var clients = await queries.ClientsAsync([new("casewarecloud.clients", ["name"]), new("certipost.relations", ["relation", "name"])], Now.AddDays(-30), CancellationToken.None);
        clients.Select(c => c.Client).Order().ShouldBe(office.Clients.Order());
        var open = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).Where(i => i.TaskId is not null).ToList();
        clients.Sum(c => c.RedInstructions + c.OrangeInstructions).ShouldBe(open.Count);
        clients.Where(c => c.Records.Count > 0).ShouldAllBe(c => c.Name == office.ClientNames[c.Client]);
        clients.Single(c => c.Client == client).FailedDocuments.ShouldBeGreaterThan(0);
        var attention = await queries.AttentionAsync(Now.AddDays(-30), CancellationToken.None);
        attention.Single(a => a.Kind == AttentionKind.DocumentsFinallyFailed).Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    [Trait("Req", "UI-4")]
    [Trait("Req", "AT-9")]
    public async Task Monitoring_pages_by_key_what_needs_a_person_first_then_the_rest_each_newest_first_with_the_totals_of_the_filter()
    {
        var store = await Db.OpenMigratedAsync();
        var office = await SeedAsync(new OfficeSeed.Size(60, 10, 3_000, 30, Now));
        var queries = store.Dashboard;
        var shown = await IdsAsync("SELECT id FROM tasks WHERE status = 'Failed' OR instruction_id IS NOT NULL;");
        var needing = await IdsAsync("SELECT id FROM tasks WHERE status = 'Failed' OR id IN (SELECT task_id FROM instructions WHERE resolved_at IS NULL AND task_id IS NOT NULL);");
        needing.Count.ShouldBeGreaterThan(20);
        shown.Count.ShouldBeGreaterThan(needing.Count); // done tasks whose instruction was resolved: the rest

        // Pages of 20 that meet: every task of the filter once, those that need a person first, each part newest first.
        var seen = new List<QueuedTask>();
        var keys = new List<string>();
        MonitoringCursor? after = null;
        do
        {
            var page = await queries.MonitoringAsync(new MonitoringListQuery { Limit = 20, After = after, WithTotals = after is null }, CancellationToken.None);
            (page.Next is null || page.Rows.Count == 20).ShouldBeTrue();
            if (after is null)
            {
                page.NeedAPerson.ShouldBe(needing.Count);
                page.Totals.Values.Sum().ShouldBe(shown.Count);
                page.Totals[QueuedTaskStatus.Failed].ShouldBe(await CountAsync("SELECT COUNT(*) FROM tasks WHERE status = 'Failed';"));
            }
            else
            {
                page.Totals.ShouldBeEmpty();
            }

            seen.AddRange(page.Rows);
            after = page.Next;
            if (after is not null)
            {
                MonitoringCursor.TryParse(after.ToString(), out var read).ShouldBeTrue();
                read.ShouldBe(after);
                keys.Add(after.ToString());
            }
        }
        while (after is not null);
        seen.Select(t => t.Id).ShouldBe([.. needing.OrderDescending(), .. shown.Except(needing).OrderDescending()]);
        keys.ShouldContain(k => k.StartsWith("need-", StringComparison.Ordinal));
        var rest = shown.Except(needing).OrderDescending().ToList();
        var restFirst = await queries.MonitoringAsync(new MonitoringListQuery { Limit = 5, After = new MonitoringCursor(Rest: true, null) }, CancellationToken.None);
        restFirst.Rows.Select(t => t.Id).ShouldBe(rest.Take(5));
        restFirst.Next.ShouldBe(new MonitoringCursor(Rest: true, rest[4]));
        (await queries.MonitoringAsync(new MonitoringListQuery { Limit = 500, After = restFirst.Next }, CancellationToken.None)).Rows.Select(t => t.Id).ShouldBe(rest.Skip(5));

        // One dossier; every task of it ("all"), the failed one first.
        var dossier = seen.Single(t => t.Id == office.RedTask).Dossier;
        var ofDossier = await queries.MonitoringAsync(new MonitoringListQuery { Dossier = dossier, All = true, Limit = 500 }, CancellationToken.None);
        ofDossier.Rows.Select(t => t.Id).Order().ShouldBe((await IdsAsync($"SELECT id FROM tasks WHERE dossier = '{dossier}';")).Order());
        ofDossier.Rows[0].Status.ShouldBe(QueuedTaskStatus.Failed);
        ofDossier.Totals.Values.Sum().ShouldBe(ofDossier.Rows.Count);

        // A resolved instruction resumes its task: it leaves the part that needs a person, and the count follows.
        var instruction = seen.Single(t => t.Id == office.RedTask).InstructionId!.Value;
        (await store.Instructions.ResolveAsync(instruction, "dashboard:anna", CancellationToken.None)).ShouldBeTrue();
        var first = await queries.MonitoringAsync(new MonitoringListQuery { Limit = 500 }, CancellationToken.None);
        first.NeedAPerson.ShouldBe(needing.Count - 1);
        first.Rows.Select(t => t.Id).ToList().IndexOf(office.RedTask).ShouldBe(needing.Count - 1 + shown.Except(needing).Count(id => id > office.RedTask));

        // Keys a person did not get from a page are not keys.
        foreach (var bad in new[] { "12", "need-", "need", "rest-x", "rest--1", "open-5" })
        {
            MonitoringCursor.TryParse(bad, out _).ShouldBeFalse(bad);
        }
    }

    private async Task<List<long>> IdsAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<long>();
        while (await reader.ReadAsync())
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        return ids;
    }

    private async Task<long> CountAsync(string sql) => (await IdsAsync(sql)).Single();

    [Fact]
    [Trait("Req", "UI-4")]
    public async Task The_audit_log_and_the_records_page_by_key_with_totals_by_their_text_statuses_and_filters()
    {
        var store = await Db.OpenMigratedAsync();
        var office = await SeedAsync(new OfficeSeed.Size(200, 100, 3_000, 30, Now));
        var queries = store.Dashboard;

        // The audit log: pages of ids, newest first, that meet; the totals by action add up to every line.
        var first = await queries.AuditAsync(new AuditListQuery { Limit = 40 }, CancellationToken.None);
        first.Rows.Count.ShouldBe(40);
        first.Rows.Select(r => r.Id).ShouldBeInOrder(SortDirection.Descending);
        var rest = await queries.AuditAsync(new AuditListQuery { Limit = 100_000, After = long.Parse(first.Next!, System.Globalization.CultureInfo.InvariantCulture), WithTotals = false }, CancellationToken.None);
        rest.Rows.Max(r => r.Id).ShouldBeLessThan(first.Rows.Min(r => r.Id));
        rest.Next.ShouldBeNull();
        rest.Totals.ShouldBeEmpty();
        (first.Rows.Count + rest.Rows.Count).ShouldBe((int)first.Totals.Values.Sum());
        first.Totals.Keys.ShouldContain("task-failed");
        var failed = await queries.AuditAsync(new AuditListQuery { Actions = ["task-failed"], Limit = 100_000 }, CancellationToken.None);
        failed.Rows.Count.ShouldBe((int)first.Totals["task-failed"]);
        failed.Rows.ShouldAllBe(r => r.Action == "task-failed" && r.Subject.StartsWith("task:", StringComparison.Ordinal));
        failed.Totals.ShouldBe(first.Totals); // the totals ignore the action chosen

        // A client's lines (its relation's), within its day, and none after it; a pipeline's lines by author or subject.
        var relation = (await queries.RecordsAsync(new RecordListQuery { Collection = "certipost.relations", Limit = 1 }, CancellationToken.None)).Rows.Single();
        var ofClient = await queries.AuditAsync(new AuditListQuery { Client = relation.Key, From = relation.UpdatedAt.AddMinutes(-1), Until = relation.UpdatedAt.AddMinutes(1) }, CancellationToken.None);
        ofClient.Rows.Select(r => r.Subject).ShouldBe([$"relation:{relation.Key}"]);
        (await queries.AuditAsync(new AuditListQuery { Client = relation.Key, From = relation.UpdatedAt.AddMinutes(1) }, CancellationToken.None)).Rows.ShouldBeEmpty();
        await store.Audit.WriteAsync(new AuditEntry("pipeline:certipost-daily", "run-failed", "certipost", "the package could not be read"), CancellationToken.None);
        await store.Audit.WriteAsync(new AuditEntry("dashboard:anna", "run-now", "pipeline:certipost-daily", string.Empty), CancellationToken.None);
        (await queries.AuditAsync(new AuditListQuery { Pipeline = "certipost-daily" }, CancellationToken.None)).Rows.Select(r => r.Action).ShouldBe(["run-now", "run-failed"]);

        // The records: by key, pages that meet, the totals by the plugin's statuses, the name and detail from the data.
        var clients = await queries.RecordsAsync(new RecordListQuery { Collection = "casewarecloud.clients", NamePath = ["name"], DetailPath = ["reason"], Limit = 30 }, CancellationToken.None);
        clients.Rows.Select(r => r.Key).ShouldBe(clients.Rows.Select(r => r.Key).Order(StringComparer.Ordinal));
        clients.Rows.ShouldAllBe(r => r.Client == r.Key && r.Name == office.ClientNames[r.Key]);
        var others = await queries.RecordsAsync(new RecordListQuery { Collection = "casewarecloud.clients", Limit = 100_000, After = clients.Next }, CancellationToken.None);
        string.CompareOrdinal(others.Rows[0].Key, clients.Rows[^1].Key).ShouldBeGreaterThan(0);
        (clients.Rows.Count + others.Rows.Count).ShouldBe((int)clients.Totals.Values.Sum());
        clients.Totals.Keys.ShouldBeSubsetOf(["sent", "not-sent", "rejected"]);
        var notSent = await queries.RecordsAsync(new RecordListQuery { Collection = "casewarecloud.clients", DetailPath = ["reason"], Statuses = ["not-sent"], Limit = 100_000 }, CancellationToken.None);
        notSent.Rows.Count.ShouldBe((int)clients.Totals["not-sent"]);
        notSent.Rows.ShouldAllBe(r => r.Status == "not-sent" && r.Detail == "The client is private in AuditCase.");

        // A client found by a path in the data (a contact person's client), and a date range on the last change.
        await store.Records.PutAsync(new StoredRecord("casewarecloud.contacts", "C-1", "sent", $$"""{"contactId":"C-1","clientNumber":"{{relation.Key}}","name":"J. Jansen"}"""), CancellationToken.None);
        var contacts = await queries.RecordsAsync(new RecordListQuery { Collection = "casewarecloud.contacts", ClientPath = ["clientNumber"], NamePath = ["name"], Client = relation.Key }, CancellationToken.None);
        contacts.Rows.Single().ShouldSatisfyAllConditions(r => r.Key.ShouldBe("C-1"), r => r.Client.ShouldBe(relation.Key), r => r.Name.ShouldBe("J. Jansen"));
        var lastWeek = await queries.RecordsAsync(new RecordListQuery { Collection = "certipost.relations", From = Now.AddDays(-3), Until = Now.AddDays(-1), Limit = 100_000 }, CancellationToken.None);
        lastWeek.Rows.ShouldNotBeEmpty();
        lastWeek.Rows.ShouldAllBe(r => r.UpdatedAt >= Now.AddDays(-3) && r.UpdatedAt < Now.AddDays(-1));
        lastWeek.Totals.Values.Sum().ShouldBe(lastWeek.Rows.Count);
    }
}

public sealed class SqliteDashboardQueriesTests : DashboardQueriesTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());

    protected override Task<OfficeSeed.Office> SeedAsync(OfficeSeed.Size size) => OfficeSeed.SqliteAsync(((TempStateDatabase)Db).Path, size);

    protected override Task MigrateToAsync(int version) =>
        new ConnectorHost.State.Sqlite.SqliteMigrations(new ConnectorHost.State.Sqlite.SqliteConnectionFactory(((TempStateDatabase)Db).Path), Db.Clock, [.. ConnectorHost.State.Sqlite.SqliteSchema.Migrations.Take(version)])
            .MigrateAsync(CancellationToken.None);

    protected override async Task<System.Data.Common.DbConnection> ConnectAsync()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={((TempStateDatabase)Db).Path};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}

public sealed class PostgresDashboardQueriesTests(PostgresTestServer server) : DashboardQueriesTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override Task<OfficeSeed.Office> SeedAsync(OfficeSeed.Size size) => OfficeSeed.PostgresAsync(((TempPostgresDatabase)Db).ConnectionString, size);

    protected override Task MigrateToAsync(int version) =>
        new ConnectorHost.State.Postgres.PostgresMigrations(new ConnectorHost.State.Postgres.PostgresConnectionFactory(((TempPostgresDatabase)Db).ConnectionString), Db.Clock, [.. ConnectorHost.State.Postgres.PostgresSchema.Migrations.Take(version)])
            .MigrateAsync(CancellationToken.None);

    protected override async Task<System.Data.Common.DbConnection> ConnectAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(((TempPostgresDatabase)Db).ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
