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
}

public sealed class SqliteDashboardQueriesTests : DashboardQueriesTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());

    protected override Task<OfficeSeed.Office> SeedAsync(OfficeSeed.Size size) => OfficeSeed.SqliteAsync(((TempStateDatabase)Db).Path, size);
}

public sealed class PostgresDashboardQueriesTests(PostgresTestServer server) : DashboardQueriesTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override Task<OfficeSeed.Office> SeedAsync(OfficeSeed.Size size) => OfficeSeed.PostgresAsync(((TempPostgresDatabase)Db).ConnectionString, size);
}
