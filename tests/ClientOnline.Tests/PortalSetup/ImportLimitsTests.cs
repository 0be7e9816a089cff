using System.IO.Compression;
using System.Text;
using ClosedXML.Excel;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// FH-5: exports over a limit (a zip bomb, a sheet whose used range spans a million rows, a very wide line, a huge
/// cell, too many lines, a file too large) are refused by <c>clientonline.import</c>'s dry run with the limit named,
/// before the workbook is read; nothing reaches the sandbox portal. The memory side is proven on the built host in
/// <see cref="ImportLimitsHostTests"/>.
/// </summary>
[Trait("Req", "FH-5")]
public sealed class ImportLimitsTests
{
    [Fact]
    public async Task A_zip_bomb_workbook_is_refused_before_it_is_read_naming_the_limit()
    {
        await using var h = await StartAsync();
        var bomb = ZipBomb.Write(Path.Combine(h.Root, "bomb.xlsx"), unpackedMb: 120);
        new FileInfo(bomb).Length.ShouldBeLessThan(2 * 1024 * 1024, "a bomb is small on disk");
        var task = h.Create(h.Settings("bomb.xlsx", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var dry = await RunAsync(task, "dry-run");

        dry.Succeeded.ShouldBeFalse();
        dry.Summary.ShouldStartWith("bomb.xlsx: refused: ");
        dry.Summary.ShouldContain("limits.maxCompressionRatio");
        dry.Summary.ShouldContain("xl/worksheets/sheet1.xml");

        var byUnpacked = h.Create(h.Settings("bomb.xlsx", s =>
        {
            s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer");
            s.Limits.MaxCompressionRatio = 100_000;
        }));
        var second = await RunAsync(byUnpacked, "dry-run");
        second.Summary.ShouldContain("the workbook unpacks to more than 50 MB (limits.maxUnpackedMb)");
        h.Portal.State.Clients.ShouldNotContain(c => c.Name == "Bom BV");
    }

    [Fact]
    public async Task A_worksheet_whose_used_range_spans_too_many_rows_or_columns_is_refused_with_the_range()
    {
        await using var h = await StartAsync();
        Save(Path.Combine(h.Root, "tall.xlsx"), sheet =>
        {
            sheet.Cell(1, 1).Value = "Naam";
            sheet.Cell(1, 2).Value = "KvK-nummer";
            sheet.Cell(2, 1).Value = "Bakkerij Jansen BV";
            sheet.Cell(2, 2).Value = "11111111";
            sheet.Cell(1_048_576, 1).Value = " "; // a stray cell at the bottom: two cells, a million rows
        });
        Save(Path.Combine(h.Root, "wide.xlsx"), sheet =>
        {
            sheet.Cell(1, 1).Value = "Naam";
            sheet.Cell(1, 2).Value = "KvK-nummer";
            sheet.Cell(2, 16_384).Value = "x";
        });

        var tall = await RunAsync(h.Create(h.Settings("tall.xlsx", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"))), "dry-run");
        tall.Summary.ShouldBe("tall.xlsx, sheet 'Blad1': refused: the used range A1:B1048576 spans 1,048,576 rows, more than the 100,000 allowed (limits.maxRows). Nothing was imported; delete the empty rows below the data (a cell far down that holds a space or a format counts), or raise limits.maxRows.");

        var wide = await RunAsync(h.Create(h.Settings("wide.xlsx", s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"))), "dry-run");
        wide.Summary.ShouldContain("spans 16,384 columns, more than the 200 allowed (limits.maxColumns)");
    }

    [Fact]
    public async Task A_CSV_over_a_limit_is_refused_naming_the_line_and_the_limit()
    {
        await using var h = await StartAsync();
        var header = "Naam,KvK-nummer\n";
        h.Write("long-cell.csv", header + "\"" + new string('a', 5_000) + "\",11111111\n");
        h.Write("wide.csv", header + "Bakkerij Jansen BV,11111111" + new string(',', 300) + "\n");
        h.Write("many.csv", header + string.Concat(Enumerable.Range(0, 12).Select(i => $"Klant {i} BV,{10000000 + i}\n")));
        h.Write("open-quote.csv", header + "\"Bakkerij Jansen BV,11111111\n" + new string('x', 10_000));
        File.WriteAllBytes(Path.Combine(h.Root, "big.csv"), Encoding.UTF8.GetBytes(header + new string('x', 2 * 1024 * 1024)));

        async Task<string> DryRunAsync(string file, Action<Import.ClientImportSettings>? configure = null) =>
            (await RunAsync(h.Create(h.Settings(file, s => { s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"); configure?.Invoke(s); })), "dry-run")).Summary;

        (await DryRunAsync("long-cell.csv")).ShouldBe("long-cell.csv, line 2: refused: a cell holds more than 4,000 characters, the most allowed (limits.maxCellLength). Nothing was imported; correct the cell (is a closing quote missing?), or raise limits.maxCellLength.");
        (await DryRunAsync("wide.csv")).ShouldContain("wide.csv, line 2: refused: it has 201 values, more than the 200 columns allowed (limits.maxColumns)");
        (await DryRunAsync("many.csv", s => s.Limits.MaxRows = 10)).ShouldContain("many.csv: refused: the file has more than 10 lines, the most allowed (limits.maxRows)");
        (await DryRunAsync("open-quote.csv")).ShouldContain("line 2: refused: a cell holds more than 4,000 characters");
        (await DryRunAsync("big.csv", s => s.Limits.MaxFileMb = 1)).ShouldContain("big.csv: refused: the file is 2.0 MB, more than the 1 MB allowed (limits.maxFileMb)");
        (await DryRunAsync("many.csv")).ShouldStartWith("Dry run of many.csv: 12 new", Case.Sensitive, "within the limits the same file is read");
    }

    private static void Save(string path, Action<IXLWorksheet> fill)
    {
        using var workbook = new XLWorkbook();
        fill(workbook.AddWorksheet("Blad1"));
        workbook.SaveAs(path);
    }
}

/// <summary>A real workbook whose worksheet XML is padded with whitespace: tiny on disk, huge when unpacked.</summary>
internal static class ZipBomb
{
    public static string Write(string path, int unpackedMb)
    {
        using var made = new MemoryStream();
        using (var workbook = new XLWorkbook())
        {
            var sheet = workbook.AddWorksheet("Klanten");
            sheet.Cell(1, 1).Value = "Naam";
            sheet.Cell(1, 2).Value = "KvK-nummer";
            sheet.Cell(2, 1).Value = "Bom BV";
            sheet.Cell(2, 2).Value = "12345678";
            workbook.SaveAs(made);
        }

        made.Position = 0;
        using var original = new ZipArchive(made, ZipArchiveMode.Read);
        using var bomb = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in original.Entries)
        {
            using var from = entry.Open();
            using var to = bomb.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
            if (entry.FullName != "xl/worksheets/sheet1.xml")
            {
                from.CopyTo(to);
                continue;
            }

            var xml = new StreamReader(from).ReadToEnd();
            var end = xml.LastIndexOf("</", StringComparison.Ordinal); // the closing tag of the worksheet element
            var bytes = Encoding.UTF8.GetBytes(xml[..end]);
            to.Write(bytes);
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < unpackedMb; i++)
            {
                to.Write(spaces);
            }

            to.Write(Encoding.UTF8.GetBytes(xml[end..]));
        }

        return path;
    }
}
