using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

/// <summary>
/// CW-8: a contact person's e-mail is a CaseWare Cloud login, so it is cleaned with the same rules as every connector
/// before it is sent to the sandbox over real HTTP: an invisible character never becomes part of a login, a repair is
/// logged and shown in the contacts view, and an address that cannot be a login keeps the contact person back.
/// </summary>
public sealed class EmailNormalisationTests
{
    [Fact]
    [Trait("Req", "CW-8")]
    public async Task Pasted_addresses_become_logins_people_can_type_and_each_repair_is_shown()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(new TestClient("1001")
        {
            Contacts =
            [
                new TestContact("5001", "jan@jansen.nl\u200B"),
                new TestContact("5002", "mailto:piet@Jansen.NL", "Piet"),
                new TestContact("5003", "Kees Bakker <kees@jansen.nl>", "Kees"),
                new TestContact("5004", "klaas@jansen", "Klaas"),
                new TestContact("5005", "anna@jansen.nl", "Anna"),
                new TestContact("5006", "\uFEFFanna@jansen.nl", "Anna"),
            ],
        });
        using var task = world.Task();

        var report = await task.SyncAsync(CancellationToken.None);

        world.Sandbox.State.Contacts.Select(c => c.Email).Order(StringComparer.Ordinal).ShouldBe(["jan@jansen.nl", "kees@jansen.nl", "piet@jansen.nl"]);
        report.ContactsNotSent.ShouldBe(3);
        var view = await CaseWareWorld.CommandAsync(task, "contacts");
        view.Summary.ShouldBe("6 contact persons: 3 in CaseWare Cloud, 3 not; 3 sent with a repaired e-mail");
        var notSent = view.Tables[0].Rows.ToDictionary(r => r.Cells[1]);
        notSent["5004"].Cells[4].ShouldBe("not sent: invalid e-mail");
        notSent["5004"].Cells[5].ShouldBe("e-mail 'klaas@jansen' is not an e-mail address (name@domain.tld): the e-mail is the login in CaseWare Cloud. Correct the contact person's e-mail in AuditCase");
        notSent["5005"].Cells[4].ShouldBe("not sent: shared e-mail", "an invisible BOM does not make a second login");
        notSent["5006"].Cells[4].ShouldBe("not sent: shared e-mail");
        var repaired = view.Tables[1].Rows.ToDictionary(r => r.Cells[1]);
        repaired.Keys.Order(StringComparer.Ordinal).ShouldBe(["5001", "5002", "5003"]);
        repaired["5001"].Cells.Skip(3).ShouldBe(["jan@jansen.nl", "removed invisible character U+200B ZERO WIDTH SPACE (left by copy-paste)"]);
        repaired["5002"].Cells[4].ShouldBe("removed 'mailto:' (a link copied from a web page or a mail) from 'mailto:piet@Jansen.NL'");
        repaired["5003"].Cells[4].ShouldBe("removed the display name 'Kees Bakker' (only the address between < > is used)");
        world.Logs.GetSnapshot().ShouldContain(e => e.Message == "Contact person 5001 Jan van Dijk of client 1001: e-mail sent to CaseWare Cloud as jan@jansen.nl (removed invisible character U+200B ZERO WIDTH SPACE (left by copy-paste)). Correct it in AuditCase");

        var again = await task.SyncAsync(CancellationToken.None);
        again.ContactsCreated.ShouldBe(0, "the cleaned address is the same login the next time");
        world.Sandbox.State.Contacts.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_refusal_reason_from_CaseWare_Cloud_reads_as_one_sentence()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl", "Jan", "")] });

        await world.SyncAsync();

        var line = world.Logs.GetSnapshot().Single(e => e.Message.Contains("was refused by CaseWare Cloud", StringComparison.Ordinal)).Message;
        line.ShouldEndWith("LastName is required. Correct the contact person in AuditCase; it is sent again when it changes");
        line.ShouldNotContain("..");
    }
}
