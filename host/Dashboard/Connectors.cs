using ConnectorHost.Configuration;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard;

/// <summary>
/// Where the dashboard finds each connector's state among the host's records, in one table: the collections the
/// CaseWare Cloud and Certipost plugins keep their clients and relations in, and where a client's name is in them.
/// </summary>
internal static class Connectors
{
    /// <summary>The CaseWare Cloud clients (status sent, not-sent or rejected; see the plugin's SyncRecords).</summary>
    public const string CaseWareClients = "casewarecloud.clients";

    /// <summary>The Certipost relations (status NotAdmitted, Admitted, Submitted, Confirmed or Unsubscribed).</summary>
    public const string CertipostRelations = "certipost.relations";

    /// <summary>The collections that name clients, for the client monitor (UI-3).</summary>
    public static readonly IReadOnlyList<ClientRecordSource> ClientRecords =
    [
        new(CaseWareClients, ["name"]),
        new(CertipostRelations, ["relation", "name"]),
    ];

    /// <summary>
    /// The lists of records (UI-4), one page each: where it is, its title, its collection, and where a record's client,
    /// name and detail are in its data (no client path: the key is the client). Records belong to a plugin, not to a
    /// pipeline, so these lists have no pipeline filter.
    /// </summary>
    public static readonly IReadOnlyList<RecordList> RecordLists =
    [
        new("/relations", "Certipost relations", CertipostRelations, null, ["relation", "name"], ["relation", "vatNumber"], "VAT number"),
        new("/caseware", "CaseWare Cloud clients", CaseWareClients, null, ["name"], ["reason"], "Reason"),
        new("/caseware-contacts", "CaseWare Cloud contact persons", "casewarecloud.contacts", ["clientNumber"], ["name"], ["reason"], "Reason"),
    ];

    /// <summary>The pipelines whose component has a type starting with this prefix ("casewarecloud.", "certipost.enrol").</summary>
    public static IReadOnlyList<string> PipelinesOf(HostConfiguration configuration, string typePrefix) =>
        [.. configuration.Pipelines
            .Where(p => new[] { p.Source, p.Target, p.Task }.Any(c => c?.TypeName.StartsWith(typePrefix, StringComparison.Ordinal) == true))
            .Select(p => p.Name)];

    /// <summary>The office's today and this week (from Monday), as UTC moments, in the dashboard's zone.</summary>
    public static (DateTimeOffset Today, DateTimeOffset Week) Periods(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = StartOfDay(local.Date, zone);
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        return (today, StartOfDay(monday, zone));
    }

    /// <summary>Midnight of a local date in a zone, as a moment.</summary>
    public static DateTimeOffset StartOfDay(DateTime date, TimeZoneInfo zone) =>
        new(date, zone.GetUtcOffset(DateTime.SpecifyKind(date, DateTimeKind.Unspecified)));
}

/// <summary>A list of one collection's records on the dashboard (UI-4).</summary>
/// <param name="Path">The page's path; the download is at the path with <c>.csv</c>.</param>
/// <param name="Title">The page's title (a text key).</param>
/// <param name="Collection">The records' collection.</param>
/// <param name="ClientPath">The JSON path of the client in a record's data, or null when the key is the client.</param>
/// <param name="NamePath">The JSON path of the name.</param>
/// <param name="DetailPath">The JSON path of the detail column.</param>
/// <param name="DetailLabel">The detail column's heading (a text key).</param>
public sealed record RecordList(string Path, string Title, string Collection, string[]? ClientPath, string[] NamePath, string[] DetailPath, string DetailLabel)
{
    /// <summary>The list query of a filter.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="limit">Rows per page.</param>
    /// <returns>The query.</returns>
    public RecordListQuery Query(Pages.ListFilter filter, int limit = Pages.ListFilter.PageSize)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return new RecordListQuery
        {
            Collection = Collection,
            ClientPath = ClientPath,
            NamePath = NamePath,
            DetailPath = DetailPath,
            Statuses = filter.Status is { } status ? [status] : null,
            Client = filter.Client,
            From = filter.FromMoment,
            Until = filter.UntilMoment,
            After = filter.After,
            Limit = limit,
        };
    }
}
