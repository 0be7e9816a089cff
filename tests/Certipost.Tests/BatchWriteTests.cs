using ConnectorHost.Abstractions.State;
using ConnectorHost.Testing;

namespace ConnectorHost.Plugins.Certipost.Tests;

/// <summary>OF-2: computing and sending the list writes the relations' records in batches, not one transaction each.</summary>
public sealed class BatchWriteTests
{
    private const string Office = "anna@kantoor.be";

    [Fact]
    [Trait("Req", "OF-2")]
    public async Task Computing_and_sending_200_relations_reads_them_once_and_writes_them_in_a_few_batches()
    {
        await using var world = await CertipostWorld.StartAsync();
        var numbers = Enumerable.Range(1, 200).Select(i => $"{7000 + i}").ToArray();
        world.WriteCsv(numbers.Select(n => Rows.Row(n)));
        var counting = new CountingState(world.Store);
        using var task = EnrolTaskFactory.CreateTask(world.EnrolTaskSettings(), new TestComponentContext(counting, world.Clock, "certipost-test", world.Root, logs: world.Logs));

        var sent = await task.Enrolment.SendAsync(Office, CancellationToken.None);

        sent.Sent.Count.ShouldBe(200);
        counting.Records.Puts.ShouldBe(0, "no record is written on its own");
        counting.Records.Gets.ShouldBe(0, "no record is read on its own");
        counting.Records.PutManys.ShouldBeLessThanOrEqualTo(3, "read from the package, marked for the batch, submitted: one write each");
        world.Sandbox.State.Accounts.Count.ShouldBe(200);
        (await task.Enrolment.ListAsync(CancellationToken.None)).ShouldAllBe(r => r.Status == RelationStatus.Submitted && r.UnsettledBatch == null);
        var audit = await world.Store.Audit.ListAsync(null, 1000, CancellationToken.None);
        audit.Count(a => a.Action == "status-changed").ShouldBe(400, "each relation's two status changes are in the audit trail");
    }

    internal sealed class CountingState(IStateStore inner) : IStateStore
    {
        public CountingRecords Records { get; } = new(inner.Records);

        IRecordStore IStateStore.Records => Records;

        public ITaskQueue Tasks => inner.Tasks;

        public IInstructionStore Instructions => inner.Instructions;

        public IAuditLog Audit => inner.Audit;
    }

    internal sealed class CountingRecords(IRecordStore inner) : IRecordStore
    {
        public int Gets { get; private set; }

        public int Puts { get; private set; }

        public int PutManys { get; private set; }

        public Task<StoredRecord?> GetAsync(string collection, string key, CancellationToken cancellationToken)
        {
            Gets++;
            return inner.GetAsync(collection, key, cancellationToken);
        }

        public Task PutAsync(StoredRecord record, CancellationToken cancellationToken)
        {
            Puts++;
            return inner.PutAsync(record, cancellationToken);
        }

        public Task PutManyAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
        {
            PutManys++;
            return inner.PutManyAsync(records, cancellationToken);
        }

        public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) => inner.DeleteAsync(collection, key, cancellationToken);

        public Task<IReadOnlyList<StoredRecord>> ListAsync(string collection, CancellationToken cancellationToken) => inner.ListAsync(collection, cancellationToken);
    }
}
