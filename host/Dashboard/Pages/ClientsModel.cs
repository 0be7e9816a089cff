using ConnectorHost.Abstractions.State;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the client monitor shows (UI-3).</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Filter">Which clients: <c>marked</c>, <c>red</c>, <c>orange</c> or <c>all</c>.</param>
/// <param name="Search">A part of the client's number or name.</param>
/// <param name="Sort">The order: <c>marks</c>, <c>client</c>, <c>name</c>, <c>documents</c>, <c>tasks</c>, <c>age</c>.</param>
/// <param name="Rows">The clients of this page.</param>
/// <param name="Total">How many clients the filter finds.</param>
/// <param name="Next">The client the next page starts after, or null on the last page.</param>
/// <param name="After">The client this page starts after, or null on the first page.</param>
public sealed record ClientsModel(Navigation Navigation, string Filter, string? Search, string Sort, IReadOnlyList<ClientState> Rows, int Total, string? Next, string? After)
{
    /// <summary>Rows per page.</summary>
    public const int PageSize = 100;

    /// <summary>The filters offered.</summary>
    public static IReadOnlyList<string> Filters { get; } = ["all", "marked", "red", "orange"];

    /// <summary>The orders offered.</summary>
    public static IReadOnlyList<string> Sorts { get; } = ["marks", "client", "name", "documents", "tasks", "age"];

    /// <summary>
    /// A client's mark as in the platform's monitor: red when support or the admin must act (an instruction for
    /// support, a document that failed, was refused or could not be put away), orange when an accountant
    /// instruction waits or CaseWare Cloud rejected the client; none otherwise.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <returns>"red", "orange" or "".</returns>
    public static string Mark(ClientState client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.RedInstructions > 0 || client.FailedDocuments > 0 ? "red"
            : client.OrangeInstructions > 0 || client.Records.GetValueOrDefault(Connectors.CaseWareClients) == "rejected" ? "orange"
            : string.Empty;
    }

    /// <summary>Filters, sorts and pages the clients.</summary>
    /// <param name="clients">Every client.</param>
    /// <param name="filter">Which.</param>
    /// <param name="search">A part of the number or name.</param>
    /// <param name="sort">The order.</param>
    /// <param name="after">The client the page starts after.</param>
    /// <returns>The page, the total and the next page's key.</returns>
    public static (IReadOnlyList<ClientState> Rows, int Total, string? Next) Page(IReadOnlyList<ClientState> clients, string filter, string? search, string sort, string? after)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var found = clients.Where(c => filter switch
            {
                "marked" => Mark(c).Length > 0,
                "red" => Mark(c) == "red",
                "orange" => Mark(c) == "orange",
                _ => true,
            })
            .Where(c => string.IsNullOrEmpty(search) || c.Client.Contains(search, StringComparison.OrdinalIgnoreCase) || c.Name?.Contains(search, StringComparison.OrdinalIgnoreCase) == true);
        var sorted = (sort switch
        {
            "client" => found.OrderBy(c => c.Client, StringComparer.Ordinal),
            "name" => found.OrderBy(c => c.Name ?? "\uffff", StringComparer.CurrentCultureIgnoreCase).ThenBy(c => c.Client, StringComparer.Ordinal),
            "documents" => found.OrderByDescending(c => c.OpenDocuments + c.FailedDocuments).ThenBy(c => c.Client, StringComparer.Ordinal),
            "tasks" => found.OrderByDescending(c => c.FailedTasks).ThenByDescending(c => c.OpenTasks).ThenBy(c => c.Client, StringComparer.Ordinal),
            "age" => found.OrderBy(c => c.OldestInstruction ?? DateTimeOffset.MaxValue).ThenBy(c => c.Client, StringComparer.Ordinal),
            _ => found.OrderBy(c => Mark(c) switch { "red" => 0, "orange" => 1, _ => 2 }).ThenBy(c => c.OldestInstruction ?? DateTimeOffset.MaxValue).ThenBy(c => c.Client, StringComparer.Ordinal),
        }).ToList();
        var start = after is null ? 0 : sorted.FindIndex(c => c.Client == after) + 1;
        var rows = sorted.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < sorted.Count ? rows[^1].Client : null;
        return (rows, sorted.Count, next);
    }

    /// <summary>This page's query with another page key.</summary>
    /// <param name="after">The key.</param>
    /// <returns>The query string.</returns>
    public string Query(string? after) => PageText.Query(("show", Filter), ("q", Search), ("sort", Sort), ("after", after));
}

/// <summary>What a client's page shows (UI-3): everything about one client, newest first.</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Client">The KvK number, hidden id or dossier.</param>
/// <param name="Name">Its name where a record knows it.</param>
/// <param name="Documents">Its newest documents and their totals by status.</param>
/// <param name="Tasks">Its newest tasks and their totals by status.</param>
/// <param name="Instructions">Its instructions, open and resolved, newest first.</param>
/// <param name="Records">Its CaseWare Cloud and Certipost records.</param>
/// <param name="Audit">The audit entries about it, newest first.</param>
public sealed record ClientModel(
    Navigation Navigation,
    string Client,
    string? Name,
    ListPage<LedgerEntry, LedgerStatus> Documents,
    ListPage<QueuedTask, QueuedTaskStatus> Tasks,
    IReadOnlyList<StoredInstruction> Instructions,
    IReadOnlyList<StoredRecord> Records,
    IReadOnlyList<AuditEntry> Audit);
