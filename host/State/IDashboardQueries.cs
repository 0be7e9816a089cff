using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State;

/// <summary>
/// What the dashboard reads that no other part of the host needs (UI-1..UI-5): counts by status and by hour, a row
/// per client, a document's history, and lists paged by key. Written once in SQL for both providers; each query is
/// served by an index of schema step 5 so that it stays fast with 100,000 documents and 200,000 tasks.
/// </summary>
public interface IDashboardQueries
{
    /// <summary>What needs a person, counted, with the oldest moment of each kind (UI-1).</summary>
    /// <param name="failuresSince">Documents that failed before this moment are not counted as needing a person any more.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The counts.</returns>
    Task<IReadOnlyList<AttentionCount>> AttentionAsync(DateTimeOffset failuresSince, CancellationToken cancellationToken);

    /// <summary>The document changes by UTC hour and status since a moment (UI-1 tiles, UI-2 charts), from the hourly roll-up.</summary>
    /// <param name="since">The first hour counted: the whole hour <paramref name="since"/> falls in.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The counts, one per hour and status that has any.</returns>
    Task<IReadOnlyList<HourCount>> DocumentChangesByHourAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The tasks by the UTC hour of their last change and their status now, since a moment (UI-1, UI-2).</summary>
    /// <param name="since">The first moment counted.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <param name="status">Only tasks in this status (the failures chart's 30 days), or null for all.</param>
    /// <returns>The counts.</returns>
    Task<IReadOnlyList<HourCount>> TaskChangesByHourAsync(DateTimeOffset since, CancellationToken cancellationToken, string? status = null);

    /// <summary>The records of a collection counted by status (the Certipost relations, the CaseWare Cloud clients).</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The counts by status.</returns>
    Task<IReadOnlyDictionary<string, long>> RecordsByStatusAsync(string collection, CancellationToken cancellationToken);

    /// <summary>One row per client: the KvK number, hidden id or dossier, with what is open and what failed (UI-3).</summary>
    /// <param name="sources">Where clients' names and states are kept among the records.</param>
    /// <param name="failuresSince">Documents that failed before this moment are not counted.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The clients, in no order.</returns>
    Task<IReadOnlyList<ClientState>> ClientsAsync(IReadOnlyList<ClientRecordSource> sources, DateTimeOffset failuresSince, CancellationToken cancellationToken);

    /// <summary>Every recorded change of a document, oldest first (UI-5).</summary>
    /// <param name="key">The document key.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The changes.</returns>
    Task<IReadOnlyList<DocumentChange>> DocumentHistoryAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A page of documents, newest first, after a key, with the totals by status of the whole filter (UI-4). The rows
    /// carry what a list shows: their locator is empty and their portal reference, next attempt, completion, hashes
    /// and versions are not read (the document's own page reads the whole entry).
    /// </summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page.</returns>
    Task<ListPage<LedgerEntry, LedgerStatus>> DocumentsAsync(DocumentListQuery query, CancellationToken cancellationToken);

