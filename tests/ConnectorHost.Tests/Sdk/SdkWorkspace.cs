using System.Reflection;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Sdk;

/// <summary>
/// Once per test class: <c>dotnet pack ConnectorHost.sln</c> into a temporary folder outside the repository, the
/// template installed from there into a private template hive, and <c>dotnet new connectorhost-plugin -n Acme.Echo
/// --local-feed &lt;packed&gt;</c>, whose nuget.config adds the packed folder as a source (the machine's NuGet source
/// stays for the rest).
/// </summary>
public sealed class SdkWorkspace : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "connectorhost-sdk-" + Guid.NewGuid().ToString("N"));

    public string Packages => Path.Combine(Root, "packed");

    public string Hive => Path.Combine(Root, "template-hive");

    public string Project => Path.Combine(Root, "work", "Acme.Echo");

    public string PackOutput { get; private set; } = string.Empty;

    public string NewOutput { get; private set; } = string.Empty;

    /// <summary>The configuration this test assembly was built in; the packages are packed from the same build.</summary>
    public static string Configuration =>
        typeof(SdkWorkspace).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Root, "work"));
        PackOutput = await ProcessRunner.RunAsync(RepoRoot.Find(), Patience, null, "dotnet", "pack", "ConnectorHost.sln", "-c", Configuration, "--no-build", "-o", Packages);
        await ProcessRunner.RunAsync(Root, Patience, null, "dotnet", "new", "install", Directory.GetFiles(Packages, "ConnectorHost.Templates.*.nupkg").Single(), "--debug:custom-hive", Hive);
        NewOutput = await New("Acme.Echo", Path.Combine(Root, "work"));
        GeneratedNuGetConfig = await File.ReadAllTextAsync(Path.Combine(Project, "nuget.config"));
        await PinPackageFoldersAsync(Project);
    }

    /// <summary>The nuget.config as the template wrote it (with <c>--local-feed</c>), before the test pinned its folders.</summary>
    public string GeneratedNuGetConfig { get; private set; } = string.Empty;

    /// <summary>Makes a plugin from the template, restoring from the packed folder (<c>--local-feed</c>).</summary>
    /// <param name="name">The plugin's name.</param>
    /// <param name="folder">Where its folder is made.</param>
    /// <returns>What <c>dotnet new</c> printed.</returns>
    public Task<string> New(string name, string folder)
    {
        Directory.CreateDirectory(folder);
        return ProcessRunner.RunAsync(folder, Patience, null, "dotnet", "new", "connectorhost-plugin", "-n", name, "--local-feed", Packages, "--debug:custom-hive", Hive);
    }

    /// <summary>
    /// Adds to the generated nuget.config a packages folder of its own (so the freshly packed 1.x is never mistaken for
    /// an older one in a cache) and the machine's packages as a fallback (the rest restores offline).
    /// </summary>
    /// <param name="project">The generated plugin's folder.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public async Task PinPackageFoldersAsync(string project)
    {
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var file = Path.Combine(project, "nuget.config");
        var config = System.Xml.Linq.XDocument.Load(file);
        config.Root!.Add(
            new System.Xml.Linq.XElement("config", new System.Xml.Linq.XElement("add", new System.Xml.Linq.XAttribute("key", "globalPackagesFolder"), new System.Xml.Linq.XAttribute("value", Path.Combine(Root, "nuget-packages")))),
            new System.Xml.Linq.XElement("fallbackPackageFolders", new System.Xml.Linq.XElement("add", new System.Xml.Linq.XAttribute("key", "machine"), new System.Xml.Linq.XAttribute("value", machinePackages))));
        await File.WriteAllTextAsync(file, config.ToString());
    }

    public async Task DisposeAsync()
    {
        try
        {
            await ProcessRunner.RunUncheckedAsync(Path.GetTempPath(), TimeSpan.FromMinutes(1), null, "dotnet", "new", "uninstall", "ConnectorHost.Templates", "--debug:custom-hive", Hive);
        }
        finally
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // a temporary folder left behind is harmless
            }
        }
    }
}
