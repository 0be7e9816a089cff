using System.Text.RegularExpressions;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>
/// A newcomer's first start (issue 27, point 9): the demo configuration, as checked in, on the built host. Its
/// sandboxes start before the pipelines that call them (<c>startFirst</c>), so no first run fails (on a slow, cold
/// machine one did, twice a start) and the start logs no warning beyond those it gives on purpose: one per plugin loaded (FH-6), the demo folders made on a first start
/// (<c>createFolders</c>) and the CaseWare Cloud sample data's deliberate problems. Only the ports are changed, to free
/// ones, so that it runs beside other tests.
/// </summary>
public sealed partial class DemoStartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90); // a guard against a hang, not a timing assertion
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_demo_starts_its_sandboxes_first_and_logs_no_failed_run_and_no_unexpected_warning()
    {
        var repo = RepoRoot.Find();
        var config = Path.Combine(_folder.Path, "config");
        CopyFolder(Path.Combine(repo, "config"), config);
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        var yaml = DemoPort().Replace(
            await File.ReadAllTextAsync(Path.Combine(config, "connectorhost.yaml")),
            m => ports.TryGetValue(m.Value, out var port) ? port : ports[m.Value] = Dashboard.DashboardFixture.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        yaml = yaml.Replace("plugins: ../artifacts/plugins", $"plugins: {Path.Combine(repo, "artifacts", "plugins")}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(config, "connectorhost.yaml"), yaml);
        ports.Count.ShouldBe(4, "the dashboard and the three sandboxes");

        using var host = HostProcess.Start("run", "--config", Path.Combine(config, "connectorhost.yaml"));
        string[] callers = ["clientonline", "certipost", "certipost-daily", "casewarecloud"];
        await host.WaitUntilAsync(() => callers.All(p => host.Lines.Any(l => l.Contains($"Pipeline {p} run ", StringComparison.Ordinal))), Patience);

        var lines = host.Lines.ToList();
        lines.ShouldNotContain(l => l.Contains(" run Failed", StringComparison.Ordinal), host.Output);
        var unexpected = lines.Where(l => l.Contains(" WRN]", StringComparison.Ordinal) || l.Contains(" ERR]", StringComparison.Ordinal))
            .Where(l => !l.Contains("] Plugin ", StringComparison.Ordinal) || !l.Contains(" loaded from ", StringComparison.Ordinal)) // FH-6, on purpose
            .Where(l => !l.Contains("Created the missing folder", StringComparison.Ordinal)) // the demo's createFolders, first start only
            .Where(l => !l.Contains("casewarecloud: ", StringComparison.Ordinal) || !l.Contains("is not sent to CaseWare Cloud", StringComparison.Ordinal)) // the sample data's deliberate problems
            .ToList();
        unexpected.ShouldBeEmpty(host.Output);
        // The order in the log: every sandbox listened before a pipeline that calls it finished its first run. (On a
        // fast machine the race is rarely lost without startFirst; the scheduler's tests prove the waiting itself.)
        var sandboxesUp = new[] { "clientonline-sandbox", "certipost-sandbox", "casewarecloud-sandbox" }
            .Select(sandbox => lines.FindIndex(l => l.Contains($"Pipeline {sandbox} run Succeeded", StringComparison.Ordinal)))
            .ToList();
        sandboxesUp.ShouldAllBe(i => i >= 0, host.Output);
        foreach (var caller in callers)
        {
            lines.FindIndex(l => l.Contains($"Pipeline {caller} run ", StringComparison.Ordinal)).ShouldBeGreaterThan(sandboxesUp.Max(), host.Output);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    [GeneratedRegex(@"(?<=[^0-9])(5080|5180|5181|5200)(?=[^0-9])")]
    private static partial Regex DemoPort();
}
