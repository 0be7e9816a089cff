using System.Diagnostics;
using ClosedXML.Excel;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// FH-10 (and FH-1) for the portal set-up's import: an export or users file with a second hard link (a name in the
/// export's folder for a file that lives elsewhere), or a named pipe, is refused with the reason before it is read; the
/// dry run shows nothing of it and nothing reaches the sandbox portal.
/// </summary>
public sealed class ImportFileTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Req", "FH-10")]
    public async Task An_export_or_users_file_with_a_second_hard_link_is_refused_with_the_reason_and_nothing_is_imported()
    {
        await using var h = await StartAsync();
        var elsewhere = h.Write("elders/klanten.csv", "Naam,KvK-nummer\nGeheim BV,99999999\n");
        Directory.CreateDirectory(Path.Combine(h.Root, "export"));
        Run("ln", elsewhere, Path.Combine(h.Root, "export", "clients.csv"));
        var task = h.Create(h.Settings("export/clients.csv", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var dry = await RunAsync(task, "dry-run");
        var import = await RunAsync(task, "import");

        foreach (var refused in new[] { dry, import })
        {
            refused.Succeeded.ShouldBeFalse();
            refused.Summary.ShouldStartWith("clients.csv: refused: 'clients.csv' has 2 hard links");
            refused.Summary.ShouldContain("Put a copy of the file in the folder (copy, not ln)");
            refused.Summary.ShouldContain("Nothing was imported.");
            refused.Summary.ShouldNotContain("Geheim");
            refused.Tables.ShouldBeEmpty();
        }

        h.Portal.State.Clients.ShouldNotContain(c => c.Name == "Geheim BV");

        // A workbook too, and the users file beside the export.
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("Blad1");
            sheet.Cell(1, 1).Value = "Naam";
            sheet.Cell(1, 2).Value = "KvK-nummer";
            sheet.Cell(2, 1).Value = "Geheim BV";
            sheet.Cell(2, 2).Value = "99999999";
            workbook.SaveAs(Path.Combine(h.Root, "elders", "klanten.xlsx"));
        }

        Run("ln", Path.Combine(h.Root, "elders", "klanten.xlsx"), Path.Combine(h.Root, "export", "clients.xlsx"));
        var xlsx = await RunAsync(h.Create(h.Settings("export/clients.xlsx", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"))), "dry-run");
        xlsx.Summary.ShouldStartWith("clients.xlsx: refused: 'clients.xlsx' has 2 hard links");

        h.Write("export/own.csv", "Naam,KvK-nummer\nBakkerij Jansen BV,11111111\n");
        Run("ln", elsewhere, Path.Combine(h.Root, "export", "users.csv"));
        var users = await RunAsync(h.Create(h.Settings("export/own.csv", s => { s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"); s.UsersFile = "export/users.csv"; })), "dry-run");
        users.Succeeded.ShouldBeFalse();
        users.Summary.ShouldStartWith("users.csv: refused: 'users.csv' has 3 hard links"); // elders, clients.csv and users.csv
    }

    [Fact]
    [Trait("Req", "FH-1")]
    public async Task An_export_that_is_a_named_pipe_is_refused_unopened_and_never_waits_for_a_writer()
    {
        await using var h = await StartAsync();
        Directory.CreateDirectory(Path.Combine(h.Root, "export"));
        Run("mkfifo", Path.Combine(h.Root, "export", "clients.csv"));
        var task = h.Create(h.Settings("export/clients.csv", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var refused = await RunAsync(task, "dry-run").WaitAsync(Deadline);

        refused.Succeeded.ShouldBeFalse();
        refused.Summary.ShouldStartWith("clients.csv: refused: 'clients.csv' is a named pipe (FIFO), not a regular file; it is not opened");
    }

    private static void Run(string command, params string[] args)
    {
        using var process = Process.Start(command, args);
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{command} {string.Join(' ', args)}");
    }
}
