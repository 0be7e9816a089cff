using System.Globalization;
using ConnectorHost.Dashboard.Pages;
using ConnectorHost.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The instructions list (<c>/instructions</c>, UI-4): every instruction, open (red, orange) or resolved, filtered by
/// state, pipeline, dossier and date range, paged by key, with the totals by state and a CSV download of the filter.
/// </summary>
internal static class InstructionsEndpoints
{
    public static IEndpointRouteBuilder MapInstructionsPage(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        var viewers = dashboard.Viewers(endpoints);
        viewers.MapGet("/instructions", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query);
            if (filter.HasBadIdKey)
            {
                return filter.BadKey();
            }

            var page = await dashboard.State.Dashboard.InstructionsAsync(Query(filter), c.RequestAborted).ConfigureAwait(false);
            return DashboardContext.Page<InstructionsPage>(new InstructionsModel(dashboard.Navigation(c), filter, page));
        });
        viewers.MapGet("/instructions.csv", async (HttpContext c) =>
        {
            var filter = ListFilter.Parse(c.Request.Query) with { After = null };
            await CsvDownload.WriteAsync(
                c,
                "instructions.csv",
                ["id", "state", "dossier", "task", "instruction", "cause", "made", "resolved", "resolved by"],
                async after =>
                {
                    var page = await dashboard.State.Dashboard.InstructionsAsync(Query(filter with { After = after }, CsvDownload.PageSize) with { WithTotals = false }, c.RequestAborted).ConfigureAwait(false);
                    return (page.Rows, page.Next);
                },
                i => [i.Id.ToString(CultureInfo.InvariantCulture), InstructionsModel.State(i).ToString(), i.Instruction.Dossier, i.TaskId?.ToString(CultureInfo.InvariantCulture),
                      i.Instruction.Text, i.Instruction.Cause, PageText.Time(i.CreatedAt), i.ResolvedAt is { } at ? PageText.Time(at) : null, i.ResolvedBy]).ConfigureAwait(false);
        });
        return endpoints;
    }

    /// <summary>The list query of a filter.</summary>
    public static InstructionListQuery Query(ListFilter filter, int limit = ListFilter.PageSize) => new()
    {
        States = Enum.TryParse<InstructionState>(filter.Status, out var state) ? [state] : null,
        Pipeline = filter.Pipeline,
        Dossier = filter.Client,
        From = filter.FromMoment,
        Until = filter.UntilMoment,
        After = filter.IdKey,
        Limit = limit,
    };
}
