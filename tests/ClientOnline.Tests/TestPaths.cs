namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>Where the tests find the repository, the checked-in XBRL corpus and their own test data.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConnectorHost.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ConnectorHost.sln above {AppContext.BaseDirectory}: cannot find the repository root.");
    });

    /// <summary>The folder with ConnectorHost.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>The real XBRL instances, checked in at <c>&lt;repo root&gt;/testdata/xbrl</c> (see testdata/README.md).</summary>
    public static string XbrlCorpus
    {
        get
        {
            var path = Path.Combine(RepoRoot, "testdata", "xbrl");
            return Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"The XBRL corpus is missing: expected {path}, checked in with the repository. Restore it with git checkout -- testdata.");
        }
    }

    /// <summary>The hand-made test inputs, copied next to the test assembly.</summary>
    public static string TestData(string fileName) => Path.Combine(AppContext.BaseDirectory, "testdata", fileName);

    /// <summary>The pinned WSDL, checked in beside the contracts.</summary>
    public static string PinnedWsdl => Path.Combine(RepoRoot, "plugins", "ClientOnline.Contracts", "accordering.wsdl");
}
