using System.Collections.Concurrent;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Testing;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

/// <summary>
/// The sync reconciles the export in batches (<c>batchSize</c>): the rules that span the whole export hold across
/// batch boundaries, and the records are read a batch at a time.
/// </summary>
public sealed class BatchTests
{
    private static TestClient[] Clients(int count) =>
        Enumerable.Range(1, count).Select(i => new TestClient($"{5000 + i}", $"Client {i} BV")
        {
            Contacts = [new TestContact($"{i}-1", $"a@client{i}.nl", "Anna")],
        }).ToArray();

    [Fact]
    [Trait("Req", "OF-5")]
    public async Task The_client_records_are_read_a_batch_at_a_time_each_batch_after_the_one_before_was_written()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(7));
        var records = new ObservedRecords(world.Store.Records);
        await using var context = new TestComponentContext(new ObservedState(world.Store, records), world.Clock, "casewarecloud-test", world.Root, logs: world.Logs);
        using var task = CaseWareCloudSyncFactory.CreateTask(world.Settings(s => s.BatchSize = 3), context);

        var report = await task.SyncAsync(CancellationToken.None);

        report.ClientsCreated.ShouldBe(7);
        var clients = records.Events.Where(e => e.Collection == SyncRecords.Clients).ToList();
        var firstWrite = clients.FindIndex(e => e.What == "put");
        clients.Take(firstWrite).Select(e => e.What).ShouldBe(["keys", "get", "get", "get"], "only the first batch's records are read before the first is written");
        clients.Where(e => e.What == "get").Select(e => e.Key).ShouldBe(Enumerable.Range(1, 7).Select(i => $"{5000 + i}"), ignoreOrder: true, "each client's record is read once, by its key");
        var lastGetOfBatch2 = clients.FindLastIndex(e => e is { What: "get", Key: "5006" or "5005" or "5004" });
        clients.Take(lastGetOfBatch2).Count(e => e.What == "put").ShouldBe(3, "the second batch is read after the first batch's three records were written");
        clients.Count(e => e.What == "keys").ShouldBe(1, "the keys are listed once, only to find the clients that left the export");
        clients.ShouldNotContain(e => e.What == "list", "no run reads every record whole");
        clients.FindIndex(e => e.What == "keys").ShouldBeLessThan(clients.FindIndex(e => e.What == "get"), "before the first batch: a first run lists an empty collection");
    }

    [Fact]
    [Trait("Req", "CW-5")]
    public async Task Each_contact_person_is_sent_with_its_own_clients_entity_across_batches()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var clients = Clients(5);
        clients[0] = clients[0] with { Contacts = [] };
        clients[2] = clients[2] with { LinkWithCaseWareCloud = false };
        clients[4] = clients[4] with { Contacts = [new TestContact("5-1", "a@client5.nl", "Anna"), new TestContact("5-2", "b@client5.nl", "Bert")] };
        world.WriteExport(clients);

        var report = await world.SyncAsync(s => s.BatchSize = 2);

        report.ClientsCreated.ShouldBe(4);
        report.ContactsCreated.ShouldBe(4);
        foreach (var (email, client) in new[] { ("a@client2.nl", "5002"), ("a@client4.nl", "5004"), ("a@client5.nl", "5005"), ("b@client5.nl", "5005") })
        {
            world.ContactOf(email).EntityId.ShouldBe(world.EntityOf(client).Id, $"{email} belongs to client {client}");
        }

        (await world.ContactRecordAsync("3-1"))!.ReasonCode.ShouldBe(Reasons.ClientNotSent);
        world.Sandbox.State.Contacts.ShouldNotContain(c => c.Email == "a@client3.nl");
    }

    [Fact]
    [Trait("Req", "CW-7")]
    public async Task Two_contact_persons_with_one_login_in_different_batches_are_both_held_back()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var clients = Clients(4);
        clients[0] = clients[0] with { Contacts = [new TestContact("1-1", "Gedeeld@Kantoor.nl", "Anna")] };
        clients[3] = clients[3] with { Contacts = [new TestContact("4-1", "gedeeld@kantoor.NL", "Dirk")] };
        world.WriteExport(clients);

        var report = await world.SyncAsync(s => s.BatchSize = 1);

        report.ContactsCreated.ShouldBe(2);
        report.ContactsNotSent.ShouldBe(2);
        var first = await world.ContactRecordAsync("1-1");
        first!.ReasonCode.ShouldBe(Reasons.SharedEmail);
        first.Reason!.ShouldContain("4-1 Dirk van Dijk (client 5004)");
        (await world.ContactRecordAsync("4-1"))!.Reason!.ShouldContain("1-1 Anna van Dijk (client 5001)");
        world.Sandbox.State.Contacts.ShouldNotContain(c => c.Email.Contains("gedeeld", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    [Trait("Req", "CW-6")]
    public async Task A_client_and_a_contact_person_that_left_the_export_are_deactivated_and_revoked_whatever_their_batch()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var clients = Clients(5);
        world.WriteExport(clients);
        await world.SyncAsync(s => s.BatchSize = 2);

        world.WriteExport(clients[0], clients[2], clients[3] with { Contacts = [] }, clients[4]);
        world.Sandbox.State.ResetCalls();
        var report = await world.SyncAsync(s => s.BatchSize = 2);

        report.ClientsDeactivated.ShouldBe(1);
        report.ContactsRevoked.ShouldBe(2, "client 5002's contact person went with it, client 5004's left on its own");
        world.EntityOf("5002").Status.ShouldBe("Inactive");
        world.ContactOf("a@client4.nl").HasAccess.ShouldBeFalse();
        world.ContactOf("a@client2.nl").HasAccess.ShouldBeFalse();
        world.Sandbox.State.Entities.Count(e => e.Status == "Active").ShouldBe(4);
        (await world.ClientRecordAsync("5002")).ShouldBeNull();
        (await world.ContactRecordAsync("4-1")).ShouldBeNull();
        report.ClientsUnchanged.ShouldBe(4);
    }

    [Fact]
    [Trait("Req", "OF-3")]
    public async Task A_crash_between_batches_after_CaseWare_Cloud_took_a_create_resumes_without_duplicates()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(Clients(10));

        // The crash: the fifth client (in the second batch of three) is created in CaseWare Cloud, the process dies
        // before its record is written.
        var records = new ObservedRecords(world.Store.Records) { FailPut = (collection, count) => collection == SyncRecords.Clients && count == 5 };
        await using (var context = new TestComponentContext(new ObservedState(world.Store, records), world.Clock, "casewarecloud-test", world.Root, logs: world.Logs))
        {
            using var task = CaseWareCloudSyncFactory.CreateTask(world.Settings(s => s.BatchSize = 3), context);
            await Should.ThrowAsync<IOException>(() => task.SyncAsync(CancellationToken.None));
        }

        world.Sandbox.State.Entities.Count.ShouldBeGreaterThanOrEqualTo(5);
        var report = await world.SyncAsync(s => s.BatchSize = 3);

        world.Sandbox.State.Entities.Select(e => e.EntityNo).ShouldBe(Enumerable.Range(1, 10).Select(i => $"{5000 + i}"), ignoreOrder: true);
        world.Sandbox.State.Contacts.Count.ShouldBe(10);
        report.ClientsMatched.ShouldBeGreaterThanOrEqualTo(1, "the entity CaseWare Cloud took before the crash is found by its client number");
        (report.ClientsCreated + report.ClientsMatched + report.ClientsUnchanged).ShouldBe(10);
    }

    /// <summary>The state store with <see cref="ObservedRecords"/> for its records.</summary>
    private sealed class ObservedState(IStateStore inner, IRecordStore records) : IStateStore
    {
        public IRecordStore Records => records;

        public ITaskQueue Tasks => inner.Tasks;

        public IInstructionStore Instructions => inner.Instructions;

        public IAuditLog Audit => inner.Audit;
    }

    /// <summary>The real record store, with each read and write noted in order; a write can be made to fail like a crash.</summary>
    private sealed class ObservedRecords(IRecordStore inner) : IRecordStore
    {
        private readonly ConcurrentDictionary<string, int> _puts = new();

        public ConcurrentQueue<(string What, string Collection, string? Key)> Events { get; } = new();

        public Func<string, int, bool>? FailPut { get; init; }

        public Task<StoredRecord?> GetAsync(string collection, string key, CancellationToken cancellationToken)
        {
            Events.Enqueue(("get", collection, key));
            return inner.GetAsync(collection, key, cancellationToken);
        }

        public Task PutAsync(StoredRecord record, CancellationToken cancellationToken)
        {
            var count = _puts.AddOrUpdate(record.Collection, 1, (_, n) => n + 1);
            if (FailPut?.Invoke(record.Collection, count) == true)
            {
                throw new IOException("the process died before the record was written");
            }

            Events.Enqueue(("put", record.Collection, record.Key));
            return inner.PutAsync(record, cancellationToken);
        }

        public Task PutManyAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken) => inner.PutManyAsync(records, cancellationToken);

        public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) => inner.DeleteAsync(collection, key, cancellationToken);

        public Task<IReadOnlyList<StoredRecord>> ListAsync(string collection, CancellationToken cancellationToken)
        {
            Events.Enqueue(("list", collection, null));
            return inner.ListAsync(collection, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListKeysAsync(string collection, CancellationToken cancellationToken)
        {
            Events.Enqueue(("keys", collection, null));
            return inner.ListKeysAsync(collection, cancellationToken);
        }
    }
}
