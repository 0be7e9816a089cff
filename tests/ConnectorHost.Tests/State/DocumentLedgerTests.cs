using ConnectorHost.State;

namespace ConnectorHost.Tests.State;

public abstract class DocumentLedgerTests : StateStoreContract
{
    [Fact]
    public async Task Insert_if_new_stores_every_field_and_returns_the_existing_entry_the_second_time()
    {
        var ledger = (await Db.OpenMigratedAsync()).Documents;
        var entry = Entry("k1", "a.xbrl") with
        {
            ClientNumber = "1042",
            DocumentType = "jaarrekening",
            PeriodFrom = new DateOnly(2025, 1, 1),
            PeriodTo = new DateOnly(2025, 12, 31),
            NextAttemptAt = TempStateDatabase.Start.AddHours(1),
            PortalReference = "ref",
            Reason = "why",
            Attempts = 2,
        };

        var (stored, inserted) = await ledger.InsertIfNewAsync(entry, CancellationToken.None);

        inserted.ShouldBeTrue();
        stored.ShouldBe(entry with { CreatedAt = TempStateDatabase.Start, UpdatedAt = TempStateDatabase.Start });

        Db.Clock.Advance(TimeSpan.FromMinutes(5));
        var (again, insertedAgain) = await ledger.InsertIfNewAsync(
            Entry("k1", "renamed.xbrl") with { Locator = "/elsewhere", Status = LedgerStatus.Pending }, CancellationToken.None);

        insertedAgain.ShouldBeFalse();
        again.ShouldBe(stored);
        (await ledger.GetAsync("k1", CancellationToken.None)).ShouldBe(stored);
        (await ledger.GetAsync("unknown", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Update_applies_the_change_and_keeps_what_is_null()
    {
        var ledger = (await Db.OpenMigratedAsync()).Documents;
        await ledger.InsertIfNewAsync(Entry("k1", "a.pdf") with { Reason = "first" }, CancellationToken.None);

        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        var retryAt = Db.Clock.GetUtcNow().AddMinutes(10);
        var retrying = await ledger.UpdateAsync(
            "k1", new LedgerChange(LedgerStatus.Retrying) { CountAttempt = true, NextAttemptAt = retryAt, Reason = "timeout" }, CancellationToken.None);

        retrying.Status.ShouldBe(LedgerStatus.Retrying);
        retrying.Attempts.ShouldBe(1);
        retrying.NextAttemptAt.ShouldBe(retryAt);
        retrying.Reason.ShouldBe("timeout");
        retrying.CreatedAt.ShouldBe(TempStateDatabase.Start);
        retrying.UpdatedAt.ShouldBe(TempStateDatabase.Start.AddMinutes(1));

        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        var pending = await ledger.UpdateAsync(
            "k1", new LedgerChange(LedgerStatus.Pending) { CountAttempt = true, PortalReference = "P-7" }, CancellationToken.None);

        pending.Status.ShouldBe(LedgerStatus.Pending);
        pending.Attempts.ShouldBe(2);
        pending.NextAttemptAt.ShouldBeNull();
        pending.PortalReference.ShouldBe("P-7");
        pending.Reason.ShouldBe("timeout");
        pending.CompletedAt.ShouldBeNull();

        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        var approved = await ledger.UpdateAsync(
            "k1", new LedgerChange(LedgerStatus.Approved) { Reason = "ok", Completed = true }, CancellationToken.None);

        approved.Status.ShouldBe(LedgerStatus.Approved);
        approved.Attempts.ShouldBe(2);
        approved.PortalReference.ShouldBe("P-7");
        approved.Reason.ShouldBe("ok");
        approved.CompletedAt.ShouldBe(TempStateDatabase.Start.AddMinutes(3));
        approved.UpdatedAt.ShouldBe(TempStateDatabase.Start.AddMinutes(3));
        (await ledger.GetAsync("k1", CancellationToken.None)).ShouldBe(approved);
    }

    [Fact]
    public async Task Retrying_again_without_a_moment_keeps_the_next_attempt()
    {
        var ledger = (await Db.OpenMigratedAsync()).Documents;
        await ledger.InsertIfNewAsync(Entry("k1", "a.pdf"), CancellationToken.None);
        var retryAt = TempStateDatabase.Start.AddMinutes(10);
        await ledger.UpdateAsync("k1", new LedgerChange(LedgerStatus.Retrying) { NextAttemptAt = retryAt }, CancellationToken.None);

        var again = await ledger.UpdateAsync("k1", new LedgerChange(LedgerStatus.Retrying) { Reason = "still down" }, CancellationToken.None);

        again.NextAttemptAt.ShouldBe(retryAt);
    }

    [Fact]
    public async Task Updating_an_unknown_key_names_the_key()
    {
        var ledger = (await Db.OpenMigratedAsync()).Documents;

        var error = await Should.ThrowAsync<InvalidOperationException>(
            () => ledger.UpdateAsync("no-such-key", new LedgerChange(LedgerStatus.Pending), CancellationToken.None));

        error.Message.ShouldContain("no-such-key");
    }

    [Fact]
    public async Task List_filters_by_pipeline_status_completion_and_search_oldest_first()
    {
        var ledger = (await Db.OpenMigratedAsync()).Documents;
        await Insert(ledger, Entry("k1", "Jaarrekening_1042.xbrl", "p1") with { ClientNumber = "1042" });
        await Insert(ledger, Entry("k2", "aangifte.pdf", "p1") with { ClientNumber = "2077", Status = LedgerStatus.Pending });
        await Insert(ledger, Entry("k3", "other_100%.pdf", "p2") with { Status = LedgerStatus.Pending });
        await Insert(ledger, Entry("k4", "done.pdf", "p1") with { Status = LedgerStatus.Approved });
        await ledger.UpdateAsync("k4", new LedgerChange(LedgerStatus.Approved) { Completed = true }, CancellationToken.None);

        (await Keys(ledger, new LedgerQuery())).ShouldBe(["k1", "k2", "k3", "k4"]);
        (await Keys(ledger, new LedgerQuery(Pipeline: "p1"))).ShouldBe(["k1", "k2", "k4"]);
        (await Keys(ledger, new LedgerQuery(Statuses: [LedgerStatus.Pending]))).ShouldBe(["k2", "k3"]);
        (await Keys(ledger, new LedgerQuery(Pipeline: "p1", Statuses: [LedgerStatus.Pending, LedgerStatus.Approved]))).ShouldBe(["k2", "k4"]);
        (await Keys(ledger, new LedgerQuery(Statuses: []))).ShouldBeEmpty();
        (await Keys(ledger, new LedgerQuery(Pipeline: "p1", OnlyNotCompleted: true))).ShouldBe(["k1", "k2"]);
        (await Keys(ledger, new LedgerQuery(Search: "jaarREKENING"))).ShouldBe(["k1"]);
        (await Keys(ledger, new LedgerQuery(Search: "207"))).ShouldBe(["k2"]);
        (await Keys(ledger, new LedgerQuery(Search: "104"))).ShouldBe(["k1"]);
        (await Keys(ledger, new LedgerQuery(Search: "0%"))).ShouldBe(["k3"]);
        (await Keys(ledger, new LedgerQuery(Search: "_"))).ShouldBe(["k1", "k3"]);
        (await Keys(ledger, new LedgerQuery(Search: ".pdf", Limit: 2))).ShouldBe(["k2", "k3"]);
    }

    [Fact]
    public async Task Concurrent_writes_all_land_and_one_that_fails_fails_alone()
    {
        var ledger = (await Db.OpenMigratedAsync()).Documents;

        var inserts = Enumerable.Range(0, 40).Select(i => ledger.InsertIfNewAsync(Entry($"k{i}", $"{i}.pdf"), CancellationToken.None)).ToList();
        var failing = ledger.UpdateAsync("no-such-key", new LedgerChange(LedgerStatus.Pending), CancellationToken.None);
        var results = await Task.WhenAll(inserts);
        (await Should.ThrowAsync<InvalidOperationException>(failing)).Message.ShouldContain("no-such-key");

        results.ShouldAllBe(r => r.Inserted);
        var updates = Enumerable.Range(0, 40).Select(i => ledger.UpdateAsync($"k{i}", new LedgerChange(LedgerStatus.Pending) { PortalReference = $"ref-{i}" }, CancellationToken.None));
        (await Task.WhenAll(updates)).ShouldAllBe(e => e.Status == LedgerStatus.Pending);
        var stored = await ledger.ListAsync(new LedgerQuery(Limit: 100), CancellationToken.None);
        stored.Count.ShouldBe(40);
        stored.ShouldAllBe(e => e.Status == LedgerStatus.Pending && e.PortalReference == "ref-" + e.Key.Substring(1));
    }

    private async Task Insert(IDocumentLedger ledger, LedgerEntry entry)
    {
        (await ledger.InsertIfNewAsync(entry, CancellationToken.None)).Inserted.ShouldBeTrue();
        Db.Clock.Advance(TimeSpan.FromSeconds(1));
    }

    private static async Task<List<string>> Keys(IDocumentLedger ledger, LedgerQuery query) =>
        (await ledger.ListAsync(query, CancellationToken.None)).Select(e => e.Key).ToList();

    private static LedgerEntry Entry(string key, string fileName, string pipeline = "clientonline") => new()
    {
        Key = key,
        Pipeline = pipeline,
        Locator = "/in/" + fileName,
        FileName = fileName,
        Status = LedgerStatus.Submitting,
    };
}

public sealed class SqliteDocumentLedgerTests : DocumentLedgerTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresDocumentLedgerTests(PostgresTestServer server) : DocumentLedgerTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
