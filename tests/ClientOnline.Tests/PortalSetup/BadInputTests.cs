using System.Text;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Plugins.ClientOnline.Import;
using static ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup.ImportHarness;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>Bad exports: every problem is a clear message naming the file and the line; nothing is skipped silently.</summary>
public sealed class BadInputTests
{
    [Fact]
    [Trait("Req", "PO-1")]
    public async Task A_missing_column_names_the_column_its_setting_and_what_the_header_has()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", "Naam,KvK-nummer\nJansen,11111111\n");
        var task = h.Create(h.Settings());

        var result = await RunAsync(task, "dry-run");

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldStartWith("clients.csv, line 1: the header misses the columns 'Hidden id' (columns.hiddenId), 'Adres' (columns.address)");
        result.Summary.ShouldContain("The header has: 'Naam', 'KvK-nummer'.");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task A_wrong_delimiter_is_named_with_the_setting_to_change()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", "Naam;KvK-nummer\nJansen;11111111\n");
        var task = h.Create(h.Settings(configure: s => { s.Delimiter = CsvDelimiter.Comma; s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"); }));

        var result = await RunAsync(task, "dry-run");

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldContain("line 1");
        result.Summary.ShouldContain("the file is separated by ';' but was read with ','; set 'delimiter: Semicolon' or 'delimiter: Auto'");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task Duplicate_and_invalid_kvk_numbers_and_short_lines_are_invalid_with_their_lines()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", """
            Naam,KvK-nummer
            Jansen,11111111
            Smit,1234567X
            Jansen bis,11111111
            Visser,123456789
            Kort
            Goed BV,22222222
            """);
        var task = h.Create(h.Settings(configure: s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var lines = Lines(await RunAsync(task, "import"));

        lines[2].ShouldBe(("Invalid", "KvK number 11111111 is in the file more than once (lines 2, 4); keep one", RowMark.Error));
        lines[4].Reason.ShouldBe("KvK number 11111111 is in the file more than once (lines 2, 4); keep one");
        lines[3].Reason.ShouldBe("KvK number '1234567X' is not 8 digits");
        lines[5].Reason.ShouldBe("KvK number '123456789' is not 8 digits");
        lines[6].Reason.ShouldStartWith("the line has 1 values but the header has 2 columns");
        lines[7].Status.ShouldBe("Created");
        lines.Count.ShouldBe(6, "every line of the file is in the table");
        h.Portal.State.Clients.ShouldNotContain(c => c.KvkNumber == "11111111");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task A_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte()
    {
        await using var h = await StartAsync();
        var latin1 = Encoding.Latin1.GetBytes("Naam,KvK-nummer\nJansen,11111111\nCafé de Hoek,22222222\n");
        await File.WriteAllBytesAsync(Path.Combine(h.Root, "clients.csv"), latin1);
        var task = h.Create(h.Settings(configure: s => s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer")));

        var result = await RunAsync(task, "import");

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldStartWith("clients.csv, line 3: the file is not UTF-8");
        result.Summary.ShouldContain("CSV UTF-8");
        h.Portal.State.Clients.Count.ShouldBe(3, "nothing is imported from a file that cannot be read");
    }

    [Fact]
    [Trait("Req", "PO-1")]
    public async Task A_users_file_line_for_a_client_outside_the_export_is_an_error_naming_it()
    {
        await using var h = await StartAsync();
        h.Write("clients.csv", "Naam,KvK-nummer\nJansen,11111111\n");
        h.Write("users.csv", "KvK-nummer,Gebruikersnaam,Naam\n11111111,jansen,Piet\n99999999,weg,Wees\n");
        var task = h.Create(h.Settings(configure: s => { s.Columns = PortalSetupTests.Only("Naam", "KvK-nummer"); s.UsersFile = "users.csv"; }));

        var result = await RunAsync(task, "dry-run");

        result.Succeeded.ShouldBeFalse();
        result.Summary.ShouldBe("users.csv line 3: the user's client (KvK 99999999) is not in the export; add the client or remove the user.");
    }

    [Fact]
    public void The_csv_reader_keeps_quoted_separators_quotes_and_line_breaks_and_counts_lines()
    {
        var records = CsvRecords.Parse("a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",x\nlast", ',').ToList();

        records.Select(r => r.Line).ShouldBe([1, 2, 4]);
        records[0].Cells.ShouldBe(["a", "b,1", "say \"hi\""]);
        records[1].Cells.ShouldBe(["multi\nline", "x"]);
        records[2].Cells.ShouldBe(["last"]);
    }
}
