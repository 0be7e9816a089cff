using System.Net;
using System.Net.Sockets;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>A dashboard port that another program holds stops the host with a message that says so, not a stack trace.</summary>
public sealed class DashboardPortInUseTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_taken_port_is_named_and_the_host_exits_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var config = _folder.Combine("connectorhost.yaml");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              dashboard:
                enabled: true
                address: http://127.0.0.1:{port}
            pipelines: []
            """);

        using var host = HostProcess.Start("run", "--config", config);
        var exit = await host.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exit.ShouldBe(1);
        host.Output.ShouldContain($"port {port} is in use by another program");
        host.Output.ShouldNotContain("CancellationTokenSource");
    }
}
