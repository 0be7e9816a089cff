using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Sandbox.AccountingPlatform;

/// <summary>How many of an office's tasks there are and how many have a result (<c>done</c> or otherwise).</summary>
/// <param name="Total">Every task of the office.</param>
/// <param name="WithoutResult">Tasks without a reported result.</param>
/// <param name="Done">Tasks whose last result is <c>done</c>.</param>
public sealed record TaskCounts(int Total, int WithoutResult, int Done);

/// <summary>
/// What the office bench (tests/ConnectorHost.Office) asks the platform while a long run goes on, without fetching every
/// task each time: <c>GET /control/offices/{office}/task-counts</c>.
/// </summary>
internal static class BenchControlApi
{
    public static void Map(IEndpointRouteBuilder app, PlatformState state) =>
        app.MapGet("/control/offices/{office}/task-counts", (string office) => Results.Ok(state.Counts(office)));
}
