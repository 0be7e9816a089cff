using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ConnectorHost.Dashboard;

/// <summary>What monitoring systems read: <c>/healthz</c> (open, SEC-7) and <c>/metrics</c> (Prometheus; with a login, the API key).</summary>
internal static class ProbeEndpoints
{
    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder endpoints, DashboardContext dashboard)
    {
        DashboardContext.Open(endpoints).MapGet("/healthz", async (HttpContext c) =>
        {
            var check = new HealthCheck(dashboard.Configuration, dashboard.Plugins, dashboard.Board, dashboard.State, TimeProvider.System);
            var (status, body) = await check.CheckAsync(c.RequestAborted).ConfigureAwait(false);
            return Results.Json(body, statusCode: status);
        });
        var metrics = endpoints.MapPrometheusScrapingEndpoint();
        if (dashboard.Access.Required)
        {
            metrics.RequireAuthorization();
        }

        return endpoints;
    }
}
