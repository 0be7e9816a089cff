using ConnectorHost.Abstractions.State;
using ConnectorHost.State;

namespace ConnectorHost.Tests.State;

/// <summary>
/// The pipeline lease (H-5) and its fencing token and heartbeat (H-7), the same on SQLite and PostgreSQL: each "host"
/// is its own store instance on one database, on the test's clock.
/// </summary>
public abstract class PipelineLeaseTests : StateStoreContract
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(30);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    [Trait("Req", "H-5")]
    public async Task One_holder_at_a_time_and_another_takes_over_with_a_larger_token_when_the_lease_runs_out()
    {
        var first = await Db.OpenMigratedAsync();
        var second = await Db.OpenMigratedAsync();

        var taken = await first.Leases.TryAcquireAsync("clientonline", "host-a/1/aa", LeaseTime, null, None);
        var refused = await second.Leases.TryAcquireAsync("clientonline", "host-b/2/bb", LeaseTime, null, None);

        taken.Lease.ShouldNotBeNull();
        refused.Lease.ShouldBeNull();
        refused.HeldBy.ShouldBe("host-a/1/aa");
        refused.HeldUntil.ShouldBe(taken.Lease.ExpiresAt);
        LeaseHolder.Describe(refused.HeldBy!).ShouldBe("host host-a (process 1)");
        (await second.Leases.TryAcquireAsync("other-pipeline", "host-b/2/bb", LeaseTime, null, None)).Lease.ShouldNotBeNull();

        Db.Clock.Advance(LeaseTime + TimeSpan.FromSeconds(1)); // host a died without giving it back
        var takeover = await second.Leases.TryAcquireAsync("clientonline", "host-b/2/bb", LeaseTime, null, None);

        takeover.Lease.ShouldNotBeNull();
        takeover.Lease.Token.ShouldBeGreaterThan(taken.Lease.Token);
        takeover.TakenOverFrom.ShouldBe("host-a/1/aa");
        (await first.Leases.RenewAsync(taken.Lease, LeaseTime, None)).ShouldBeNull(); // a came back: its lease is gone

        await second.Leases.ReleaseAsync(takeover.Lease, None);
        var afterRelease = await first.Leases.TryAcquireAsync("clientonline", "host-a/1/aa", LeaseTime, null, None);
        afterRelease.Lease.ShouldNotBeNull(); // free at once after a release, no waiting for the lease time
        afterRelease.TakenOverFrom.ShouldBeNull();
        (await first.Leases.ListAsync(None)).Single(l => l.Pipeline == "clientonline").Holder.ShouldBe("host-a/1/aa");
    }

    [Fact]
    [Trait("Req", "H-7")]
    public async Task A_renewed_lease_is_not_taken_over_while_its_holder_works()
    {
        var first = await Db.OpenMigratedAsync();
        var second = await Db.OpenMigratedAsync();
        var lease = (await first.Leases.TryAcquireAsync("certipost", "host-a/1/aa", LeaseTime, null, None)).Lease!;

        for (var beat = 0; beat < 5; beat++)
        {
            Db.Clock.Advance(LeaseTime / 3);
            lease = (await first.Leases.RenewAsync(lease, LeaseTime, None)).ShouldNotBeNull();
            (await second.Leases.TryAcquireAsync("certipost", "host-b/2/bb", LeaseTime, null, None)).Lease.ShouldBeNull();
        }

        // 5 × 10 s of work on a 30 s lease: still held by a, with the same token.
        lease.Token.ShouldBe(1);
    }

    [Fact]
    [Trait("Req", "H-7")]
    public async Task Work_that_lost_its_lease_is_refused_at_its_next_write_and_nothing_is_written()
    {
        var first = await Db.OpenMigratedAsync();
        var second = await Db.OpenMigratedAsync();
        var stale = (await first.Leases.TryAcquireAsync("certipost", "host-a/1/aa", LeaseTime, null, None)).Lease!;
        var fence = new WriteFence(stale);
        using (WriteFence.Enter(fence))
        {
            await first.Records.PutAsync(new StoredRecord("test", "before", "ok", "{}"), None);
        }

        Db.Clock.Advance(LeaseTime + TimeSpan.FromSeconds(1)); // a hung longer than its lease; b takes over
        var current = (await second.Leases.TryAcquireAsync("certipost", "host-b/2/bb", LeaseTime, null, None)).Lease!;

        using (WriteFence.Enter(fence))
        {
            var refused = await Should.ThrowAsync<LeaseLostException>(() => first.Records.PutAsync(new StoredRecord("test", "after", "stale", "{}"), None));
            refused.Message.ShouldContain("Pipeline certipost lost its lease");
            fence.Lost.ShouldBeTrue();
        }

        using (WriteFence.Enter(new WriteFence(current)))
        {
            await second.Records.PutAsync(new StoredRecord("test", "after", "current", "{}"), None);
        }

        (await first.Records.GetAsync("test", "before", None)).ShouldNotBeNull();
        (await first.Records.GetAsync("test", "after", None))!.Status.ShouldBe("current");
    }

    [Fact]
    [Trait("Req", "H-5")]
    public async Task A_cron_occurrence_one_host_finished_is_not_run_again_but_an_interrupted_one_is_taken_over()
    {
        var first = await Db.OpenMigratedAsync();
        var second = await Db.OpenMigratedAsync();
        var monday = new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
        var tuesday = monday.AddDays(1);

        var done = (await first.Leases.TryAcquireAsync("certipost-daily", "host-a/1/aa", LeaseTime, monday, None)).Lease!;
        await first.Leases.ReleaseAsync(done, None);
        var again = await second.Leases.TryAcquireAsync("certipost-daily", "host-b/2/bb", LeaseTime, monday, None);

        again.Lease.ShouldBeNull();
        again.OccurrenceDone.ShouldBeTrue();

        var interrupted = (await first.Leases.TryAcquireAsync("certipost-daily", "host-a/1/aa", LeaseTime, tuesday, None)).Lease;
        interrupted.ShouldNotBeNull();
        Db.Clock.Advance(LeaseTime + TimeSpan.FromSeconds(1)); // host a died during Tuesday's run
        var resumed = await second.Leases.TryAcquireAsync("certipost-daily", "host-b/2/bb", LeaseTime, tuesday, None);
        resumed.Lease.ShouldNotBeNull();
        resumed.TakenOverFrom.ShouldBe("host-a/1/aa");
    }

    [Fact]
    [Trait("Req", "H-7")]
    public async Task A_task_lease_renewed_by_its_heartbeat_is_not_taken_over_and_one_that_ran_out_cannot_be_renewed()
    {
        var first = await Db.OpenMigratedAsync();
        var second = await Db.OpenMigratedAsync();
        var lease = TimeSpan.FromMinutes(1);
        await first.Tasks.EnqueueManyAsync([new NewTask("q", "t1", "d1", "run", "{}", Db.Clock.GetUtcNow())], None);
        var held = (await first.Tasks.ClaimNextAsync("q", "host-a/w1", lease, None))!;

        for (var beat = 0; beat < 4; beat++)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(20));
            held = (await first.Tasks.RenewAsync(held, lease, None)).ShouldNotBeNull();
            (await second.Tasks.ClaimNextAsync("q", "host-b/w1", lease, None)).ShouldBeNull();
        }

        Db.Clock.Advance(lease + TimeSpan.FromSeconds(1)); // host a stopped beating
        var takenOver = (await second.Tasks.ClaimNextAsync("q", "host-b/w1", lease, None)).ShouldNotBeNull();
        takenOver.FencingToken.ShouldBeGreaterThan(held.FencingToken);
        (await first.Tasks.RenewAsync(held, lease, None)).ShouldBeNull();
        (await first.Tasks.CompleteAsync(held, None)).ShouldBeFalse();
        (await second.Tasks.CompleteAsync(takenOver, None)).ShouldBeTrue();
    }
}

public sealed class SqlitePipelineLeaseTests : PipelineLeaseTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());
}

public sealed class PostgresPipelineLeaseTests(PostgresTestServer server) : PipelineLeaseTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
