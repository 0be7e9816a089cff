using ClosedXML.Excel;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using ConnectorHost.Plugins.ClientOnline.Import;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// Exports as offices really make them (PO-8..PO-10, CP-9): workbooks written here with ClosedXML (hidden sheets, title
/// rows, merged cells, number cells), imported through <c>clientonline.import</c> into the sandbox portal over real
/// SOAP; the tests check the dry run's report and what the portal received.
/// </summary>
public sealed class OfficeExportTests
{
    private static readonly string[] Headings = ["Naam", "KvK-nummer", "Cliëntgroep", "Accorderingstoken", "Gebruikersnaam", "Mobiel", "E-mail", "Postcode"];

    [Fact]
    [Trait("Req", "PO-8")]
    public async Task A_hidden_first_sheet_is_passed_over_and_the_header_below_a_title_block_is_found()
    {
        await using var h = await StartAsync();
        Save(Path.Combine(h.Root, "clients.xlsx"), workbook =>
        {
            var old = workbook.AddWorksheet("Oud");
            Rows(old, 1, ["Naam", "KvK-nummer"], ["Oude Klant BV", "71111111"], ["Nog Ouder BV", "72222222"]);
            old.Visibility = XLWorksheetVisibility.Hidden;
            var sheet = workbook.AddWorksheet("Klanten");
            sheet.Cell(1, 1).Value = "Klantenlijst — export uit CRM, 01-12-2026";
            sheet.Range(1, 1, 1, 4).Merge();
            Rows(sheet, 3, ["Naam", "KvK-nummer"], ["Bakkerij Jansen BV", "11111111"], ["Smit Installaties", "22222222"]);
        });
        var task = h.Create(h.Settings("clients.xlsx", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var dry = await RunAsync(task, "dry-run");

        dry.Succeeded.ShouldBeTrue(dry.Summary);
        dry.Summary.ShouldBe("Dry run of clients.xlsx, sheet 'Klanten' (hidden sheet 'Oud' skipped): 2 new");
        dry.Tables[0].Title.ShouldBe("Dry run: clients.xlsx, sheet 'Klanten' (hidden sheet 'Oud' skipped)");
        var lines = Lines(dry);
        lines.Keys.ToList().ShouldBe([4, 5], "the rows are named as Excel numbers them, below the header on row 3");
        dry.Tables[0].Rows.Select(r => r.Cells[3]).ShouldBe(["Bakkerij Jansen BV", "Smit Installaties"]);

        var imported = Lines(await RunAsync(task, "import"));
        imported.Values.Select(v => v.Status).ShouldBe(["Created", "Created"]);
        (await h.ClientByKvkAsync("11111111")).Name.ShouldBe("Bakkerij Jansen BV");
        h.Portal.State.Clients.ShouldNotContain(c => c.KvkNumber == "71111111" || c.KvkNumber == "72222222");

        var named = h.Create(h.Settings("clients.xlsx", s => { s.Sheet = "Oud"; s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"); }));
        var oldDry = await RunAsync(named, "dry-run");
        oldDry.Summary.ShouldBe("Dry run of clients.xlsx, sheet 'Oud': 2 new", "a hidden sheet the YAML names is read");
    }

    [Fact]
    [Trait("Req", "PO-8")]
    public async Task A_header_that_cannot_be_found_is_named_by_file_sheet_and_row_without_a_csv_hint_and_headerRow_sets_it()
    {
        await using var h = await StartAsync();
        Save(Path.Combine(h.Root, "clients.xlsx"), workbook =>
        {
            var lookup = workbook.AddWorksheet("Keuzelijsten");
            Rows(lookup, 1, ["Groepen", "Tokens"], ["Alleen accorderen", "Pin"]);
            lookup.Visibility = XLWorksheetVisibility.VeryHidden;
            var sheet = workbook.AddWorksheet("Klanten");
            sheet.Cell(1, 1).Value = "Klantenlijst — export uit CRM, 01-12-2026";
            Rows(sheet, 3, ["Relatie", "KvK"], ["Bakkerij Jansen BV", "11111111"]);
        });
        var task = h.Create(h.Settings("clients.xlsx", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var result = await RunAsync(task, "dry-run");

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldStartWith("clients.xlsx, sheet 'Klanten', row 1: the header misses the columns 'Naam' (columns.name), 'KvK-nummer' (columns.kvkNumber). The header has: 'Klantenlijst — export uit CRM, 01-12-2026'.");
        result.Summary.ShouldContain("set 'headerRow:' to the row of the column headings");
        result.Summary.ShouldNotContain("delimiter");
        result.Summary.ShouldNotContain("Groepen", customMessage: "the hidden lookup sheet's columns are not the ones listed");

        var fixedTask = h.Create(h.Settings("clients.xlsx", s => { s.HeaderRow = 3; s.Columns = PortalSetupTests.Only("Relatie", "KvK"); }));
        var fixedRun = Lines(await RunAsync(fixedTask, "import"));
        fixedRun[4].Status.ShouldBe("Created");
        (await h.ClientByKvkAsync("11111111")).Name.ShouldBe("Bakkerij Jansen BV");
    }

    [Fact]
    [Trait("Req", "PO-9")]
    public async Task A_merged_group_applies_to_every_row_it_spans_and_the_default_group_is_named_where_it_applies()
    {
        await using var h = await StartAsync();
        Save(Path.Combine(h.Root, "clients.xlsx"), workbook =>
        {
            var sheet = workbook.AddWorksheet("Klanten");
            Rows(sheet, 1, ["Naam", "KvK-nummer", "Cliëntgroep"],
                ["Jansen BV", "11111111", "Alleen accorderen"], ["Smit BV", "22222222", ""], ["Visser BV", "33333333", ""],
                ["Mulder BV", "44444444", ""], ["Bakker BV", "Bakker BV", ""]);
            sheet.Range("C2:C4").Merge();
            sheet.Range("A6:B6").Merge(); // a name merged over the KvK column: one value cannot fill two fields
        });
        var task = h.Create(h.Settings("clients.xlsx", s =>
        {
            s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer");
            s.Columns.Group = "Cliëntgroep";
            s.Group = PortalState.AllRightsGroup;
            s.Groups = [new GroupSetting { Name = "Alleen accorderen", Rights = ["Accorderen"] }];
        }));

        var dry = Lines(await RunAsync(task, "dry-run"));

        dry[2].ShouldBe(("New", "0 user(s)", RowMark.None));
        dry[3].ShouldBe(("New", "0 user(s)", RowMark.None), "the merged cell's value applies to this row too");
        dry[4].ShouldBe(("New", "0 user(s)", RowMark.None));
        dry[5].ShouldBe(("New", "0 user(s); group 'Cliënten met alle rechten' from the setting 'group': the 'Cliëntgroep' cell is empty", RowMark.None));
        dry[6].Status.ShouldBe("Invalid");
        dry[6].Reason.ShouldStartWith("cells A6:B6 are merged across 2 columns, so one value would land in several fields; unmerge them");

        var imported = Lines(await RunAsync(task, "import"));
        imported[5].Reason.ShouldBe("0 user(s); group 'Cliënten met alle rechten' from the setting 'group': the 'Cliëntgroep' cell is empty");
        foreach (var kvk in new[] { "11111111", "22222222", "33333333" })
        {
            (await h.ClientByKvkAsync(kvk)).Groups.ShouldBe(["Alleen accorderen"], $"client {kvk} is in the merged cell's group");
        }

        (await h.ClientByKvkAsync("44444444")).Groups.ShouldBe([PortalState.AllRightsGroup]);
        h.Portal.State.Clients.Count.ShouldBe(3 + 4, "the merged-across-columns row is not created");
    }

    [Fact]
    [Trait("Req", "PO-10")]
    [Trait("Req", "CP-9")]
    public async Task Lost_zeros_and_dirty_addresses_are_repaired_in_the_dry_run_and_the_import_creates_exactly_that()
    {
        await using var h = await StartAsync();
        Save(Path.Combine(h.Root, "clients.xlsx"), workbook =>
        {
            var sheet = workbook.AddWorksheet("Klanten");
            Rows(sheet, 1, Headings);
            Rows(sheet, 2,
                ["Jansen BV", "11111111", "", "Sms", "jansen", "", "mailto:info@jansen.nl", "1234 AB"],
                ["Nul BV", "", "", "", "", "", "info@nul.nl\u200B", ""],
                ["Vast BV", "33333333", "", "Sms", "vast", "", "", ""],
                ["Post BV", "44444444", "", "", "", "", "", ""]);
            sheet.Cell(2, 6).Value = 612345678;      // the mobile number typed into a number cell: Excel dropped the 0
            sheet.Cell(3, 2).Value = 1234567;        // a KvK number with a leading zero, shown by the cell's format
            sheet.Cell(3, 2).Style.NumberFormat.Format = "00000000";
            sheet.Cell(4, 6).Value = 201234567;      // a landline without its 0: which number it was cannot be told
            sheet.Cell(5, 8).Value = 999;            // a postal code that lost a digit or a zero
        });
        var task = h.Create(h.Settings("clients.xlsx", s =>
        {
            s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer");
            s.Columns.Token = "Accorderingstoken";
            s.Columns.UserLogin = "Gebruikersnaam";
            s.Columns.UserMobile = "Mobiel";
            s.Columns.Email = "E-mail";
            s.Columns.PostalCode = "Postcode";
        }));

        var dry = await RunAsync(task, "dry-run");

        var lines = Lines(dry);
        lines[2].ShouldBe(("New", "1 user(s); repaired: e-mail: removed 'mailto:' (a link copied from a web page or a mail) from 'mailto:info@jansen.nl'; mobile number '612345678' lost its leading zero (a number cell in the spreadsheet); read as 0612345678", RowMark.Warning));
        lines[3].ShouldBe(("New", "0 user(s); repaired: e-mail: removed invisible character U+200B ZERO WIDTH SPACE (left by copy-paste)", RowMark.Warning));
        dry.Tables[0].Rows.Single(r => r.Cells[0] == "3").Cells[1].ShouldBe("01234567", "the KvK cell is read as its format shows it");
        lines[4].Status.ShouldBe("Invalid");
        lines[4].Reason.ShouldBe("mobile number: '201234567' has no leading 0 or +: did the spreadsheet drop a leading zero? Which number it was cannot be told; enter it as text with its 0 or +");
        lines[5].Reason.ShouldStartWith("postal code '999' has 3 digits");
        dry.Summary.ShouldBe("Dry run of clients.xlsx, sheet 'Klanten': 2 new, 2 invalid; 2 with repaired values (see Reason)");
        h.Portal.State.Clients.Count.ShouldBe(3, "the dry run creates nothing");

        var import = await RunAsync(task, "import");

        var created = Lines(import);
        foreach (var line in new[] { 2, 3 })
        {
            created[line].ShouldBe(("Created", lines[line].Reason, RowMark.Warning), "the import does what the dry run listed");
        }

        created[4].ShouldBe(lines[4]);
        created[5].ShouldBe(lines[5]);
        var jansen = await h.ClientByKvkAsync("11111111");
        jansen.Email.ShouldBe("info@jansen.nl");
        (await h.Beheer.Service.ListUsersAsync("demo", "demo", jansen.HiddenId)).ShouldHaveSingleItem().Mobile.ShouldBe("0612345678");
        (await h.ClientByKvkAsync("01234567")).Email.ShouldBe("info@nul.nl");
        h.Portal.State.Clients.Count.ShouldBe(5, "exactly the two the dry run listed as new");
        h.LogLines.ShouldContain(l => l.StartsWith("Import line 2: client Jansen BV created with repaired values:", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "PO-8")]
    public async Task A_csv_with_a_title_line_finds_its_header_and_a_utf16_file_is_named_as_such()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", "Klantenlijst export uit CRM\n\nNaam;KvK-nummer\nJansen BV;11111111\n");
        var task = h.Create(h.Settings("clients.csv", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var dry = await RunAsync(task, "dry-run");
        dry.Summary.ShouldBe("Dry run of clients.csv: 1 new");
        Lines(dry).Keys.ToList().ShouldBe([4]);

        await File.WriteAllBytesAsync(Path.Combine(h.Root, "unicode.csv"), System.Text.Encoding.Unicode.GetBytes("Naam;KvK-nummer\r\nCafé;11111111\r\n"));
        var utf16 = await RunAsync(h.Create(h.Settings("unicode.csv", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"))), "dry-run");
        utf16.Succeeded.ShouldBeFalse();
        utf16.Summary.ShouldBe("unicode.csv: the file is UTF-16LE (Excel's 'Unicode text'), not UTF-8. Save it as 'CSV UTF-8 (comma delimited)' and import again.");
    }

    private static void Save(string path, Action<XLWorkbook> fill)
    {
        using var workbook = new XLWorkbook();
        fill(workbook);
        workbook.SaveAs(path);
    }

    private static void Rows(IXLWorksheet sheet, int firstRow, params string[][] rows)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                if (rows[r][c].Length > 0)
                {
                    sheet.Cell(firstRow + r, c + 1).Value = rows[r][c];
                }
            }
        }
    }
}
