using System.Text.Json;
using System.Text.RegularExpressions;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.FieldReadiness;

/// <summary>
/// FR-1: <c>dotnet run --project host</c> builds every plugin. The host's build-order references come from a glob over
/// the plugins folder; this test guards the glob against a plugin it would miss or a library it would wrongly take.
/// </summary>
public sealed partial class PluginBuildOrderTests
{
    [Fact]
    [Trait("Req", "FR-1")]
    public async Task Every_project_that_declares_a_plugin_folder_is_built_by_the_host_project()
    {
        var root = RepoRoot.Find();
        var declared = Directory.EnumerateFiles(Path.Combine(root, "plugins"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "sandbox"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => PluginFolderName().IsMatch(File.ReadAllText(p)))
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var result = await ExternalCommand.RunAsync("dotnet", ["msbuild", "host/ConnectorHost.csproj", "-getItem:ProjectReference", "-nologo"], root, TimeSpan.FromMinutes(3));
        result.ExitCode.ShouldBe(0, result.Output);
        var referenced = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement
            .GetProperty("Items").GetProperty("ProjectReference").EnumerateArray()
            .Where(r => r.TryGetProperty("ReferenceOutputAssembly", out var output) && output.GetString() == "false")
            .Select(r => Path.GetRelativePath(root, r.GetProperty("FullPath").GetString()!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        declared.Count.ShouldBeGreaterThanOrEqualTo(6, "the repository has at least Samples, ClientOnline, Certipost, AccountingTasks, CaseWareCloud and the sandbox plugin");
        referenced.ShouldBe(declared, "host/ConnectorHost.csproj must build exactly the projects that set <PluginFolderName> (see its PluginBuildOrder glob)");
    }

    [GeneratedRegex("<PluginFolderName>[^<]+</PluginFolderName>")]
    private static partial Regex PluginFolderName();
}
