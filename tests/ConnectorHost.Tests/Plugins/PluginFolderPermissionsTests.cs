using System.Net;
using System.Security.Cryptography;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Tests.EndToEnd;

namespace ConnectorHost.Tests.Plugins;

/// <summary>
/// FH-6 on the built program: a plugins folder, plugin folder or DLL that others than the host's user may write is
/// refused with the path and what to do (the <c>plugins</c> command and <c>run</c> load the same way), unless
/// <c>host.allowPluginsWritableByOthers</c> is set; a plugin that loads is logged at Warning with its path, version and
/// SHA-256, audited, and shown on the dashboard.
/// </summary>
[Trait("Req", "FH-6")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and owners are a Unix matter
public sealed class PluginFolderPermissionsTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const UnixFileMode Rwxr_xr_x = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
    private readonly PluginsFolder _plugins = new();

    public void Dispose() => _plugins.Dispose();

    [Fact]
    public async Task A_plugins_folder_plugin_folder_or_DLL_others_may_write_is_refused_unless_the_setting_allows_it()
    {
        var samples = _plugins.AddPlugin("Samples");
        var dll = Path.Combine(samples, "ConnectorHost.Plugins.Samples.dll");

        File.SetUnixFileMode(_plugins.Path, Rwxr_xr_x | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite); // chmod 777
        var (exit, output) = await PluginsCommandAsync(allow: false);
        exit.ShouldNotBe(0, output);
        output.ShouldContain($"No plugin is loaded: the folder {_plugins.Path} may be changed by others than the host's user: every local user may write it (mode 777)");
        output.ShouldContain("chmod go-w");
        output.ShouldContain("host.allowPluginsWritableByOthers");
        output.ShouldNotContain("samples.folder", Case.Sensitive, "no component of the plugin is listed");

        File.SetUnixFileMode(_plugins.Path, Rwxr_xr_x);
        File.SetUnixFileMode(samples, Rwxr_xr_x | UnixFileMode.GroupWrite); // chmod 775 on the plugin's folder
        (exit, output) = await PluginsCommandAsync(allow: false);
        exit.ShouldNotBe(0, output);
        output.ShouldContain($"The plugin is not loaded: the folder {samples} may be changed by others than the host's user: its group may write it (mode 775)");

        File.SetUnixFileMode(samples, Rwxr_xr_x);
        File.SetUnixFileMode(dll, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite); // chmod 646
        (exit, output) = await PluginsCommandAsync(allow: false);
        exit.ShouldNotBe(0, output);
        output.ShouldContain($"the file {dll} may be changed by others than the host's user: every local user may write it (mode 646)");

        (exit, output) = await PluginsCommandAsync(allow: true);
        exit.ShouldBe(0, output);
        output.ShouldContain("samples.folder", Case.Sensitive, "with host.allowPluginsWritableByOthers the same plugin loads");

        File.SetUnixFileMode(dll, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        (exit, output) = await PluginsCommandAsync(allow: false);
        exit.ShouldBe(0, output);
        output.ShouldContain("samples.folder", Case.Sensitive, "only the host's user may write it now");
    }

    [Fact]
    public async Task A_loaded_plugin_is_logged_at_Warning_with_path_version_and_SHA_256_audited_and_shown_on_the_dashboard()
    {
        var samples = _plugins.AddPlugin("Samples");
        var dll = Path.Combine(samples, "ConnectorHost.Plugins.Samples.dll");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dll)));
        var port = FreePort();
        var config = WriteConfig(allow: false, $"""
              dashboard:
                enabled: true
                address: http://127.0.0.1:{port}
            """);
        using var host = HostProcess.Start("run", "--config", config);
        using var http = new HttpClient();

        string overview = string.Empty;
        await host.WaitUntilAsync(() =>
        {
            try
            {
                overview = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")).GetAwaiter().GetResult();
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Patience);

        host.Output.ShouldMatch($@"\[\d\d:\d\d:\d\d WRN\] Plugin Samples \d+\.\d+\.\d+ loaded from {System.Text.RegularExpressions.Regex.Escape(dll)} \(SHA-256 {sha}\): samples\.folder");
        WebUtility.HtmlDecode(overview).ShouldContain($"{dll}, SHA-256 <code>{sha}</code>");

        var store = new SqliteStateStore(Path.Combine(_plugins.Path, "..", "data", "state.db"), TimeProvider.System);
        var audit = await store.Audit.ListAsync("plugin:Samples", 10, CancellationToken.None);
        audit.ShouldContain(e => e.Action == "plugin-loaded" && e.Who == "host" && e.Details.Contains(dll, StringComparison.Ordinal) && e.Details.Contains(sha, StringComparison.Ordinal));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        host.Terminate();
        (await host.WaitForExitAsync(Patience)).ShouldBe(0, host.Output);
    }

    private async Task<(int Exit, string Output)> PluginsCommandAsync(bool allow)
    {
        using var host = HostProcess.Start("plugins", "--config", WriteConfig(allow));
        var exit = await host.WaitForExitAsync(Patience);
        return (exit, host.Output);
    }

    private string WriteConfig(bool allow, string dashboard = "")
    {
        var file = Path.Combine(_plugins.Path, "..", "connectorhost.yaml");
        File.WriteAllText(file, $"""
            host:
              dataFolder: data
              plugins: {_plugins.Path}
              reloadPlugins: false
              allowPluginsWritableByOthers: {(allow ? "true" : "false")}
              shutdownTimeout: 5s
            {dashboard}
            pipelines:
              - name: samples-demo
                every: 1h
                source:
                  type: samples.folder
                  settings:
                    folder: data/inbox
                    doneFolder: data/done
                    errorFolder: data/error
                    createFolders: true
                target:
                  type: samples.copy
                  settings:
                    folder: data/portal
            """);
        return file;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
