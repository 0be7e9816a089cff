using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FR-5 on the built program: the configuration of a running host is edited on disk. A changed schedule applies
/// without a restart and an unchanged pipeline keeps running untouched; a broken edit keeps the running pipelines and
/// shows its errors in the log and on the dashboard; a fixed edit applies. Every reload is audited.
/// </summary>
public sealed class LiveReloadTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();
    private readonly int _dashboardPort = FreePort();

    public void Dispose() => _folder.Dispose();

    private string ConfigFile => _folder.Combine("connectorhost.yaml");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int Count(HostProcess host, string text) => host.Lines.Count(l => l.Contains(text, StringComparison.Ordinal));

    private void WriteConfig(string editedSchedule, string shutdownTimeout = "10s") => File.WriteAllText(ConfigFile, $"""
        host:
          dataFolder: data
          plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
          shutdownTimeout: {shutdownTimeout}
          dashboard:
            enabled: true
            address: http://127.0.0.1:{_dashboardPort}
        pipelines:
          - name: steady
            every: 1h
            source:
              type: samples.folder
              settings: {Folders("steady")}
            target:
              type: samples.copy
              settings:
                folder: data/steady/portal
          - name: edited
            {editedSchedule}
            source:
              type: samples.folder
              settings: {Folders("edited")}
            target:
              type: samples.copy
              settings:
                folder: data/edited/portal
        """);

    private static string Folders(string name) =>
        $"{{ folder: data/{name}/inbox, doneFolder: data/{name}/done, errorFolder: data/{name}/error, stableFor: 0s, createFolders: true }}";

    private async Task<string> OverviewAsync()
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(new Uri($"http://127.0.0.1:{_dashboardPort}/"));
    }

    [Fact]
    [Trait("Req", "FR-5")]
    public async Task An_edited_configuration_applies_without_a_restart_and_a_broken_edit_keeps_the_running_one()
    {
        WriteConfig("every: 1h");
        using var host = HostProcess.Start("run", "--config", ConfigFile);
        await host.WaitUntilAsync(() => Count(host, "Pipeline steady run Succeeded") == 1 && Count(host, "Pipeline edited run Succeeded") == 1, Patience);
        await host.WaitUntilAsync(() => host.Output.Contains("for edits: a valid edit applies without a restart", StringComparison.Ordinal), Patience);

        // 1. A changed schedule applies: an hourly pipeline now runs every second; the other one is left alone.
        WriteConfig("every: 1s");
        await host.WaitUntilAsync(() => host.Output.Contains("reloaded: restarted edited; unchanged steady", StringComparison.Ordinal), Patience);
        await host.WaitUntilAsync(() => Count(host, "Pipeline edited run Succeeded") >= 4, Patience);

        // 2. A broken edit: refused with validate's errors, in the log and on the dashboard; the pipelines run on.
        WriteConfig("every: often");
        await host.WaitUntilAsync(() => host.Output.Contains("is not applied: 1 error(s)", StringComparison.Ordinal), Patience);
        host.Output.ShouldMatch(@"connectorhost\.yaml:\d+:\d+: error: pipelines\[1\]\.every: expected a duration");
        var runsAtRefusal = Count(host, "Pipeline edited run Succeeded");
        await host.WaitUntilAsync(() => Count(host, "Pipeline edited run Succeeded") >= runsAtRefusal + 2, Patience);
        var refused = await OverviewAsync();
        refused.ShouldContain("id=\"config-errors\"");
        refused.ShouldMatch(@"connectorhost\.yaml:\d+:\d+: error: pipelines\[1\]\.every: expected a duration");

        // 3. A fixed edit applies; a host setting edited with it is named as applying at the next start.
        WriteConfig("every: 1h", shutdownTimeout: "20s");
        // The host logs "reloaded" and then, in a line of its own, the host settings that wait for a restart: wait for both.
        await host.WaitUntilAsync(
            () => Count(host, "reloaded: restarted edited; unchanged steady") == 2 && host.Output.Contains("Edited host settings", StringComparison.Ordinal),
            Patience);
        host.Output.ShouldContain("Edited host settings host.shutdownTimeout");
        host.Output.ShouldContain("applies at the next start");
        var fixedPage = await OverviewAsync();
        fixedPage.ShouldNotContain("id=\"config-errors\"");
        fixedPage.ShouldContain("host.shutdownTimeout: applies at the next start");
        Regex.Matches(fixedPage, "data-pipeline=\"(steady|edited)\"").Count.ShouldBe(2);

        host.Terminate();
        (await host.WaitForExitAsync(Patience)).ShouldBe(0, host.Output);
        Count(host, "Pipeline steady run Succeeded").ShouldBe(1, "the unchanged pipeline was never restarted, so it never ran again");
        AuditActions().ShouldBe(["config-reloaded", "config-reload-refused", "config-reloaded"]);
    }

    private List<string> AuditActions()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _folder.Combine("data", "state.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT action FROM audit WHERE subject = 'config:connectorhost.yaml' ORDER BY id";
        using var reader = command.ExecuteReader();
        var actions = new List<string>();
        while (reader.Read())
        {
            actions.Add(reader.GetString(0));
        }

        return actions;
    }
}
