using System.Globalization;
using ConnectorHost.Abstractions.State;
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
        ListEndpoints.ReadPage<StoredInstruction, InstructionState> read = (filter, limit, totals, token) =>
            dashboard.State.Dashboard.InstructionsAsync(Query(filter, limit) with { WithTotals = totals }, token);
        viewers.MapIdPagedList("/instructions", read, (c, filter, page) => DashboardContext.Page<InstructionsPage>(new InstructionsModel(dashboard.Navigation(c), filter, page)));
        viewers.MapCsv(
            "/instructions",
            ["id", "state", "dossier", "task", "instruction", "cause", "made", "resolved", "resolved by"],
            read,
            i => [i.Id.ToString(CultureInfo.InvariantCulture), InstructionsModel.State(i).ToString(), i.Instruction.Dossier, i.TaskId?.ToString(CultureInfo.InvariantCulture),
                  i.Instruction.Text, i.Instruction.Cause, PageText.Time(i.CreatedAt), i.ResolvedAt is { } at ? PageText.Time(at) : null, i.ResolvedBy]);
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
