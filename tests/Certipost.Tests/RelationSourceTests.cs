using System.Text;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Plugins.Certipost.Tests;

public sealed class RelationSourceTests
{
    private const string Office = "anna@kantoor.be";

    [Fact]
    public async Task A_csv_with_missing_columns_names_them_and_the_header_line()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv([Rows.Row("1")], header: "Nummer;Naam;BtwNummer;Taal;Straat;Postcode;Land;StatusEFactuur");
        using var task = world.Enrol();

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));

        error.Message.ShouldContain("relaties.csv, line 1 (the header): missing columns 'Email' (e-mail), 'Gemeente' (city)");
        error.Lines.ShouldBe([1]);
        (await world.Store.Records.ListAsync("certipost.relations", CancellationToken.None)).ShouldBeEmpty("nothing is half-read");
    }

    [Fact]
    [Trait("Req", "FH-5")]
    public async Task A_relation_export_over_50_MB_is_refused_before_it_is_read_naming_the_limit()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("1"));
        using (var grow = new FileStream(world.CsvPath, FileMode.Append))
        {
            grow.SetLength(51L * 1024 * 1024); // a runaway export: the rest of the file is zero bytes
        }

        using var task = world.Enrol();

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));

        error.Message.ShouldBe("relaties.csv is 51.0 MB, more than the 50 MB a relation export may be: it is refused and nothing is read. Export only the relations (no attachments, no other tables), or split the export.");
        (await world.Store.Records.ListAsync("certipost.relations", CancellationToken.None)).ShouldBeEmpty("nothing is half-read");
    }

    [Fact]
    public async Task A_csv_with_another_delimiter_is_detected_as_a_wrong_delimiter()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv([Rows.Row("1").Replace(';', ',')], header: CertipostWorld.Header.Replace(';', ','));
        using var task = world.Enrol();

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));

        error.Message.ShouldContain("line 1: the header has one column");
        error.Message.ShouldContain("wrong delimiter");
        error.Message.ShouldContain("The file seems to use ','");
        error.Lines.ShouldBe([1]);

        using var comma = world.Enrol(s => s.Source!.Delimiter = ",");
        (await comma.Enrolment.ComputeAsync(Office, CancellationToken.None)).Eligible.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_csv_with_a_BOM_is_read_like_one_without()
    {
        await using var world = await CertipostWorld.StartAsync();
        var text = string.Join("\r\n", CertipostWorld.Header, Rows.Row("1", name: "Brasserie Élise", city: "Liège", language: "fr")) + "\r\n";
        File.WriteAllText(world.CsvPath, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        File.ReadAllBytes(world.CsvPath)[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        using var task = world.Enrol();

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        var relation = list.Eligible.ShouldHaveSingleItem();
        relation.Number.ShouldBe("1", "the BOM is not part of the first column's name or value");
        relation.Name.ShouldBe("Brasserie Élise");
        relation.City.ShouldBe("Liège");
    }

    [Fact]
    public async Task A_duplicate_relation_number_names_both_lines()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("100"), Rows.Row("200"), "", Rows.Row("300"), Rows.Row("200", name: "Other"));
        using var task = world.Enrol();

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));

        error.Message.ShouldContain("relaties.csv, lines 3 and 6: relation number 200 appears twice");
        error.Lines.ShouldBe([3, 6]);
    }

    [Fact]
    public async Task Text_that_is_not_UTF8_names_the_line_and_says_to_save_as_UTF8()
    {
        await using var world = await CertipostWorld.StartAsync();
        var latin1 = Encoding.Latin1;
        var text = string.Join("\r\n", CertipostWorld.Header, Rows.Row("1"), Rows.Row("2", city: "Liège"), Rows.Row("3")) + "\r\n";
        File.WriteAllBytes(world.CsvPath, latin1.GetBytes(text));
        using var task = world.Enrol(s => s.AutoSend = true);

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));

        error.Message.ShouldContain("relaties.csv, line 3: invalid UTF-8 byte sequence (byte 0xE8)");
        error.Message.ShouldContain("must be saved as UTF-8");
        error.Lines.ShouldBe([3]);

        var run = await task.RunAsync(CancellationToken.None);
        run.Kind.ShouldBe(SyncResultKind.NeedsInstruction);
        run.Summary.ShouldContain("line 3");
        world.Sandbox.State.Batches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Quoted_fields_may_hold_the_delimiter_quotes_and_line_breaks_and_later_lines_keep_their_numbers()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            "1;\"Peeters; Zonen \"\"De Bakker\"\"\";BE0403170701;a@b.be;nl;\"Kerkstraat 1\nbus 2\";2000;Antwerpen;BE;Toegelaten",
            Rows.Row("2"),
            Rows.Row("2"));
        using var task = world.Enrol();

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));
        error.Lines.ShouldBe([4, 5]);

        world.WriteCsv(
            "1;\"Peeters; Zonen \"\"De Bakker\"\"\";BE0403170701;a@b.be;nl;\"Kerkstraat 1\nbus 2\";2000;Antwerpen;BE;Toegelaten",
            Rows.Row("2"));
        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);
        list.Eligible[0].Name.ShouldBe("Peeters; Zonen \"De Bakker\"");
        list.Eligible[0].Street.ShouldBe("Kerkstraat 1, bus 2", "the reader keeps the line break; Certipost takes one line, so the list joins it with a warning");
        list.Repairs["1"].ShouldBe(["street had line breaks; joined into one line: 'Kerkstraat 1, bus 2'"]);
    }

    [Fact]
    public async Task Columns_are_found_by_their_configured_header_names_in_any_order()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            ["Toegelaten|1001|Peeters|peeters@x.be|BE|nl|Kerkstraat 1|2000|Antwerpen|0403170701|extra"],
            header: "efact|relnr|naam|mail|land|taal|adres|pc|stad|ondernemingsnr|Opmerking");
        using var task = world.Enrol(s =>
        {
            s.Source!.Delimiter = "|";
            s.Source.Columns = new RelationColumns
            {
                Number = "relnr", Name = "naam", VatNumber = "ondernemingsnr", Email = "MAIL", Language = "taal", Street = "adres",
                PostalCode = "pc", City = "stad", CountryCode = "land", EInvoicingStatus = "efact",
            };
        });

        var relation = (await task.Enrolment.ComputeAsync(Office, CancellationToken.None)).Eligible.ShouldHaveSingleItem();

        relation.Number.ShouldBe("1001");
        relation.Email.ShouldBe("peeters@x.be");
        relation.VatNumber.ShouldBe("0403170701");
    }

    [Fact]
    [Trait("Req", "CP-1")]
    public async Task Relations_come_from_a_SQL_query_through_ADO_NET_as_well()
    {
        await using var world = await CertipostWorld.StartAsync();
        var database = Path.Combine(world.Root, "boekhouding.db");
        await using (var connection = new SqliteConnection($"Data Source={database}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE relaties (nr INTEGER, naam TEXT, btw TEXT, email TEXT, taal TEXT, straat TEXT, pc TEXT, gemeente TEXT, land TEXT, efact TEXT);
                INSERT INTO relaties VALUES (501, 'Peeters', 'BE0403170701', 'p@p.be', 'nl', 'Kerkstraat 1', '2000', 'Antwerpen', 'BE', 'Toegelaten');
                INSERT INTO relaties VALUES (502, 'Janssens', NULL, 'j@j.be', 'nl', 'Markt 2', '3000', 'Leuven', 'BE', 'Toegelaten');
                INSERT INTO relaties VALUES (503, 'Claes', 'BE0456789034', 'c@c.be', 'nl', 'Dorp 3', '9000', 'Gent', 'BE', 'Onbekend');
                """;
            await command.ExecuteNonQueryAsync();
        }

        using var task = world.Enrol(s => s.Source = new RelationSourceSettings
        {
            Kind = RelationSourceKind.Sql,
            ConnectionString = "Data Source=boekhouding.db;Mode=ReadOnly",
            Query = "SELECT nr AS Nummer, naam AS Naam, btw AS BtwNummer, email AS Email, taal AS Taal, straat AS Straat, pc AS Postcode, gemeente AS Gemeente, land AS Land, efact AS StatusEFactuur FROM relaties ORDER BY nr",
        });

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        list.Eligible.Select(r => r.Number).ShouldBe(["501"]);
        list.Incomplete.Single().Relation.Number.ShouldBe("502");
        list.Incomplete.Single().MissingFields.ShouldBe([RelationField.VatNumber]);
        (await world.StatusAsync("503")).ShouldBe(RelationStatus.NotAdmitted);

        var sent = await task.Enrolment.SendAsync(Office, CancellationToken.None);
        sent.Sent.Single().Number.ShouldBe("501");

        using var missing = world.Enrol(s => s.Source = new RelationSourceSettings
        {
            Kind = RelationSourceKind.Sql,
            ConnectionString = $"Data Source={database}",
            Query = "SELECT nr AS Nummer, naam AS Naam, efact AS StatusEFactuur FROM relaties",
        });
        var error = await Should.ThrowAsync<RelationSourceException>(() => missing.Enrolment.ComputeAsync(Office, CancellationToken.None));
        error.Message.ShouldContain("lacks columns 'BtwNummer' (VAT/enterprise number), 'Email' (e-mail)");

        using var duplicate = world.Enrol(s => s.Source = new RelationSourceSettings
        {
            Kind = RelationSourceKind.Sql,
            ConnectionString = $"Data Source={database}",
            Query = "SELECT 7 AS Nummer, naam AS Naam, btw AS BtwNummer, email AS Email, taal AS Taal, straat AS Straat, pc AS Postcode, gemeente AS Gemeente, land AS Land, efact AS StatusEFactuur FROM relaties",
        });
        (await Should.ThrowAsync<RelationSourceException>(() => duplicate.Enrolment.ComputeAsync(Office, CancellationToken.None)))
            .Message.ShouldContain("Rows 1 and 2 of the relation query's result: relation number 7 appears twice");
    }
}
