using ConnectorHost.Plugins.ClientOnline.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>
/// What the office bench (tests/ConnectorHost.Office) asks the portal while a long run goes on, without fetching every
/// submission each time: <c>GET /control/submissions/pending</c>, the submissions still waiting for the client's decision.
/// </summary>
internal static class BenchControlApi
{
    public static void Map(IEndpointRouteBuilder app, PortalState state) =>
        app.MapGet("/control/submissions/pending", () => Results.Ok(state.Submissions.Where(s => s.Status == SubmissionStatus.Pending)));
}
