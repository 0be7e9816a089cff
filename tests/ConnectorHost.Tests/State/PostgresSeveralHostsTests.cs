using System.Collections.Concurrent;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State.Postgres;
using Npgsql;

namespace ConnectorHost.Tests.State;

/// <summary>
/// Several hosts on one PostgreSQL database: each host is a store instance with its own pool of connections, on
/// the database's clock, as in production.
/// </summary>
public sealed class PostgresSeveralHostsTests(PostgresTestServer server) : StateStoreContract, IClassFixture<PostgresTestServer>
{
    private const string Queue = "accounting";

    private TempPostgresDatabase Postgres => (TempPostgresDatabase)Db;

    [Fact]
    public async Task Two_hosts_with_two_workers_each_run_every_task_once_in_dossier_order_never_two_of_a_dossier_at_once()
    {
        const int taskCount = 2000;
        const int dossierCount = 50;
        var hosts = new[] { Postgres.OpenOnDatabaseClock(), Postgres.OpenOnDatabaseClock() };
        await Task.WhenAll(hosts.Select(h => h.MigrateAsync(CancellationToken.None)));
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        // The first half delivered in runs of one dossier (the oldest tasks are then mostly of one dossier, and every
        // worker wants it), the second half round the dossiers.
        var delivered = Enumerable.Range(0, taskCount)
            .Select(i => (Index: i, Dossier: i < taskCount / 2 ? i / (taskCount / 2 / dossierCount) : i % dossierCount))
            .Select(t => new NewTask(Queue, $"t{t.Index:0000}", $"d{t.Dossier:00}", "run", "{}", start.AddSeconds(t.Index)))
            .ToList();
        // Each host fetches half of the platform's queue, shuffled: delivery order, not arrival, is the FIFO.
        var shuffled = delivered.OrderBy(_ => Random.Shared.Next()).ToList();
        await Task.WhenAll(
            hosts[0].Tasks.EnqueueManyAsync(shuffled.Take(taskCount / 2).ToList(), CancellationToken.None),
            hosts[1].Tasks.EnqueueManyAsync(shuffled.Skip(taskCount / 2).ToList(), CancellationToken.None));

        var executionOrder = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var running = new ConcurrentDictionary<string, int>();
        var runs = new ConcurrentDictionary<string, int>();
        var perHost = new int[hosts.Length];
        var violations = new ConcurrentBag<string>();
        var completed = 0;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a guard against a hang, not a timing assertion

        async Task Work(int host, int worker)
        {
            var store = hosts[host];
            var name = $"host{host}-w{worker}";
            while (Volatile.Read(ref completed) < taskCount)
            {
                guard.Token.ThrowIfCancellationRequested();
                var lease = await store.Tasks.ClaimNextAsync(Queue, name, TimeSpan.FromMinutes(5), guard.Token);
                if (lease is null)
                {
                    await Task.Delay(1, guard.Token);
                    continue;
                }

                var dossier = lease.Task.Dossier;
                if (running.AddOrUpdate(dossier, 1, (_, n) => n + 1) != 1)
                {
                    violations.Add($"two running tasks in {dossier}");
                }

                runs.AddOrUpdate(lease.Task.ExternalId, 1, (_, n) => n + 1);
                executionOrder.GetOrAdd(dossier, _ => new ConcurrentQueue<string>()).Enqueue(lease.Task.ExternalId);
                await Task.Yield(); // the "work": lets the other workers try this dossier meanwhile
                running.AddOrUpdate(dossier, 0, (_, n) => n - 1);

                if (await store.Tasks.CompleteAsync(lease, guard.Token))
                {
                    Interlocked.Increment(ref perHost[host]);
                    Interlocked.Increment(ref completed);
                }
                else
                {
                    violations.Add($"lease on {lease.Task.ExternalId} lost");
                }
            }
        }

        await Task.WhenAll(
            from host in Enumerable.Range(0, hosts.Length)
            from worker in Enumerable.Range(0, 2)
            select Task.Run(() => Work(host, worker)));

        violations.ShouldBeEmpty();
        runs.Count.ShouldBe(taskCount);
        runs.Values.ShouldAllBe(n => n == 1);
        perHost.ShouldAllBe(n => n > 0); // both hosts took part
        foreach (var group in delivered.GroupBy(t => t.Dossier))
        {
            executionOrder[group.Key].ToList().ShouldBe(group.Select(t => t.ExternalId).ToList(), $"order of {group.Key}");
        }

        var all = await hosts[0].Tasks.ListAsync(new TaskQuery(Queue, Limit: taskCount + 1), CancellationToken.None);
        all.Count.ShouldBe(taskCount);
        all.ShouldAllBe(t => t.Status == QueuedTaskStatus.Done && t.Attempts == 1);
    }

