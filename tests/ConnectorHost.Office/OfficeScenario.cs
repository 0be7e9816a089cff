using System.Globalization;

namespace ConnectorHost.Office;

/// <summary>
/// An office's year at a scale (OF-4): 1.0 is 5,000 clients imported with a user and a PIN each, 60,000 documents,
/// 200,000 dossier tasks over 5,000 dossiers, 20,000 CaseWare clients with 60,000 contacts and three deltas of 1%, and
/// 3,000 Certipost relations. Smaller scales keep the shares (10% XBRL, 1% failing tasks, ...).
/// </summary>
public sealed record OfficeScenario
{
    /// <summary>The scale; 1.0 is the office's year of the issue.</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>How many times the bench kills the host with SIGKILL, at random moments, and starts it again.</summary>
    public int Kills { get; init; } = 5;

    /// <summary>The latency every sandbox adds to each call, in milliseconds.</summary>
    public int LatencyMs { get; init; } = 50;

    /// <summary>The share of calls answered with a fault, spread over every kind the sandbox can inject.</summary>
    public double FaultShare { get; init; } = 0.05;

    /// <summary>The seed of the scenario's random choices and of the sandboxes' faults: one seed, one run.</summary>
    public int Seed { get; init; } = 20261207;

    /// <summary>How long the documents and tasks keep arriving; <c>null</c>: 40 minutes at scale 1.0, at least 30 s.</summary>
    public TimeSpan? FeedTime { get; init; }

    /// <summary>How long the portal's client waits before deciding on a document.</summary>
    public TimeSpan DecisionDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the whole run may take before the bench gives up waiting for the end state.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(120);

    /// <summary>The folder the run works in; <c>null</c>: a new one under the temporary folder.</summary>
    public string? Folder { get; init; }

    /// <summary>Where the run reports what it does (one line at a time); <c>null</c>: nowhere.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Clients in the office's export, imported into the portal with a user and a PIN each.</summary>
    public int Clients => Count(5_000, 5);

    /// <summary>Documents dropped in the ClientOnline folders over the run.</summary>
    public int Documents => Count(60_000, 40);

    /// <summary>Dossier tasks the platform delivers over the run.</summary>
    public int Tasks => Count(200_000, 100);

    /// <summary>The dossiers the tasks are spread over.</summary>
    public int Dossiers => Count(5_000, 5);

    /// <summary>Clients in AuditCase's export for CaseWare Cloud (three contact persons each).</summary>
    public int CaseWareClients => Count(20_000, 10);

    /// <summary>Contact persons per CaseWare client.</summary>
    public int ContactsEach => 3;

    /// <summary>How many deltas of 1% follow CaseWare's initial sync.</summary>
    public int CaseWareDeltas => 3;

    /// <summary>Certipost relations, sent and confirmed.</summary>
    public int Relations => Count(3_000, 5);

    /// <summary>How long documents and tasks keep arriving.</summary>
    public TimeSpan Feed => FeedTime ?? TimeSpan.FromSeconds(Math.Max(30, 2_400 * Scale));

    /// <summary>The task with this number fails once in the package (1 in 100), into an instruction.</summary>
    public static bool TaskFails(int task) => task % 100 == 37;

    /// <summary>The platform's id of task <paramref name="task"/>.</summary>
    public static string TaskId(int task) => "T" + task.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The dossier of task <paramref name="task"/>.</summary>
    public string DossierOf(int task) => "D" + (task % Dossiers).ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The KvK number of imported client <paramref name="client"/>.</summary>
    public static string KvkOf(int client) => (10_000_000 + client).ToString(CultureInfo.InvariantCulture);

    /// <summary>A KvK number the portal does not know.</summary>
    public static string UnknownKvk(int n) => (99_000_000 + n).ToString(CultureInfo.InvariantCulture);

    /// <summary>What the portal's client decides on a document: by its name, so a rerun decides alike.</summary>
    public static Decision DecisionOf(string fileName)
    {
        var h = 0u;
        foreach (var c in fileName)
        {
            h = (h * 31) + c;
        }

        return (h % 100) switch
        {
            < 90 => Decision.Approve,
            < 97 => Decision.Reject,
            _ => Decision.Leave,
        };
    }

    /// <summary>A human description of the scale.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"scale {Scale}: {Clients} clients imported (a user and a PIN each), {Documents} documents, {Tasks} tasks over {Dossiers} dossiers, {CaseWareClients} CaseWare clients with {CaseWareClients * ContactsEach} contacts and {CaseWareDeltas} deltas of 1%, {Relations} Certipost relations; {LatencyMs} ms latency, {FaultShare:P0} faults, {Kills} SIGKILL(s), fed over {Feed.TotalSeconds:0} s, seed {Seed}");

    private int Count(int atOne, int least) => Math.Max(least, (int)Math.Round(atOne * Scale));
}

/// <summary>What the portal's client does with a submitted document.</summary>
public enum Decision
{
    /// <summary>Approves it (90%).</summary>
    Approve,

    /// <summary>Rejects it with a reason (7%).</summary>
    Reject,

    /// <summary>Leaves it undecided (3%).</summary>
    Leave,
}
