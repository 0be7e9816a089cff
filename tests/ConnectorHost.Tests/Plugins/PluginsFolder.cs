namespace ConnectorHost.Tests.Plugins;

/// <summary>
/// A temporary plugins folder for one test, filled with copies of the plugins built into artifacts/test-plugins
/// (and artifacts/plugins), so that a test can break its copies without touching the build output.
/// </summary>
internal sealed class PluginsFolder : IDisposable
{
    private readonly string _root;

    public PluginsFolder()
    {
        _root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "connectorhost-tests", Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(_root, "plugins");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The plugins folder to hand to the loader.</summary>
    public string Path { get; }

    /// <summary>The repository root: the folder holding ConnectorHost.sln, found upwards from the test binaries.</summary>
    public static string RepoRoot { get; } = Support.RepoRoot.Find();

    /// <summary>A path under <see cref="_root"/> that does not exist.</summary>
    public string Missing => System.IO.Path.Combine(_root, "no-such-plugins-folder");

    /// <summary>Copies a test plugin from artifacts/test-plugins.</summary>
    /// <param name="name">The test plugin, for example JsonV13Plugin.</param>
    /// <param name="folderName">The folder name in the plugins folder; the plugin's name when null.</param>
    /// <returns>The copied plugin folder.</returns>
    public string AddTestPlugin(string name, string? folderName = null) =>
        Copy(System.IO.Path.Combine(RepoRoot, "artifacts", "test-plugins", name), folderName ?? name);

    /// <summary>Copies a production plugin from artifacts/plugins.</summary>
    /// <param name="name">The plugin folder, for example Samples.</param>
    /// <returns>The copied plugin folder.</returns>
    public string AddPlugin(string name) => Copy(System.IO.Path.Combine(RepoRoot, "artifacts", "plugins", name), name);

    /// <summary>Creates an empty plugin folder.</summary>
    /// <param name="folderName">Its name.</param>
    /// <returns>The folder.</returns>
    public string AddFolder(string folderName) => Directory.CreateDirectory(System.IO.Path.Combine(Path, folderName)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a file still mapped by a loaded plugin must not fail the test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private string Copy(string source, string folderName)
    {
        if (!Directory.Exists(source))
        {
            throw new InvalidOperationException(
                $"{source} does not exist: build the solution (dotnet build ConnectorHost.sln) before running the tests.");
        }

        var target = System.IO.Path.Combine(Path, folderName);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
