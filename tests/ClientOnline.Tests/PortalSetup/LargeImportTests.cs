using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>5,000-row exports as CSV and .xlsx: a dry run, a real run, and a second real run that creates nothing.</summary>
public sealed class LargeImportTests
{
    public const int Rows = 5_000;

    [Theory]
    [InlineData("clients.csv")]
    [InlineData("clients.xlsx")]
    [Trait("Req", "PO-1")]
    public async Task Five_thousand_rows_import_once(string file)
    {
        await using var h = await StartAsync();
        WriteExport(Path.Combine(h.Root, file), Rows);
        var task = h.Create(h.Settings(file, s => { s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"); s.Columns.City = "Plaats"; s.Group = "Cliënten met alle rechten"; }));

        var dry = Lines(await RunAsync(task, "dry-run"));
        dry.Count.ShouldBe(Rows);
        dry.Values.ShouldAllBe(v => v.Status == "New");

        var import = Lines(await RunAsync(task, "import"));
        import.Values.ShouldAllBe(v => v.Status == "Created");
        h.Portal.State.Clients.Count.ShouldBe(Rows + 3);

        var again = Lines(await RunAsync(task, "import"));
        again.Values.ShouldAllBe(v => v.Status == "Already present");
        h.Portal.State.Clients.Count.ShouldBe(Rows + 3);
    }

    /// <summary>Writes an export of generated clients (KvK 10000000 and up) as .csv or .xlsx.</summary>
    internal static void WriteExport(string path, int rows)
    {
        string Kvk(int i) => (10_000_000 + i).ToString(CultureInfo.InvariantCulture);
        if (path.EndsWith(".csv", StringComparison.Ordinal))
        {
            var text = new StringBuilder("Naam;KvK-nummer;Plaats\n");
            for (var i = 0; i < rows; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Cliënt {i} BV;{Kvk(i)};Utrecht\n");
            }

            File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
            return;
        }

        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Export");
        sheet.Cell(1, 1).Value = "Naam";
        sheet.Cell(1, 2).Value = "KvK-nummer";
        sheet.Cell(1, 3).Value = "Plaats";
        for (var i = 0; i < rows; i++)
        {
            sheet.Cell(i + 2, 1).Value = $"Cliënt {i} BV";
            sheet.Cell(i + 2, 2).Value = Kvk(i);
            sheet.Cell(i + 2, 3).Value = "Utrecht";
        }

        workbook.SaveAs(path);
    }
}
