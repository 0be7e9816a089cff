using System.Net;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using ConnectorHost.Plugins.ClientOnline.Import;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// The import's crash safety, write by write: the process "dies" at each of the state store writes of an import of two
/// clients (one with two PIN users, one with one), the import then runs again over the real store, and every client and
/// user is at the portal once, each user has one letter whose PIN the portal accepts, and nothing is left unfinished.
/// The import writes only what a crash needs (OF-2): the clients' "creating" records in one batch, then two writes per
/// PIN user ("letter-written" before the PIN goes to the portal, "done" after).
/// </summary>
public sealed class CrashPointTests
{
    /// <summary>The writes of the import below: one batch of both clients' "creating" records, two for each of the three users.</summary>
    private const int Writes = 7;

    public static TheoryData<int> CrashPoints() => [.. Enumerable.Range(1, Writes)];

    [Theory]
    [Trait("Req", "PO-3")]
    [Trait("Req", "PO-6")]
    [MemberData(nameof(CrashPoints))]
    public async Task A_crash_at_any_write_is_finished_by_the_next_run_without_a_client_or_user_twice_and_with_letters_the_portal_accepts(int crashAt)
    {
        await using var h = await StartAsync();
        var settings = WriteExport(h);
        var dying = new CrashingState(h.Store, crashAt);

        await Should.ThrowAsync<SimulatedCrashException>(() => RunAsync(h.Create(settings, dying), "import"));

        dying.Crashed.ShouldBeTrue($"the import died at write {crashAt}");
        var restarted = h.Create(settings);
        var result = await RunAsync(restarted, "import");
        result.Succeeded.ShouldBeTrue(result.Summary);
        Lines(result).Values.Select(l => l.Status).ShouldAllBe(s => s == "Created" || s == "Completed" || s == "Already present");
        await EndStateIsRightAsync(h, restarted);
    }

    [Fact]
    [Trait("Req", "OF-2")]
    public async Task The_import_writes_the_clients_creating_records_in_one_batch_and_two_records_per_pin_user()
    {
        await using var h = await StartAsync();
        var settings = WriteExport(h);
        var counting = new CrashingState(h.Store, crashAt: int.MaxValue);
        var task = h.Create(settings, counting);

        var result = await RunAsync(task, "import");

        result.Succeeded.ShouldBeTrue(result.Summary);
        counting.Writes.ShouldBe(Writes, "one batch of 'creating' records, then 'letter-written' and 'done' for each user");
        await EndStateIsRightAsync(h, task);
    }

    private static ClientImportSettings WriteExport(ImportHarness h)
    {
        h.Write("clients.csv", $"""
            {PortalSetupTests.Header}
            Bakkerij Jansen BV,11111111,,Dorpsstraat 1,1234 AB,Utrecht,,,,,jansen,Piet Jansen,,
            Smit Installaties,22222222,,Kerkstraat 2,1234 AC,Utrecht,,,,,smit,Anna Smit,,
            """);
        h.Write("users.csv", """
            KvK-nummer,Gebruikersnaam,Naam
            11111111,jansen-2,Els Jansen
            """);
        return h.Settings(configure: s => s.UsersFile = "users.csv");
    }

    private static async Task EndStateIsRightAsync(ImportHarness h, ClientImportTask task)
    {
        h.Portal.State.Clients.Where(c => c.KvkNumber is "11111111" or "22222222").Select(c => c.KvkNumber).Order().ToArray().ShouldBe(["11111111", "22222222"], "each client once");
        h.Portal.State.Users.Select(u => u.Login).Order().ToArray().ShouldBe(["jansen", "jansen-2", "smit"], "each user once");
        var users = await RunAsync(task, "users");
        users.Tables[0].Rows.Count.ShouldBe(3);
        users.Tables[0].Rows.ShouldAllBe(r => r.Mark == RowMark.None, "every user done");
        foreach (var (login, kvk) in new[] { ("jansen", "11111111"), ("jansen-2", "11111111"), ("smit", "22222222") })
        {
            var letter = Directory.GetFiles(h.Letters, "*.html").Where(f => File.ReadAllText(f).Contains($"<strong>{login}</strong>", StringComparison.Ordinal)).ShouldHaveSingleItem($"one letter for {login}");
            await h.Beheer.Service.SetDocumentTypeRightAsync("demo", "demo", login, "jaarrekening", ApprovalRight.MayApprove);
            var doc = await h.SubmitAsync(kvk, $"crash-{login}");
            using var approved = await h.ApproveAsUserAsync(doc.Reference, login, PinIn(letter));
            approved.StatusCode.ShouldBe(HttpStatusCode.OK, $"the PIN in {login}'s letter is the one the portal has");
        }

        Directory.GetFiles(h.Letters).ShouldAllBe(f => f.EndsWith(".html", StringComparison.Ordinal), "no temporary letter left");
        (await RunAsync(task, "import")).Summary.ShouldBe("Import of clients.csv: 2 already present");
    }

    private sealed class SimulatedCrashException() : Exception("the process died here (simulated)");

    /// <summary>
    /// The host's store, dead from one write on: write number <c>crashAt</c> and every later one fail as if the process
    /// had stopped just before it (nothing of it is written). Counts the writes.
    /// </summary>
    private sealed class CrashingState(IStateStore inner, int crashAt) : IStateStore, IRecordStore
    {
        private int _writes;

        public int Writes => _writes;

        public bool Crashed => _writes >= crashAt;

        public IRecordStore Records => this;

        public ITaskQueue Tasks => inner.Tasks;

        public IInstructionStore Instructions => inner.Instructions;

        public IAuditLog Audit => inner.Audit;

        public Task<StoredRecord?> GetAsync(string collection, string key, CancellationToken cancellationToken) => inner.Records.GetAsync(collection, key, cancellationToken);

        public Task PutAsync(StoredRecord record, CancellationToken cancellationToken) => PutManyAsync([record], cancellationToken);

        public Task PutManyAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _writes) >= crashAt ? throw new SimulatedCrashException() : inner.Records.PutManyAsync(records, cancellationToken);

        public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _writes) >= crashAt ? throw new SimulatedCrashException() : inner.Records.DeleteAsync(collection, key, cancellationToken);

        public Task<IReadOnlyList<StoredRecord>> ListAsync(string collection, CancellationToken cancellationToken) => inner.Records.ListAsync(collection, cancellationToken);
    }
}
