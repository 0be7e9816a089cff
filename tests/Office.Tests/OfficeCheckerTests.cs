namespace ConnectorHost.Office.Tests;

/// <summary>
/// OF-4: the checker of the office's year refuses an end state with a planted fault (a doubled, a lost or a misfiled
/// item, in each connector), naming the item; the same end state without the fault passes. A checker that passed
/// everything would prove nothing.
/// </summary>
public sealed class OfficeCheckerTests
{
    private static readonly Dictionary<string, string> Contacts = new(StringComparer.OrdinalIgnoreCase) { ["a@c1.nl"] = "06-1", ["b@c1.nl"] = "06-2" };

    /// <summary>A right end state: three documents decided three ways, one of an unknown client, two dossiers' tasks, ...</summary>
    private static OfficeSnapshot Right() => new()
    {
        Dropped =
        [
            new("10000000_a.pdf", false, true),
            new("10000001_b.pdf", false, true),
            new("10000000_c.pdf", false, true),
            new("x000000_filing.xbrl", true, true),
            new("99000001_d.pdf", false, false),
        ],
        Submissions =
        [
            new("CO-1", "10000000_a.pdf", "Approved"),
            new("CO-2", "10000001_b.pdf", "Rejected"),
            new("CO-3", "10000000_c.pdf", "Pending"),
            new("CO-4", "x000000_filing.xbrl", "Approved"),
            new("CO-5", "99000001_d.pdf", "ClientNotFound"),
        ],
        Folders = new Dictionary<string, IReadOnlyList<string>>
        {
            ["in"] = ["10000000_c.pdf"],
            ["approved"] = ["10000000_a.pdf", "x000000_filing.xbrl"],
            ["rejected"] = ["10000001_b.pdf"],
            ["notFound"] = ["99000001_d.pdf"],
            ["error"] = [],
        },
        ExportedKvks = ["10000000", "10000001"],
        PortalKvks = ["12345678", "10000000", "10000001"],
        PinUsersByKvk = new Dictionary<string, int> { ["10000000"] = 1, ["10000001"] = 1 },
        Tasks = [new("T1", "D1", "done"), new("T2", "D2", "done"), new("T3", "D1", "done")],
        Runs =
        [
            new("T1", "D1", "wrong-period", false),
            new("T2", "D2", null, false),
            new("T1", "D1", null, false),
            new("T3", "D1", null, false),
            new("T3", "D1", null, true),
        ],
        Instructions = [new(1, "D1", false)],
        Export = [new("100001", "Client 1 BV", "030-1", Contacts)],
        Entities = [new("E1", "100001", "Client 1 BV", "030-1")],
        Contacts = [new("E1", "a@c1.nl", "06-1"), new("E1", "b@c1.nl", "06-2")],
        Relations = ["100000", "100001"],
        OptIns = ["100000", "100001"],
        Accounts = ["100000", "100001"],
        Confirmed = ["100000", "100001"],
        Kills = 0,
        Workers = 1,
    };

