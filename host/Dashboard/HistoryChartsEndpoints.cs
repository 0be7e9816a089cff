using System.Globalization;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The history page (<c>/history</c>, UI-2): documents per day by outcome (30 days), tasks per hour (48 hours) and
/// failures per day (30 days), from counts by UTC hour (indexes <c>ix_document_events_at</c>, <c>ix_tasks_updated</c>)
/// folded into the office's days and hours.
/// </summary>
internal static class HistoryChartsEndpoints
{
    private static readonly (string Name, string Style, string[] Statuses)[] Outcomes =
    [
        ("Goedgekeurd", "s-ok", ["Approved"]),
        ("Afgekeurd", "s-warn", ["Rejected"]),
        ("Niet gevonden", "s-other", ["ClientNotFound"]),
        ("submitted, pending", "s-wait", ["Pending"]),
        ("failed or refused", "s-bad", ["FinallyFailed", "Refused"]),
    ];

    private static readonly (string Name, string Style, string[] Statuses)[] TaskStatuses =
    [
        ("tasks: done", "s-ok", ["Done"]),
        ("tasks: failed", "s-bad", ["Failed"]),
        ("waiting or running", "s-wait", ["Waiting", "Running"]),
        ("tasks: cancelled", "s-other", ["Cancelled"]),
    ];

    private static readonly (string Name, string Style, string[] Statuses)[] Failures =
    [
        ("document attempts failed", "s-warn", ["Retrying"]),
        ("documents failed or refused", "s-bad", ["FinallyFailed", "Refused"]),
    ];

    public static IEndpointRouteBuilder MapHistoryPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        dashboard.Viewers(endpoints).MapGet("/history", async (HttpContext c) =>
        {
            var zone = PageText.Zone;
            var now = DateTimeOffset.UtcNow;
            var (today, _) = Connectors.Periods(now, zone);
            var firstDay = TimeZoneInfo.ConvertTime(today, zone).Date.AddDays(-29);
            var since = Connectors.StartOfDay(firstDay, zone);
            var documents = await dashboard.State.Dashboard.DocumentChangesByHourAsync(since, c.RequestAborted).ConfigureAwait(false);
            var days = Enumerable.Range(0, 30).Select(d => DateOnly.FromDateTime(firstDay.AddDays(d))).ToList();
            var lastHour = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
            var hours = Enumerable.Range(0, 48).Select(h => lastHour.AddHours(h - 47)).ToList();

            // The tasks of 48 hours in every status, and of 30 days only the failed: each read from its index alone.
            var recentTasks = await dashboard.State.Dashboard.TaskChangesByHourAsync(hours[0], c.RequestAborted).ConfigureAwait(false);
            var failedTasks = await dashboard.State.Dashboard.TaskChangesByHourAsync(since, c.RequestAborted, "Failed").ConfigureAwait(false);

            DateOnly DayOf(DateTimeOffset hour) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(hour, zone).DateTime);
            ChartSeries ByDay(IReadOnlyList<HourCount> counts, (string Name, string Style, string[] Statuses) series, string? prefix = null)
            {
                var perDay = counts.Where(h => series.Statuses.Contains(h.Status, StringComparer.Ordinal)).GroupBy(h => DayOf(h.Hour)).ToDictionary(g => g.Key, g => g.Sum(h => h.Count));
                return new ChartSeries(prefix ?? series.Name, series.Style, [.. days.Select(d => perDay.GetValueOrDefault(d))]);
            }

            var charts = new List<ChartModel>
            {
                new("documents-per-day", "Documents per day by outcome (30 days)", [.. days.Select(Day)], [.. Outcomes.Select(o => ByDay(documents, o))]),
                new("tasks-per-hour", "Tasks per hour by their status now (48 hours)", [.. hours.Select(h => PageText.Local(h).ToString("HH", CultureInfo.InvariantCulture))],
                    [.. TaskStatuses.Select(s => new ChartSeries(s.Name, s.Style, [.. hours.Select(h => recentTasks.Where(t => t.Hour == h && s.Statuses.Contains(t.Status, StringComparer.Ordinal)).Sum(t => t.Count))]))]),
                new("failures-per-day", "Failures per day (30 days)", [.. days.Select(Day)],
                    [.. Failures.Select(f => ByDay(documents, f)), ByDay(failedTasks, ("tasks failed", "s-other", ["Failed"]))]),
            };
            return DashboardContext.Page<HistoryPage>(new HistoryModel(dashboard.Navigation(c), charts));
        });
        return endpoints;
    }

    private static string Day(DateOnly day) => day.ToString("dd-MM", CultureInfo.InvariantCulture);
}
