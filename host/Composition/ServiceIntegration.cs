using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConnectorHost.Composition;

/// <summary>
/// FR-3: the Generic Host's own service integrations. Started by the Windows service manager, the host reports its
/// state to it and a service stop drains running work; started by systemd (<c>Type=notify</c>), it tells systemd when
/// it is ready and stops on SIGTERM the same way. Started any other way, both do nothing.
/// </summary>
internal static class ServiceIntegration
{
    /// <summary>The service name the README's <c>sc.exe create</c> line uses.</summary>
    public const string WindowsServiceName = "ConnectorHost";

    public static void Add(IServiceCollection services)
    {
        services.AddWindowsService(o => o.ServiceName = WindowsServiceName);
        services.AddSystemd();
    }
}
