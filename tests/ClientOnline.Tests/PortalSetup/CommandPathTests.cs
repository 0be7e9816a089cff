using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// SEC-2: the file names the import's commands take (from the CLI or a dashboard form) stay inside the folders the
/// YAML names. The probe wrote a template over any path with <c>write-template file=/any/path.xlsx</c> and read the
/// first line of any file with <c>dry-run file=/any/file</c>; here each of those, a <c>..</c> and a symbolic link (to a
/// file or a folder) that points out are refused, and nothing is written or shown.
/// </summary>
[Trait("Req", "SEC-2")]
public sealed class CommandPathTests : IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("co-outside-").FullName;

    public void Dispose() => Directory.Delete(_outside, recursive: true);

    [Fact]
    public async Task Write_template_outside_the_export_folder_is_refused_and_writes_nothing()
    {
        await using var h = await StartAsync();
        h.Write("export/clients.csv", $"{PortalSetupTests.Header}\n");
        var task = h.Create(h.Settings("export/clients.csv"));
        var target = Path.Combine(_outside, "overwritten.xlsx");
        await File.WriteAllTextAsync(target, "the office's own file");
        // Links in the export folder that point out: to the file, and to the folder it is in.
        File.CreateSymbolicLink(Path.Combine(h.Root, "export", "link.xlsx"), target);
        Directory.CreateSymbolicLink(Path.Combine(h.Root, "export", "out"), _outside);

        foreach (var argument in new[] { target, "../overwritten.xlsx", "../../" + Path.GetFileName(_outside) + "/overwritten.xlsx", "link.xlsx", "out/overwritten.xlsx", "out/new.xlsx" })
        {
            var refused = await RunAsync(task, "write-template", ("file", argument));

            refused.Succeeded.ShouldBeFalse(argument);
            refused.Summary.ShouldContain("is outside the folders this pipeline may read and write");
            refused.Summary.ShouldContain(Path.Combine(h.Root, "export"));
        }

        (await File.ReadAllTextAsync(target)).ShouldBe("the office's own file");
        Directory.GetFiles(_outside).ShouldBe([target]);
        File.Exists(Path.Combine(h.Root, "overwritten.xlsx")).ShouldBeFalse();

        // A plain name lands in the export's folder.
        var written = await RunAsync(task, "write-template", ("file", "sjabloon.xlsx"));
        written.Succeeded.ShouldBeTrue(written.Summary);
        File.Exists(Path.Combine(h.Root, "export", "sjabloon.xlsx")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_dry_run_of_a_file_elsewhere_or_through_a_link_that_points_out_shows_nothing_of_it()
    {
        await using var h = await StartAsync();
        h.Write("export/clients.csv", $"{PortalSetupTests.Header}\nBakkerij Jansen BV,11111111,,,,,,,,,,,,\n");
        var secret = Path.Combine(_outside, "secret.csv");
        await File.WriteAllTextAsync(secret, "Naam,KvK-nummer\nGeheim BV,99999999\n");
        File.CreateSymbolicLink(Path.Combine(h.Root, "export", "link.csv"), secret);
        var task = h.Create(h.Settings("export/clients.csv", s => s.Columns = PortalSetupTests.Only(name: "Naam", kvk: "KvK-nummer")));

        foreach (var argument in new[] { secret, "link.csv", "../../" + Path.GetFileName(_outside) + "/secret.csv" })
        {
            var refused = await RunAsync(task, "dry-run", ("file", argument));

            refused.Succeeded.ShouldBeFalse(argument);
            refused.Summary.ShouldContain("is outside the folders this pipeline may read and write");
            refused.Summary.ShouldNotContain("Geheim");
            refused.Tables.ShouldBeEmpty();
        }

        // The export itself, named in its folder, still runs.
        (await RunAsync(task, "dry-run", ("file", "clients.csv"))).Succeeded.ShouldBeTrue();
    }
}
