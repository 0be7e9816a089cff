using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Tests.State;

public abstract class AuditLogTests : StateStoreContract
{
    [Fact]
    public async Task Write_and_list_newest_first_by_subject()
    {
        var audit = (await Db.OpenMigratedAsync()).Audit;
        await audit.WriteAsync(new AuditEntry("alice", "status-changed", "relation:1042", "new -> submitted"), CancellationToken.None);
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await audit.WriteAsync(new AuditEntry("pipeline:certipost", "enrolled", "relation:2077", "ok"), CancellationToken.None);
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await audit.WriteAsync(new AuditEntry("bob", "status-changed", "relation:1042", "submitted -> done"), CancellationToken.None);
        var explicitAt = TempStateDatabase.Start.AddDays(-1);
        await audit.WriteAsync(new AuditEntry("import", "imported", "relation:1042", "old") { At = explicitAt }, CancellationToken.None);

        var all = await audit.ListAsync(null, 10, CancellationToken.None);
        all.Select(e => e.Who).ShouldBe(["bob", "pipeline:certipost", "alice", "import"]);
        all[0].ShouldBe(new AuditEntry("bob", "status-changed", "relation:1042", "submitted -> done") { At = TempStateDatabase.Start.AddMinutes(2) });
        all[3].At.ShouldBe(explicitAt);

        var about1042 = await audit.ListAsync("relation:1042", 2, CancellationToken.None);
        about1042.Select(e => e.Details).ShouldBe(["submitted -> done", "new -> submitted"]);
        (await audit.ListAsync("relation:9999", 10, CancellationToken.None)).ShouldBeEmpty();
    }
}

public sealed class SqliteAuditLogTests : AuditLogTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresAuditLogTests(PostgresTestServer server) : AuditLogTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