    /// <summary>A page of tasks, newest first, after an id, with the totals by status of the whole filter (UI-4).</summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page.</returns>
    Task<ListPage<QueuedTask, QueuedTaskStatus>> TasksAsync(TaskListQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// A page of the monitoring list (AT-9, UI-4): first the tasks that need a person (failed, or with an open
    /// instruction), newest first, then the rest of the filter (tasks whose instruction was resolved, or every other
    /// task when <see cref="MonitoringListQuery.All"/>), newest first; paged by key (<see cref="MonitoringCursor"/>),
    /// with the totals by status and the count that needs a person of the whole filter.
    /// </summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page.</returns>
    Task<MonitoringListPage> MonitoringAsync(MonitoringListQuery query, CancellationToken cancellationToken);

    /// <summary>A page of instructions, newest first, after an id, with the totals by state of the whole filter (UI-4).</summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page.</returns>
    Task<ListPage<StoredInstruction, InstructionState>> InstructionsAsync(InstructionListQuery query, CancellationToken cancellationToken);

    /// <summary>A page of the audit log, newest first, after an id, with the totals by action of the whole filter (UI-4).</summary>
    /// <param name="query">The filter and the page.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page; its "status" is the entry's action, as written (the actions are open-ended text).</returns>
    Task<ListPage<AuditRow, string>> AuditAsync(AuditListQuery query, CancellationToken cancellationToken);

    /// <summary>A page of one collection's records (Certipost relations, CaseWare Cloud clients), by key, with the totals by status of the whole filter (UI-4).</summary>
    /// <param name="query">The collection, the filter and the page.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The page; the status is the record's, as its plugin writes it.</returns>
    Task<ListPage<RecordRow, string>> RecordsAsync(RecordListQuery query, CancellationToken cancellationToken);

    /// <summary>One task by its id, or null.</summary>
    /// <param name="id">The task's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The task.</returns>
    Task<QueuedTask?> TaskAsync(long id, CancellationToken cancellationToken);

    /// <summary>The instructions of a dossier or of a task, open or resolved, newest first.</summary>
    /// <param name="dossier">The dossier, or null.</param>
    /// <param name="taskId">The task, or null.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The instructions.</returns>
    Task<IReadOnlyList<StoredInstruction>> InstructionsOfAsync(string? dossier, long? taskId, int limit, CancellationToken cancellationToken);

    /// <summary>The monitoring page's instructions: those with these ids (its tasks'), and every open one of a pipeline.</summary>
    /// <param name="ids">The instructions of the tasks shown.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The instructions, in no order.</returns>
    Task<IReadOnlyList<StoredInstruction>> InstructionsForMonitoringAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>The audit entries about any of some subjects, newest first.</summary>
    /// <param name="subjects">The subjects (<c>task:12</c>, a file name, <c>relation:1004</c>).</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<AuditEntry>> AuditOfAsync(IReadOnlyList<string> subjects, int limit, CancellationToken cancellationToken);

    /// <summary>A record by collection and key, or null.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The record.</returns>
    Task<StoredRecord?> RecordAsync(string collection, string key, CancellationToken cancellationToken);
}

/// <summary>How many things of one kind need a person, and since when.</summary>
/// <param name="Kind">What needs a person.</param>
/// <param name="Count">How many.</param>
/// <param name="Oldest">The oldest of them (its last change), or null when none.</param>
public sealed record AttentionCount(AttentionKind Kind, long Count, DateTimeOffset? Oldest);

/// <summary>The kinds of things that need a person, besides open instructions and failed pipeline runs.</summary>
public enum AttentionKind
{
    /// <summary>Documents whose every attempt failed (definitief mislukt).</summary>
    DocumentsFinallyFailed,

    /// <summary>Documents the portal refused for good.</summary>
    DocumentsRefused,

    /// <summary>Decided documents whose file could not be put away (CO-15).</summary>
    DocumentsNotPutAway,
}

/// <summary>A count in one UTC hour and status.</summary>
/// <param name="Hour">The hour's start (UTC).</param>
/// <param name="Status">The status.</param>
/// <param name="Count">How many.</param>
public sealed record HourCount(DateTimeOffset Hour, string Status, long Count);

/// <summary>A records collection that names clients and gives their state (CaseWare Cloud clients, Certipost relations).</summary>
/// <param name="Collection">The collection.</param>
/// <param name="NamePath">The JSON path of the client's name in a record's data.</param>
public sealed record ClientRecordSource(string Collection, string[] NamePath);

/// <summary>A client as the monitor shows it.</summary>
public sealed record ClientState
{
    /// <summary>The KvK number, hidden id or dossier code.</summary>
    public required string Client { get; init; }

    /// <summary>The name, where a record knows it.</summary>
    public string? Name { get; init; }

    /// <summary>Documents not yet put away.</summary>
    public long OpenDocuments { get; init; }

    /// <summary>Documents that failed, were refused, or could not be put away.</summary>
    public long FailedDocuments { get; init; }

    /// <summary>Every document of the client.</summary>
    public long Documents { get; init; }

    /// <summary>The last change of any of its documents.</summary>
    public DateTimeOffset? LastDocumentChange { get; init; }

    /// <summary>Failed tasks.</summary>
    public long FailedTasks { get; init; }

    /// <summary>Waiting or running tasks.</summary>
    public long OpenTasks { get; init; }

    /// <summary>Whether a queue of its dossier is blocked.</summary>
    public bool Blocked { get; init; }

    /// <summary>Open instructions for support (red).</summary>
    public long RedInstructions { get; init; }

    /// <summary>Open instructions for the accountant (orange).</summary>
    public long OrangeInstructions { get; init; }

    /// <summary>The oldest open instruction.</summary>
    public DateTimeOffset? OldestInstruction { get; init; }

