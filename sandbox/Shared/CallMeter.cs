using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace ConnectorHost.Sandbox;

/// <summary>
/// Counts the calls a sandbox serves and how many are in flight at once, per kind of call (the first three segments of
/// the path, a segment with a digit written <c>{id}</c>), so that a bench outside the host sees how far each connector
/// overlaps its calls. Outermost in the pipeline: the time a call spends in the fault injection counts as in flight.
/// <c>GET /control/meter</c> answers the counts; <c>DELETE /control/meter</c> sets them to zero. Other
/// <c>/control</c> calls are not counted.
/// </summary>
internal sealed class CallMeter
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    private sealed class Counter
    {
        public long Calls;
        public long InFlight;
        public long MaxInFlight;
    }

    /// <summary>Puts the meter in front of the app's own middleware.</summary>
    internal sealed class StartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var meter = new CallMeter();
            app.Use(meter.InvokeAsync);
            next(app);
        };
    }

    private async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.Equals("/control/meter", StringComparison.OrdinalIgnoreCase))
        {
            if (HttpMethods.IsDelete(context.Request.Method))
            {
                _counters.Clear();
            }

            await WriteAsync(context).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith("/control", StringComparison.OrdinalIgnoreCase))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var counter = _counters.GetOrAdd(KindOf(path), _ => new Counter());
        Interlocked.Increment(ref counter.Calls);
        var now = Interlocked.Increment(ref counter.InFlight);
        long max;
        while (now > (max = Interlocked.Read(ref counter.MaxInFlight)) && Interlocked.CompareExchange(ref counter.MaxInFlight, now, max) != max)
        {
        }

        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref counter.InFlight);
        }
    }

    private async Task WriteAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        foreach (var (kind, counter) in _counters.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(kind);
            json.WriteNumber("calls", Interlocked.Read(ref counter.Calls));
            json.WriteNumber("inFlight", Interlocked.Read(ref counter.InFlight));
            json.WriteNumber("maxInFlight", Interlocked.Read(ref counter.MaxInFlight));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        await json.FlushAsync().ConfigureAwait(false);
    }

    private static string KindOf(string path) =>
        string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(s => s.Any(char.IsAsciiDigit) ? "{id}" : s));
}
