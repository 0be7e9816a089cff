using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// FH-8: a PIN letter is readable by the host's user only (0600, in a 0700 folder the import creates), and so are the
/// state database and its WAL, also in a process whose umask (this test's, 022) would make them readable by all: the
/// modes are set where the files are created, not only by the host's umask.
/// </summary>
[Trait("Req", "FH-8")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes and owners are a Unix matter
public sealed class LetterModesTests
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Pin_letters_and_the_state_database_are_0600_whatever_the_umask()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", $"""
            {PortalSetupTests.Header}
            Bakkerij Jansen BV,11111111,,Dorpsstraat 1,1234 AB,Utrecht,,,,,jansen,Piet Jansen,,
            """);
        Directory.Exists(h.Letters).ShouldBeFalse("the import creates the letters folder");

        (await RunAsync(h.Create(h.Settings()), "import")).Succeeded.ShouldBeTrue();

        File.GetUnixFileMode(h.Letters).ShouldBe(OwnerOnlyFile | UnixFileMode.UserExecute);
        var letter = Directory.GetFiles(h.Letters).ShouldHaveSingleItem();
        File.GetUnixFileMode(letter).ShouldBe(OwnerOnlyFile, letter);
        var database = Path.Combine(h.Root, "state.db");
        File.GetUnixFileMode(database).ShouldBe(OwnerOnlyFile);
        File.Exists(database + "-wal").ShouldBeTrue();
        File.GetUnixFileMode(database + "-wal").ShouldBe(OwnerOnlyFile, "SQLite gives its WAL the database file's mode");
    }
}