    /// <summary>The record status per collection (<c>casewarecloud.clients</c> → <c>sent</c>).</summary>
    public IReadOnlyDictionary<string, string> Records { get; init; } = new Dictionary<string, string>();
}

/// <summary>One recorded change of a document.</summary>
/// <param name="At">When.</param>
/// <param name="Status">The status after it.</param>
/// <param name="Attempts">The submit attempts after it.</param>
/// <param name="Generation">The generation (re-offers) after it.</param>
/// <param name="Reason">The reason or last error after it.</param>
/// <param name="PutAwayProblem">Why the file could not be put away, after it.</param>
/// <param name="CompletedAt">When the file was put away, after it.</param>
public sealed record DocumentChange(DateTimeOffset At, LedgerStatus Status, int Attempts, int Generation, string? Reason, string? PutAwayProblem, DateTimeOffset? CompletedAt);

/// <summary>A page of a list, the key of the next page, and the totals by status of everything the filter finds.</summary>
/// <typeparam name="T">The rows.</typeparam>
/// <typeparam name="TStatus">The status.</typeparam>
/// <param name="Rows">The rows of this page.</param>
/// <param name="Next">The key after which the next page starts, or null on the last page.</param>
/// <param name="Totals">The totals by status of the filter (ignoring its status and the page).</param>
public sealed record ListPage<T, TStatus>(IReadOnlyList<T> Rows, string? Next, IReadOnlyDictionary<TStatus, long> Totals)
    where TStatus : notnull;

/// <summary>Which documents a list shows.</summary>
public sealed record DocumentListQuery
{
    /// <summary>The statuses, or null for all.</summary>
    public IReadOnlyList<LedgerStatus>? Statuses { get; init; }

    /// <summary>Only decided documents that could not be put away.</summary>
    public bool OnlyNotPutAway { get; init; }

    /// <summary>One pipeline, or null.</summary>
    public string? Pipeline { get; init; }

    /// <summary>One client (exact KvK number or hidden id), or null.</summary>
    public string? Client { get; init; }

    /// <summary>A part of the file name or client number, or null.</summary>
    public string? Search { get; init; }

    /// <summary>First seen at or after this moment, or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>First seen before this moment, or null.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The key of the last row of the previous page (from <see cref="ListPage{T, TStatus}.Next"/>), or null for the first page.</summary>
    public string? After { get; init; }

    /// <summary>Rows per page.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether to count the totals by status of the whole filter (a page shows them; a download's pages need not count them again).</summary>
    public bool WithTotals { get; init; } = true;
}

/// <summary>Which tasks a list shows.</summary>
public sealed record TaskListQuery
{
    /// <summary>The statuses, or null for all.</summary>
    public IReadOnlyList<QueuedTaskStatus>? Statuses { get; init; }

    /// <summary>One queue, or null.</summary>
    public string? Queue { get; init; }

    /// <summary>One dossier, or null.</summary>
    public string? Dossier { get; init; }

    /// <summary>Delivered at or after this moment, or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Delivered before this moment, or null.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The id of the last row of the previous page, or null for the first page.</summary>
    public long? After { get; init; }

    /// <summary>Rows per page.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether to count the totals by status of the whole filter (a page shows them; a download's pages need not count them again).</summary>
    public bool WithTotals { get; init; } = true;
}

/// <summary>Which tasks the monitoring list shows (AT-9).</summary>
public sealed record MonitoringListQuery
{
    /// <summary>One dossier, or null for all.</summary>
    public string? Dossier { get; init; }

    /// <summary>Every task, or (false) only failed tasks and tasks with an instruction, open or resolved.</summary>
    public bool All { get; init; }

    /// <summary>The key of the last row of the previous page (<see cref="MonitoringListPage.Next"/>), or null for the first page.</summary>
    public MonitoringCursor? After { get; init; }

