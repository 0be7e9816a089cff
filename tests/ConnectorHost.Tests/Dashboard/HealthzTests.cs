using System.Net;
using System.Text.Json;
using ConnectorHost.Tests.EndToEnd;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// SEC-7 against the built host: <c>/healthz</c> checks the state store with a real write, answers 503 when the
/// SQLite file is gone from under the running host, and names a pipeline that keeps failing.
/// </summary>
[Trait("Req", "SEC-7")]
public sealed class HealthzTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly string _address = $"http://127.0.0.1:{DashboardFixture.FreePort()}";
    private HostProcess? _host;

    public async Task InitializeAsync()
    {
        var config = _folder.Combine("connectorhost.yaml");
        // The 'broken' pipeline's inbox is a file, so every run fails as a whole.
        Directory.CreateDirectory(_folder.Combine("data"));
        await File.WriteAllTextAsync(_folder.Combine("data", "not-a-folder"), "a file where a folder should be");
        await File.WriteAllTextAsync(config, $"""
            host:
              dataFolder: data
              plugins: {Path.Combine(RepoRoot.Find(), "artifacts", "plugins")}
              retryFailedRunsAfter: 1s
              dashboard:
                enabled: true
                address: {_address}
            pipelines:
              - name: broken
                every: 1s
                source:
                  type: samples.folder
                  settings: {"{"} folder: data/not-a-folder, doneFolder: data/done, errorFolder: data/error, createFolders: true {"}"}
                target:
                  type: samples.copy
                  settings: {"{"} folder: data/portal {"}"}
            """);
        _host = HostProcess.Start("run", "--config", config);
        using var http = new HttpClient();
        await _host.WaitUntilAsync(() => Status(http).Code != 0, TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        _host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_pipeline_that_keeps_failing_is_named_and_a_deleted_database_answers_503()
    {
        using var http = new HttpClient();

        // Three failed runs in a row: named under 'failing', the host degraded but up.
        await _host!.WaitUntilAsync(() => Status(http).Body.Contains("\"failing\":{\"broken\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var (code, body) = Status(http);
        code.ShouldBe(200);
        using (var json = JsonDocument.Parse(body))
        {
            json.RootElement.GetProperty("status").GetString().ShouldBe("degraded");
            json.RootElement.GetProperty("stateStore").GetString().ShouldBe("ok");
            json.RootElement.GetProperty("failing").GetProperty("broken").GetString().ShouldStartWith("failed its last ");
        }

        // The probe: the database deleted under the running host used to leave /healthz at "ok".
        foreach (var file in Directory.GetFiles(_folder.Combine("data"), "state.db*"))
        {
            File.Delete(file);
        }

        (code, body) = Status(http);
        code.ShouldBe(503);
        using (var json = JsonDocument.Parse(body))
        {
            json.RootElement.GetProperty("status").GetString().ShouldBe("unhealthy");
            json.RootElement.GetProperty("stateStore").GetString().ShouldNotBeNull().ShouldContain("is gone");
        }
    }

    private (int Code, string Body) Status(HttpClient http)
    {
        try
        {
            using var response = http.GetAsync(_address + "/healthz").GetAwaiter().GetResult();
            return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        }
        catch (HttpRequestException)
        {
            return (0, string.Empty);
        }
    }
}
