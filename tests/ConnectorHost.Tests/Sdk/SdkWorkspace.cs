using System.Reflection;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Sdk;

/// <summary>
/// Once per test class: <c>dotnet pack ConnectorHost.sln</c> into a temporary folder outside the repository, the
/// template installed from there into a private template hive, and <c>dotnet new connectorhost-plugin -n Acme.Echo</c>
/// with a nuget.config that adds the packed folder as a source (the machine's NuGet source stays for the rest).
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
        NewOutput = await ProcessRunner.RunAsync(Path.Combine(Root, "work"), Patience, null, "dotnet", "new", "connectorhost-plugin", "-n", "Acme.Echo", "--debug:custom-hive", Hive);
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(Project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="connectorhost-packed" value="{Packages}" />
              </packageSources>
              <config>
                <!-- A packages folder of its own, so the freshly packed 1.x is never mistaken for an older one in a cache. -->
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "nuget-packages")}" />
              </config>
              <fallbackPackageFolders>
                <add key="machine" value="{machinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
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
