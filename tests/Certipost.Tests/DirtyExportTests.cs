using System.Text;
using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Plugins.Certipost.Tests;

/// <summary>
/// Relations the way packages and people really export them (CP-9, CP-10): pasted e-mail addresses, non-breaking
/// spaces, double-encoded names, line breaks in a street. The list shows every repair and refusal before sending; the
/// sandbox Certipost, over real HTTP, receives the cleaned values and mails the welcome to the clean address.
/// </summary>
public sealed class DirtyExportTests
{
    private const string Office = "office:an";

    [Fact]
    [Trait("Req", "CP-9")]
    public async Task Pasted_addresses_are_cleaned_with_a_warning_in_the_list_and_certipost_receives_and_mails_the_clean_one()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("5001", email: "mailto:info@peeters.be"),
            Rows.Row("5002", name: "Garage Janssens", vat: "BE\u00A00812\u00A0345\u00A0603", email: "boekhouding@janssens.be\u200B"),
            Rows.Row("5003", name: "Slagerij Maes", vat: "0456.789.034", email: "Jan Maes <Jan@Maes.BE>"),
            Rows.Row("5004", name: "Twee Adressen BV", vat: "0765.432.146", email: "info@x.be, jan@x.be"));
        using var task = world.Enrol();

        var list = await task.RunAsync(new AdminCommandRequest("list", new Dictionary<string, string>(), Office), CancellationToken.None);

        list.Summary.ShouldBe("3 complete and ready to send, 1 incomplete");
        var complete = list.Tables[0];
        complete.Columns[^1].ShouldBe("Repaired before sending");
        var rows = complete.Rows.ToDictionary(r => r.Cells[0]);
        rows["5001"].Cells[3].ShouldBe("info@peeters.be");
        rows["5001"].Cells[^1].ShouldBe("e-mail: removed 'mailto:' (a link copied from a web page or a mail) from 'mailto:info@peeters.be'");
        rows["5001"].Mark.ShouldBe(RowMark.Warning);
        rows["5002"].Cells[^1].ShouldBe("e-mail: removed invisible character U+200B ZERO WIDTH SPACE (left by copy-paste)");
        rows["5003"].Cells[3].ShouldBe("Jan@maes.be");
        rows["5003"].Cells[^1].ShouldBe("e-mail: removed the display name 'Jan Maes' (only the address between < > is used)");
        list.Tables[1].Rows.ShouldHaveSingleItem().Cells.ShouldBe(["5004", "Twee Adressen BV", "e-mail: 'info@x.be, jan@x.be' holds more than one address; keep one"]);

        var sent = await task.Enrolment.SendAsync(Office, CancellationToken.None);

        sent.Sent.Select(r => r.Number).ShouldBe(["5001", "5002", "5003"], "exactly what the list showed as complete");
        var optIns = world.Sandbox.State.Batches.ShouldHaveSingleItem().OptIns!;
        optIns.Select(o => o.Email).ShouldBe(["info@peeters.be", "boekhouding@janssens.be", "Jan@maes.be"]);
        optIns[1].VatNumber.ShouldBe("BE0812345603", "non-breaking spaces in the enterprise number are plain spaces");
        world.Sandbox.State.Mails.Select(m => m.To).Order(StringComparer.Ordinal).ShouldBe(["Jan@maes.be", "boekhouding@janssens.be", "info@peeters.be"]);
        world.Logs.GetSnapshot().ShouldContain(e => e.Message.StartsWith("Relation 5001 (Bakkerij Peeters BV) is sent to Certipost with repaired values", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "CP-10")]
    public async Task A_double_encoded_name_or_street_makes_the_relation_incomplete_naming_the_field_and_the_likely_original()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("5101", name: "CafÃ© MÃ¼ller"),
            Rows.Row("5102", name: "Brasserie Janssens", vat: "0812.345.603", street: "Rue de lâ€™Ã‰glise 5"),
            Rows.Row("5103", name: "Café Müller", vat: "0456.789.034", street: "Rue de l’Église 5"));
        using var task = world.Enrol();

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        list.Eligible.Select(r => r.Number).ShouldBe(["5103"], "correct accents are left alone");
        var incomplete = list.Incomplete.ToDictionary(i => i.Relation.Number);
        incomplete["5101"].Problems.ShouldHaveSingleItem().ToString()
            .ShouldBe("name: 'CafÃ© MÃ¼ller' looks double-encoded (a UTF-8 file opened as ANSI and saved again); it was probably 'Café Müller'. Correct it in the source");
        incomplete["5102"].MissingFields.ShouldBe([RelationField.Street]);
        incomplete["5102"].Problems[0].Problem.ShouldContain("it was probably 'Rue de l’Église 5'");

        await task.Enrolment.SendAsync(Office, CancellationToken.None);

        world.Sandbox.State.Batches.ShouldHaveSingleItem().OptIns!.Select(o => o.Name).ShouldBe(["Café Müller"]);
        world.Sandbox.State.Mails.ShouldHaveSingleItem().Body.ShouldContain("Café Müller");
        world.Sandbox.State.Mails.ShouldNotContain(m => m.Body.Contains('Ã'));
    }

    [Fact]
    public async Task A_line_break_in_a_quoted_street_is_joined_with_a_warning_and_sent_on_one_line()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(Rows.Row("5201", street: "\"Kerkstraat 1\r\nbus 2\""));
        using var task = world.Enrol();

        var list = await task.Enrolment.ComputeAsync(Office, CancellationToken.None);

        list.Repairs["5201"].ShouldBe(["street had line breaks; joined into one line: 'Kerkstraat 1, bus 2'"]);
        await task.Enrolment.SendAsync(Office, CancellationToken.None);
        world.Sandbox.State.Batches.Single().OptIns!.Single().Street.ShouldBe("Kerkstraat 1, bus 2");
    }

    [Fact]
    public async Task A_utf16_export_without_a_byte_order_mark_is_called_utf16()
    {
        await using var world = await CertipostWorld.StartAsync();
        await File.WriteAllBytesAsync(world.CsvPath, Encoding.Unicode.GetBytes(CertipostWorld.Header + "\r\n" + Rows.Row("5301", name: "Café Müller") + "\r\n"));
        using var task = world.Enrol();

        var error = await Should.ThrowAsync<RelationSourceException>(() => task.Enrolment.ComputeAsync(Office, CancellationToken.None));

        error.Message.ShouldBe("relaties.csv is saved as UTF-16 (UTF-16LE, without a byte order mark). Save it as UTF-8 (in Excel: 'CSV UTF-8').");
    }
}
