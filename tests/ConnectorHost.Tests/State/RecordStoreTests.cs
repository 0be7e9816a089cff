using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Tests.State;

public abstract class RecordStoreTests : StateStoreContract
{
    [Fact]
    public async Task Put_get_list_and_delete()
    {
        var records = (await Db.OpenMigratedAsync()).Records;
        await records.PutAsync(new StoredRecord("certipost.relations", "b", "new", "{\"n\":1}"), CancellationToken.None);
        await records.PutAsync(new StoredRecord("certipost.relations", "a", "new", "{}") { Fingerprint = "f1" }, CancellationToken.None);
        await records.PutAsync(new StoredRecord("other", "a", "x", "{}"), CancellationToken.None);

        var a = await records.GetAsync("certipost.relations", "a", CancellationToken.None);
        a.ShouldBe(new StoredRecord("certipost.relations", "a", "new", "{}") { Fingerprint = "f1", UpdatedAt = TempStateDatabase.Start });
        (await records.GetAsync("certipost.relations", "zz", CancellationToken.None)).ShouldBeNull();

        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await records.PutAsync(new StoredRecord("certipost.relations", "a", "submitted", "{\"v\":2}"), CancellationToken.None);

        var replaced = await records.GetAsync("certipost.relations", "a", CancellationToken.None);
        replaced.ShouldBe(new StoredRecord("certipost.relations", "a", "submitted", "{\"v\":2}") { UpdatedAt = TempStateDatabase.Start.AddMinutes(1) });

        var listed = await records.ListAsync("certipost.relations", CancellationToken.None);
        listed.Select(r => r.Key).ShouldBe(["a", "b"]);
        (await records.ListKeysAsync("certipost.relations", CancellationToken.None)).ShouldBe(["a", "b"]);
        (await records.ListKeysAsync("nothing", CancellationToken.None)).ShouldBeEmpty();
        listed[1].Data.ShouldBe("{\"n\":1}");

        (await records.DeleteAsync("certipost.relations", "a", CancellationToken.None)).ShouldBeTrue();
        (await records.DeleteAsync("certipost.relations", "a", CancellationToken.None)).ShouldBeFalse();
        (await records.GetAsync("certipost.relations", "a", CancellationToken.None)).ShouldBeNull();
        (await records.ListAsync("certipost.relations", CancellationToken.None)).Select(r => r.Key).ShouldBe(["b"]);
        (await records.ListAsync("other", CancellationToken.None)).Single().Status.ShouldBe("x");
    }

    [Fact]
    public async Task Put_many_writes_every_record_or_none_as_a_Certipost_batch_needs()
    {
        var records = (await Db.OpenMigratedAsync()).Records;
        await records.PutManyAsync([new StoredRecord("certipost.relations", "1001", "Admitted", "{\"batch\":\"b-1\"}"), new StoredRecord("certipost.relations", "1002", "Admitted", "{\"batch\":\"b-1\"}")], CancellationToken.None);

        // The third record cannot be stored (no status): the batch's other two are not written either.
        await Should.ThrowAsync<Exception>(() => records.PutManyAsync(
            [new StoredRecord("certipost.relations", "1001", "Admitted", "{\"batch\":\"b-2\"}"), new StoredRecord("certipost.relations", "1003", "Admitted", "{}"), new StoredRecord("certipost.relations", "1004", null!, "{}")],
            CancellationToken.None));

        (await records.ListAsync("certipost.relations", CancellationToken.None)).Select(r => (r.Key, r.Data)).ShouldBe([("1001", "{\"batch\":\"b-1\"}"), ("1002", "{\"batch\":\"b-1\"}")]);
    }
}

public sealed class SqliteRecordStoreTests : RecordStoreTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresRecordStoreTests(PostgresTestServer server) : RecordStoreTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
