using System.Text;
using ConnectorHost.Dashboard;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>The CSV lines of the dashboard's downloads (UI-4), without a server: separators, quoting and formula cells.</summary>
public sealed class CsvDownloadTests
{
    [Fact]
    [Trait("Req", "UI-4")]
    public void A_line_separates_by_semicolons_quotes_what_needs_it_and_defuses_formulas()
    {
        var line = new StringBuilder();
        CsvDownload.Append(line, ["plain", null, "a;b", "say \"hi\"", "=HYPERLINK(\"x\")", "-1", "@sum", "two\nlines", "Goedgekeurd é"]);
        line.ToString().ShouldBe(
            "plain;;\"a;b\";\"say \"\"hi\"\"\";\"'=HYPERLINK(\"\"x\"\")\";'-1;'@sum;\"two\nlines\";Goedgekeurd é" + Environment.NewLine);
        CsvDownload.Append(line, ["second"]);
        line.ToString().ShouldEndWith(Environment.NewLine + "second" + Environment.NewLine);
    }
}
