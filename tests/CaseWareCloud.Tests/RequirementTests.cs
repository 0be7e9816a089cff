using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Plugins.CaseWareCloud.Tests;

public sealed class RequirementTests
{
    [Fact]
    [Trait("Req", "CW-1")]
    public async Task Only_clients_and_contacts_with_the_link_switched_on_are_sent()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(
            new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl"), new TestContact("5002", "piet@jansen.nl", "Piet") { LinkWithCaseWareCloud = false }] },
            new TestClient("1002", "Garage Pietersen") { LinkWithCaseWareCloud = false, Contacts = [new TestContact("5003", "kees@pietersen.nl", "Kees")] });

        var report = await world.SyncAsync();

        world.Sandbox.State.Entities.Select(e => e.EntityNo).ShouldBe(["1001"]);
        world.Sandbox.State.Contacts.Select(c => c.Email).ShouldBe(["jan@jansen.nl"]);
        report.ClientsCreated.ShouldBe(1);
        report.ContactsCreated.ShouldBe(1);
        (await world.ClientRecordAsync("1002"))!.ReasonCode.ShouldBe(Reasons.Unlinked);
        (await world.ContactRecordAsync("5002"))!.ReasonCode.ShouldBe(Reasons.Unlinked);
        (await world.ContactRecordAsync("5003"))!.ReasonCode.ShouldBe(Reasons.ClientNotSent);
    }

    [Fact]
    [Trait("Req", "CW-2")]
    public async Task Private_and_suspect_clients_are_never_sent_and_linking_one_gives_a_clear_reason()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(
            new TestClient("1001"),
            new TestClient("1002", "J. de Vries") { Kind = "Particulier" },
            new TestClient("1003", "Misschien BV") { Status = "Suspect" });
        using var task = world.Task();

        await task.SyncAsync(CancellationToken.None);

        world.Sandbox.State.Entities.Select(e => e.EntityNo).ShouldBe(["1001"]);
        var view = await CaseWareWorld.CommandAsync(task, "clients");
        view.Succeeded.ShouldBeTrue();
        var rows = view.Tables[0].Rows.ToDictionary(r => r.Cells[0]);
        rows["1001"].Cells[2].ShouldBe("linked, sent");
        rows["1001"].Mark.ShouldBe(RowMark.None);
        rows["1002"].Cells[2].ShouldBe("not sent: private");
        rows["1002"].Cells[4].ShouldContain("private client");
        rows["1002"].Mark.ShouldBe(RowMark.Warning);
        rows["1003"].Cells[2].ShouldBe("not sent: suspect");
        rows["1003"].Cells[4].ShouldContain("status 'Suspect'");
        rows["1003"].Mark.ShouldBe(RowMark.Warning);
        world.Logs.GetSnapshot().ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("Client 1002 (J. de Vries) is not sent", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Req", "CW-2")]
    public async Task A_sent_client_that_becomes_suspect_is_set_inactive_and_its_contacts_lose_access()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var client = new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl")] };
        world.WriteExport(client);
        await world.SyncAsync();

        world.WriteExport(client with { Status = "Suspect" });
        var report = await world.SyncAsync();

        report.ClientsDeactivated.ShouldBe(1);
        world.EntityOf("1001").Status.ShouldBe("Inactive");
        world.ContactOf("jan@jansen.nl").HasAccess.ShouldBeFalse();
    }

    [Fact]
    [Trait("Req", "CW-3")]
    public async Task A_change_in_AuditCase_is_sent_by_the_next_background_run_without_anything_else_to_do()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var client = new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl")] };
        world.WriteExport(client);
        await world.SyncAsync();

        world.WriteExport(client with { City = "Amersfoort", Contacts = [new TestContact("5001", "jan@jansen.nl") { Mobile = "06-99999999" }] });
        world.Clock.Advance(TimeSpan.FromMinutes(15));
        using var task = world.Task();
        var result = await task.RunAsync(CancellationToken.None);

        result.Kind.ShouldBe(Abstractions.Sync.SyncResultKind.Success);
        result.Summary.ShouldContain("clients 0 created, 1 updated");
        world.EntityOf("1001").City.ShouldBe("Amersfoort");
        world.ContactOf("jan@jansen.nl").Mobile.ShouldBe("06-99999999");
    }

    [Fact]
    [Trait("Req", "CW-4")]
    public async Task Every_client_and_contact_field_arrives_in_CaseWare_Cloud()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(new TestClient("1001", "Bakkerij Jansen BV")
        {
            Contacts = [new TestContact("5001", "jan@jansen.nl", "Jan", "Dijk") { Infix = "van", Initials = "J.P.", Phone = "030-1", Mobile = "06-2" }],
        });

        await world.SyncAsync();

        var entity = world.EntityOf("1001");
        (entity.Name, entity.Address, entity.PostalCode, entity.City, entity.Country).ShouldBe(("Bakkerij Jansen BV", "Dorpsstraat 1", "1234 AB", "Utrecht", "NL"));
        (entity.Phone, entity.Email, entity.Website).ShouldBe(("030-1234567", "info@jansen.nl", "https://jansen.nl"));
        (entity.Facebook, entity.Twitter, entity.LinkedIn).ShouldBe(("https://facebook.com/jansen", "@jansen", "https://linkedin.com/company/jansen"));
        entity.Status.ShouldBe("Active");
        var contact = world.ContactOf("jan@jansen.nl");
        (contact.FirstName, contact.MiddleName, contact.LastName, contact.Initials, contact.Phone, contact.Mobile).ShouldBe(("Jan", "van", "Dijk", "J.P.", "030-1", "06-2"));
        contact.EntityId.ShouldBe(entity.Id);
        contact.HasAccess.ShouldBeTrue();
    }

    [Fact]
    [Trait("Req", "CW-5")]
    public async Task A_contact_is_only_sent_when_its_client_is_sent()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(
            new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl")] },
            new TestClient("1002", "J. de Vries") { Kind = "Private", Contacts = [new TestContact("5002", "j@devries.nl")] },
            new TestClient("1003", "Garage") { LinkWithCaseWareCloud = false, Contacts = [new TestContact("5003", "k@garage.nl")] });
        using var task = world.Task();

        await task.SyncAsync(CancellationToken.None);

        world.Sandbox.State.Contacts.Select(c => c.Email).ShouldBe(["jan@jansen.nl"]);
        var view = await CaseWareWorld.CommandAsync(task, "contacts");
        var rows = view.Tables[0].Rows.ToDictionary(r => r.Cells[1]);
        rows.Keys.Order().ShouldBe(["5002", "5003"]);
        rows["5002"].Cells[4].ShouldBe("not sent: client not sent");
        rows["5002"].Cells[5].ShouldContain("its client 1002 is not sent");
        rows["5002"].Cells[5].ShouldContain("private client");
        rows["5002"].Mark.ShouldBe(RowMark.Warning);
    }

    [Fact]
    [Trait("Req", "CW-6")]
    public async Task Unlinking_or_deleting_a_contact_revokes_its_access_at_the_next_run()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var jan = new TestContact("5001", "jan@jansen.nl");
        var piet = new TestContact("5002", "piet@jansen.nl", "Piet");
        var kees = new TestContact("5003", "kees@jansen.nl", "Kees");
        world.WriteExport(new TestClient("1001") { Contacts = [jan, piet, kees] });
        await world.SyncAsync();
        world.Sandbox.State.Contacts.ShouldAllBe(c => c.HasAccess);

        world.WriteExport(new TestClient("1001") { Contacts = [jan, piet with { LinkWithCaseWareCloud = false }] });
        var report = await world.SyncAsync();

        report.ContactsRevoked.ShouldBe(2);
        world.ContactOf("jan@jansen.nl").HasAccess.ShouldBeTrue();
        world.ContactOf("piet@jansen.nl").HasAccess.ShouldBeFalse("unlinked");
        world.ContactOf("kees@jansen.nl").HasAccess.ShouldBeFalse("deleted in AuditCase");
        (await world.ContactRecordAsync("5003")).ShouldBeNull("a deleted contact's record goes once its access is revoked");
        world.Logs.GetSnapshot().ShouldContain(e => e.Message.Contains("Contact person 5003 Kees van Dijk <kees@jansen.nl> of client 1001: access to CaseWare Cloud revoked", StringComparison.Ordinal));

        var again = await world.SyncAsync();
        again.ContactsRevoked.ShouldBe(0, "revoked once");
        again.WriteCalls.ShouldBe(0);
    }

    [Fact]
    [Trait("Req", "CW-6")]
    public async Task Unlinking_a_client_sets_its_entity_inactive_revokes_its_contacts_and_relinking_restores_them()
    {
        await using var world = await CaseWareWorld.StartAsync();
        var client = new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl"), new TestContact("5002", "piet@jansen.nl", "Piet")] };
        world.WriteExport(client);
        await world.SyncAsync();

        world.WriteExport(client with { LinkWithCaseWareCloud = false });
        var unlinked = await world.SyncAsync();

        unlinked.ClientsDeactivated.ShouldBe(1);
        unlinked.ContactsRevoked.ShouldBe(2);
        world.EntityOf("1001").Status.ShouldBe("Inactive");
        world.Sandbox.State.Contacts.ShouldAllBe(c => !c.HasAccess);

        world.WriteExport(client);
        var relinked = await world.SyncAsync();

        relinked.ClientsUpdated.ShouldBe(1);
        relinked.ContactsUpdated.ShouldBe(2);
        world.Sandbox.State.Entities.Count.ShouldBe(1);
        world.EntityOf("1001").Status.ShouldBe("Active");
        world.Sandbox.State.Contacts.Count.ShouldBe(2);
        world.Sandbox.State.Contacts.ShouldAllBe(c => c.HasAccess);
    }

    [Fact]
    [Trait("Req", "CW-7")]
    public async Task Contacts_without_an_email_or_sharing_one_are_not_sent_and_are_reported_each_with_the_reason()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(
            new TestClient("1001") { Contacts = [new TestContact("5001", "jan@jansen.nl"), new TestContact("5002", "", "Piet"), new TestContact("5003", "info@jansen.nl", "Kees")] },
            new TestClient("1002", "Jansen Holding") { Contacts = [new TestContact("5004", " INFO@jansen.nl", "Klaas")] });
        using var task = world.Task();

        var report = await task.SyncAsync(CancellationToken.None);

        world.Sandbox.State.Contacts.Select(c => c.Email).ShouldBe(["jan@jansen.nl"]);
        report.ContactsNotSent.ShouldBe(3);
        var rows = (await CaseWareWorld.CommandAsync(task, "contacts")).Tables[0].Rows.ToDictionary(r => r.Cells[1]);
        rows["5002"].Cells[4].ShouldBe("not sent: no e-mail");
        rows["5002"].Cells[5].ShouldContain("the e-mail is the login");
        rows["5003"].Cells[4].ShouldBe("not sent: shared e-mail");
        rows["5003"].Cells[5].ShouldContain("5004 Klaas van Dijk (client 1002)");
        rows["5004"].Cells[5].ShouldContain("5003 Kees van Dijk (client 1001)");
        rows.Values.ShouldAllBe(r => r.Mark == RowMark.Warning);
        world.Logs.GetSnapshot().Count(e => e.Message.Contains("is not sent to CaseWare Cloud", StringComparison.Ordinal) && e.Message.StartsWith("Contact person", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    [Trait("Req", "CW-7")]
    public async Task A_contact_already_in_CaseWare_Cloud_with_the_same_email_is_matched_not_duplicated()
    {
        await using var world = await CaseWareWorld.StartAsync();
        world.WriteExport(new TestClient("1001") { Contacts = [new TestContact("5001", "Jan@Jansen.nl")] });
        await world.SyncAsync();
        var existing = world.Sandbox.State.CreateEntity(new Sandbox.CaseWareCloud.EntityInput("9999", "Other"));
        world.Sandbox.State.CreateContact(new Sandbox.CaseWareCloud.ContactInput(existing.Id, "piet@jansen.nl", "Piet", null, "Bakker"));

        world.WriteExport(new TestClient("1001") { Contacts = [new TestContact("5001", "Jan@Jansen.nl"), new TestContact("5002", "PIET@jansen.nl", "Piet", "Bakker") { Infix = null }] });
        var report = await world.SyncAsync();

        report.ContactsMatched.ShouldBe(1);
        report.ContactsCreated.ShouldBe(0);
        world.Sandbox.State.Contacts.Count.ShouldBe(2);
        var piet = world.ContactOf("piet@jansen.nl");
        piet.EntityId.ShouldBe(world.EntityOf("1001").Id, "taken over by the AuditCase client");
        (await world.ContactRecordAsync("5002"))!.CwId.ShouldBe(piet.Id);
    }
}
