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