    /// <summary>Rows per page.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether to count the totals of the whole filter.</summary>
    public bool WithTotals { get; init; } = true;
}

/// <summary>A page of the monitoring list.</summary>
/// <param name="Rows">The tasks: those that need a person first, then the rest; each part newest first.</param>
/// <param name="Next">The next page's key, or null on the last page.</param>
/// <param name="Totals">The whole filter's tasks by status (empty when not counted).</param>
/// <param name="NeedAPerson">How many of the whole filter's tasks need a person: failed, or with an open instruction (0 when not counted).</param>
public sealed record MonitoringListPage(IReadOnlyList<QueuedTask> Rows, MonitoringCursor? Next, IReadOnlyDictionary<QueuedTaskStatus, long> Totals, long NeedAPerson);

/// <summary>
/// The monitoring list's page key: in which part the page starts (the tasks that need a person, or the rest) and after
/// which task id; written <c>need-123</c>, <c>rest-123</c>, or <c>rest</c> (the rest from its newest task).
/// </summary>
/// <param name="Rest">Whether the page starts in the rest (the tasks that need no person).</param>
/// <param name="Id">The id of the last task shown, or null for the first of its part.</param>
public sealed record MonitoringCursor(bool Rest, long? Id)
{
    /// <summary>Reads a key as the page's links write it.</summary>
    /// <param name="text">The key.</param>
    /// <param name="cursor">The key read.</param>
    /// <returns>Whether <paramref name="text"/> is a key.</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MonitoringCursor? cursor)
    {
        cursor = null;
        if (text == "rest")
        {
            cursor = new MonitoringCursor(Rest: true, null);
        }
        else if (text is not null && (text.StartsWith("need-", StringComparison.Ordinal) || text.StartsWith("rest-", StringComparison.Ordinal))
            && long.TryParse(text.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            cursor = new MonitoringCursor(text[0] == 'r', id);
        }

        return cursor is not null;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        (Rest ? "rest" : "need") + (Id is { } id ? "-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
}

/// <summary>An instruction's state as its list counts it: open for support (red), open for the accountant (orange), or resolved.</summary>
public enum InstructionState
{
    /// <summary>Open, for support.</summary>
    Red,

    /// <summary>Open, for the accountant.</summary>
    Orange,

    /// <summary>Resolved.</summary>
    Resolved,
}

/// <summary>Which instructions a list shows.</summary>
public sealed record InstructionListQuery
{
    /// <summary>The states, or null for all.</summary>
    public IReadOnlyList<InstructionState>? States { get; init; }

    /// <summary>One pipeline (its instructions about a run), or null.</summary>
    public string? Pipeline { get; init; }

    /// <summary>One dossier (client), or null.</summary>
    public string? Dossier { get; init; }

    /// <summary>Made at or after this moment, or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Made before this moment, or null.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The id of the last row of the previous page, or null for the first page.</summary>
    public long? After { get; init; }

    /// <summary>Rows per page.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether to count the totals by state of the whole filter.</summary>
    public bool WithTotals { get; init; } = true;
}

/// <summary>One line of the audit log, with its id (the list's page key).</summary>
/// <param name="Id">The id.</param>
/// <param name="At">When.</param>
/// <param name="Who">Who did it (a user, a pipeline, the host).</param>
/// <param name="Action">What was done.</param>
/// <param name="Subject">To what (<c>task:12</c>, <c>relation:1004</c>, a file name).</param>
/// <param name="Details">The details.</param>
public sealed record AuditRow(long Id, DateTimeOffset At, string Who, string Action, string Subject, string Details);

/// <summary>Which audit lines a list shows.</summary>
public sealed record AuditListQuery
{
    /// <summary>The actions, or null for all.</summary>
    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>Only lines about or by this pipeline (<c>pipeline:name</c> as subject or author), or null.</summary>
    public string? Pipeline { get; init; }

    /// <summary>Only lines about this client (subject <c>dossier:</c>, <c>relation:</c> or <c>client:</c> it), or null.</summary>
    public string? Client { get; init; }

    /// <summary>Written at or after this moment, or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Written before this moment, or null.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The id of the last row of the previous page, or null for the first page.</summary>
    public long? After { get; init; }

    /// <summary>Rows per page.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether to count the totals by action of the whole filter.</summary>
    public bool WithTotals { get; init; } = true;
}

/// <summary>One record as a list shows it: its key, status, the client and name and a detail read from its data, and its last change.</summary>
/// <param name="Key">The key (a relation's or client's number).</param>
/// <param name="Status">The status, as the plugin writes it.</param>
/// <param name="Client">The client it belongs to.</param>
/// <param name="Name">The name, where the data has one.</param>
/// <param name="Detail">A reason or remark, where the data has one.</param>
/// <param name="UpdatedAt">The last change.</param>
public sealed record RecordRow(string Key, string Status, string? Client, string? Name, string? Detail, DateTimeOffset UpdatedAt);

/// <summary>Which records a list shows, and where in a record's data its client, name and detail are.</summary>
public sealed record RecordListQuery
{
    /// <summary>The collection.</summary>
    public required string Collection { get; init; }

    /// <summary>The JSON path of the client in the data, or null when the key is the client.</summary>
    public IReadOnlyList<string>? ClientPath { get; init; }

    /// <summary>The JSON path of the name in the data, or null.</summary>
    public IReadOnlyList<string>? NamePath { get; init; }

    /// <summary>The JSON path of a reason or remark in the data, or null.</summary>
    public IReadOnlyList<string>? DetailPath { get; init; }

    /// <summary>The statuses, or null for all.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>One client, exactly, or null.</summary>
    public string? Client { get; init; }

    /// <summary>Last changed at or after this moment, or null.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Last changed before this moment, or null.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The key of the last row of the previous page, or null for the first page.</summary>
    public string? After { get; init; }

    /// <summary>Rows per page.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Whether to count the totals by status of the whole filter.</summary>
    public bool WithTotals { get; init; } = true;
}
