using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Sandbox;

/// <summary>
/// What every sandbox shares: a slim ASP.NET Core app on 127.0.0.1 only (port 0 = a free one), quiet unless asked,
/// and its base address once started.
/// </summary>
public static class LoopbackWebApp
{
    /// <summary>Creates the builder of a sandbox listening on 127.0.0.1.</summary>
    /// <param name="sandbox">The sandbox's type, naming the application.</param>
    /// <param name="port">0 for a free port, or 1..65535.</param>
    /// <param name="minimumLogLevel">The least important log level written to the console; None for silence.</param>
    /// <param name="kestrel">Further Kestrel limits, if any.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder CreateBuilder(Type sandbox, int port, LogLevel minimumLogLevel, Action<KestrelServerOptions>? kestrel = null)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "Port must be 0 (a free port) or 1..65535.");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = sandbox.Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        if (minimumLogLevel != LogLevel.None)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        // Counts calls and calls in flight for the benches (GET /control/meter).
        builder.Services.AddTransient<IStartupFilter, CallMeter.StartupFilter>();
        builder.WebHost.ConfigureKestrel(options =>
        {
            kestrel?.Invoke(options);
            options.Listen(IPAddress.Loopback, port);
        });
        return builder;
    }

    /// <summary>The base address of a started app, ending with a slash.</summary>
    /// <param name="app">The started app.</param>
    /// <returns>For example <c>http://127.0.0.1:5180/</c>.</returns>
    public static Uri BaseUrlOf(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }
}
