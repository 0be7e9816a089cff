using ConnectorHost.State;
using ConnectorHost.State.Sqlite;

namespace ConnectorHost.Tests.State;

/// <summary>The group commit's writer connection across an idle pause (a real SQLite file).</summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly TempStateDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Writes_after_the_writer_was_closed_for_being_idle_land_on_a_new_connection()
    {
        var ledger = (await _db.OpenMigratedAsync()).Documents;
        (await ledger.InsertIfNewAsync(Entry("before"), CancellationToken.None)).Inserted.ShouldBeTrue();

        await Task.Delay(SqliteGroupCommit.KeepOpenWhileIdle + TimeSpan.FromMilliseconds(500));
        var after = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ledger.InsertIfNewAsync(Entry($"after-{i}"), CancellationToken.None)));
        await ledger.UpdateAsync("before", new LedgerChange(LedgerStatus.Pending) { PortalReference = "CO-1" }, CancellationToken.None);

        after.ShouldAllBe(r => r.Inserted);
        var stored = await (await _db.OpenMigratedAsync()).Documents.ListAsync(new LedgerQuery(Limit: 100), CancellationToken.None);
        stored.Count.ShouldBe(9);
        stored.Single(e => e.Key == "before").PortalReference.ShouldBe("CO-1");
    }

    private static LedgerEntry Entry(string key) => new()
    {
        Key = key,
        Pipeline = "clientonline",
        Locator = "/in/" + key + ".pdf",
        FileName = key + ".pdf",
        Status = LedgerStatus.Submitting,
    };
}