    [Fact]
    public async Task Leases_run_on_the_database_clock_and_another_host_takes_over_an_expired_one()
    {
        var first = Postgres.OpenOnDatabaseClock();
        var second = Postgres.OpenOnDatabaseClock();
        await first.MigrateAsync(CancellationToken.None);
        await first.Tasks.EnqueueAsync(new NewTask(Queue, "A1", "A", "run", "{}", DateTimeOffset.UtcNow), CancellationToken.None);
        await first.Tasks.EnqueueAsync(new NewTask(Queue, "B1", "B", "run", "{}", DateTimeOffset.UtcNow.AddSeconds(1)), CancellationToken.None);

        // A held lease: ten minutes, far longer than any pause a loaded machine makes, so "not taken" is deterministic.
        var before = await DatabaseNowAsync();
        var held = (await first.Tasks.ClaimNextAsync(Queue, "host1", TimeSpan.FromMinutes(10), CancellationToken.None)).ShouldNotBeNull();
        var after = await DatabaseNowAsync();
        held.Task.ExternalId.ShouldBe("A1");
        held.LeasedUntil.ShouldBeGreaterThanOrEqualTo(before.AddMinutes(10)); // on the database's clock
        held.LeasedUntil.ShouldBeLessThanOrEqualTo(after.AddMinutes(10));

        // An expiring lease: one second; the second host takes it once the database's clock has passed it, however
        // long that takes here (the wait is a loop on the database clock, not a timing assertion).
        var expiring = (await first.Tasks.ClaimNextAsync(Queue, "host1", TimeSpan.FromSeconds(1), CancellationToken.None)).ShouldNotBeNull();
        expiring.Task.ExternalId.ShouldBe("B1");
        TaskLease? taken = null;
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a guard against a hang
        while (taken is null)
        {
            var now = await DatabaseNowAsync();
            taken = await second.Tasks.ClaimNextAsync(Queue, "host2", TimeSpan.FromMinutes(10), CancellationToken.None);
            if (taken is null)
            {
                now.ShouldBeLessThan(expiring.LeasedUntil.AddSeconds(5), "the lease of B1 expired seconds ago on the database clock, yet nobody could take it");
                await Task.Delay(100, guard.Token);
            }
        }

        (await DatabaseNowAsync()).ShouldBeGreaterThanOrEqualTo(expiring.LeasedUntil);
        taken.Task.Id.ShouldBe(expiring.Task.Id, "the held lease of A1 is never taken over");
        taken.FencingToken.ShouldBeGreaterThan(expiring.FencingToken);
        taken.Task.Attempts.ShouldBe(2);
        (await first.Tasks.CompleteAsync(expiring, CancellationToken.None)).ShouldBeFalse(); // fenced off
        (await second.Tasks.CompleteAsync(taken, CancellationToken.None)).ShouldBeTrue();
        (await second.Tasks.ClaimNextAsync(Queue, "host2", TimeSpan.FromMinutes(10), CancellationToken.None)).ShouldBeNull("A1 is still leased to host1");
        (await first.Tasks.CompleteAsync(held, CancellationToken.None)).ShouldBeTrue();
    }

    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    private async Task<DateTimeOffset> DatabaseNowAsync()
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT clock_timestamp();", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetFieldValue<DateTimeOffset>(0);
    }
}