    [Fact]
    [Trait("Req", "OF-4")]
    public void A_failure_whose_answer_the_fault_injection_kept_from_the_host_needs_no_instruction()
    {
        // "Done but the answer lost" on a failing run: the host never heard of the failure, ran the task again, and it passed.
        var right = Right();
        var unheard = right with { Runs = [right.Runs[0] with { AnswerLost = true }, .. right.Runs.Skip(1)], Instructions = [] };

        OfficeChecker.Check(unheard).Problems.ShouldBeEmpty();
        OfficeChecker.Check(unheard with { Runs = right.Runs }).Problems.ShouldContain(p => p.StartsWith("failures without an instruction", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "OF-4")]
    public void A_right_end_state_passes()
    {
        var verdict = OfficeChecker.Check(Right());

        verdict.Problems.ShouldBeEmpty();
        verdict.Counts.ShouldContain(c => c.Contains("1 repeats answered by idempotency", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Planted() => new()
    {
        { "a document submitted twice", "documents submitted more than once: 1 (10000000_a.pdf" },
        { "a document lost", "documents lost (in no folder): 1 (10000001_b.pdf)" },
        { "an approved document in Afgekeurd", "documents in the wrong folder: 1 (10000000_a.pdf (Approved) in rejected, not in approved)" },
        { "an undecided document put away", "documents in the wrong folder: 1 (10000000_c.pdf (Pending) in approved, not in in)" },
        { "a document in the error folder", "files in the error folder: 1 (x000000_filing.xbrl)" },
        { "an unknown client's document in Goedgekeurd", "documents in the wrong folder: 1 (99000001_d.pdf (client unknown) in approved, not in notFound)" },
        { "a client imported twice", "exported clients in the portal more than once: 1 (10000001 (2x))" },
        { "a client not imported", "exported clients not in the portal: 1 (10000001)" },
        { "a task run before its dossier's earlier task succeeded", "tasks run out of their dossier's order: 1 (T3 of D1 ran while T1 had not succeeded)" },
        { "a task done twice in the package", "tasks done twice in the package (not answered by idempotency): 1 (T2)" },
        { "a task lost", "tasks not done: 1 (T3 (no result, never succeeded))" },
        { "a failure without an instruction", "failures without an instruction: 1 failed runs (0 with the answer kept from the host), 0 instructions" },
        { "a CaseWare client held twice", "CaseWare: clients or contacts held more than once: 1 (100001 (2x))" },
        { "a CaseWare contact lost", "CaseWare: exported clients or contacts missing: 1 (100001 contact b@c1.nl)" },
        { "a CaseWare delta not applied", "CaseWare: held differently from the export: 1 (100001 (name 'Client 1 BV', phone '030-0'" },
        { "a relation enrolled twice", "Certipost: relations enrolled more than once: 1 (100001 (2x))" },
        { "a relation never enrolled", "Certipost: relations never enrolled: 1 (100001)" },
        { "a relation never confirmed", "Certipost: relations not confirmed by the daily list: 1 (100000)" },
    };

    [Theory]
    [MemberData(nameof(Planted))]
    [Trait("Req", "OF-4")]
    public void A_planted_fault_is_refused_and_named(string fault, string problem)
    {
        var right = Right();
        var planted = fault switch
        {
            "a document submitted twice" => right with { Submissions = [.. right.Submissions, new("CO-9", "10000000_a.pdf", "Approved")] },
            "a document lost" => right with { Folders = Move(right, "10000001_b.pdf", from: "rejected", to: null) },
            "an approved document in Afgekeurd" => right with { Folders = Move(right, "10000000_a.pdf", from: "approved", to: "rejected") },
            "an undecided document put away" => right with { Folders = Move(right, "10000000_c.pdf", from: "in", to: "approved") },
            "a document in the error folder" => right with { Folders = Move(right, "x000000_filing.xbrl", from: "approved", to: "error") },
            "an unknown client's document in Goedgekeurd" => right with { Folders = Move(right, "99000001_d.pdf", from: "notFound", to: "approved") },
            "a client imported twice" => right with { PortalKvks = [.. right.PortalKvks, "10000001"] },
            "a client not imported" => right with { PortalKvks = ["12345678", "10000000"] },
            "a task run before its dossier's earlier task succeeded" => right with { Runs = [right.Runs[0], right.Runs[1], right.Runs[3] with { Repeat = false }, right.Runs[2]] },
            "a task done twice in the package" => right with { Runs = [.. right.Runs, new("T2", "D2", null, false)] },
            "a task lost" => right with { Tasks = [right.Tasks[0], right.Tasks[1], right.Tasks[2] with { Result = null }], Runs = [.. right.Runs.Where(r => r.TaskId != "T3")] },
            "a failure without an instruction" => right with { Instructions = [] },
            "a CaseWare client held twice" => right with { Entities = [.. right.Entities, new("E2", "100001", "Client 1 BV", "030-1")] },
            "a CaseWare contact lost" => right with { Contacts = [right.Contacts[0]] },
            "a CaseWare delta not applied" => right with { Entities = [right.Entities[0] with { Phone = "030-0" }] },
            "a relation enrolled twice" => right with { OptIns = [.. right.OptIns, "100001"] },
            "a relation never enrolled" => right with { OptIns = ["100000"], Accounts = ["100000"] },
            "a relation never confirmed" => right with { Confirmed = ["100001"] },
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "No such planted fault."),
        };

        var verdict = OfficeChecker.Check(planted);

        verdict.Passed.ShouldBeFalse(fault);
        verdict.Problems.ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal), $"{fault}: {string.Join(" | ", verdict.Problems)}");
    }

    private static Dictionary<string, IReadOnlyList<string>> Move(OfficeSnapshot s, string file, string from, string? to)
    {
        var folders = s.Folders.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)[.. f.Value]);
        folders[from] = [.. folders[from].Where(f => f != file)];
        if (to is not null)
        {
            folders[to] = [.. folders[to], file];
        }

        return folders;
    }
}
