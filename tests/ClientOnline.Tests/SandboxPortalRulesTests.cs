using System.Net;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using ConnectorHost.Plugins.ClientOnline.Xbrl;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using Microsoft.Extensions.Time.Testing;
using static ConnectorHost.Plugins.ClientOnline.Tests.SandboxTestKit;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>The portal's rules, over SOAP and the control API: CO-11 numbers, CO-4 deadlines, CO-10 dossier, CO-1 sending on.</summary>
[Trait("Sandbox", "ClientOnline")]
public sealed class SandboxPortalRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_vat_return_carrying_the_kvk_number_is_refused_naming_both_numbers()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var answer = await client.Service.SubmitDocumentAsync(
            Request("key-ob-kvk", clientNumber: "12345678", kind: ClientNumberKind.KvK, documentType: "OB-aangifte", fileName: "ob-2021-10.xbrl"));

        answer.Status.ShouldBe(SubmissionStatus.Refused);
        answer.Reason.ShouldBe(
            "A OB-aangifte filing is matched on the client's OB number (omzetbelastingnummer), but it carries KvK number 12345678; "
            + "the card of Demo BV has OB number (omzetbelastingnummer) 001000044B37.");
        answer.Deadline.ShouldBeNull();
    }

    [Fact]
    public async Task A_filing_whose_number_kind_the_card_lacks_is_refused_saying_so()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var answer = await client.Service.SubmitDocumentAsync(
            Request("key-ib", clientNumber: "30267975", kind: ClientNumberKind.KvK, documentType: "IB-aangifte", fileName: "ib-2024.xbrl"));

        answer.Status.ShouldBe(SubmissionStatus.Refused);
        answer.Reason.ShouldNotBeNull();
        answer.Reason.ShouldContain("KvK number 30267975");
        answer.Reason.ShouldContain("the card of BAA BV has no BSN");
    }

    [Theory]
    [InlineData("OB-aangifte", ClientNumberKind.OB, "NL001000044B37")]
    [InlineData("ICP-opgaaf", ClientNumberKind.OB, "001000044B37")]
    [InlineData("LH-aangifte", ClientNumberKind.LH, "001000044L01")]
    [InlineData("VPB-aangifte", ClientNumberKind.RSIN, "001000044")]
    [InlineData("KvK-jaarverantwoording", ClientNumberKind.KvK, "12345678")]
    public async Task A_filing_carrying_the_number_its_type_needs_finds_the_client(string documentType, ClientNumberKind kind, string number)
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var answer = await client.Service.SubmitDocumentAsync(Request("key-" + documentType, clientNumber: number, kind: kind, documentType: documentType));

        answer.Status.ShouldBe(SubmissionStatus.Pending, answer.Reason);
        portal.State.FindByReference(answer.Reference).ShouldNotBeNull().ClientHiddenId.ShouldBe("900001");
    }

    [Fact]
    public async Task The_real_vat_return_read_by_the_plugin_finds_its_client_by_the_ob_number()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);
        var path = Path.Combine(TestPaths.XbrlCorpus, "VB-01_bd-rpt-ob-aangifte-2021.xbrl");
        var filing = new XbrlInstanceReader().ReadFile(path).GetFilingOrThrow();

        var answer = await client.Service.SubmitDocumentAsync(Request(
            "key-vb01",
            clientNumber: filing.EntityIdentifier,
            kind: Enum.Parse<ClientNumberKind>(filing.NumberKind.ToString()),
            documentType: filing.DocumentType,
            fileName: Path.GetFileName(path),
            content: await File.ReadAllBytesAsync(path)));

        answer.Status.ShouldBe(SubmissionStatus.Pending, answer.Reason);
        portal.State.FindByReference(answer.Reference).ShouldNotBeNull().ClientName.ShouldBe("Demo BV");
    }

    [Fact]
    public async Task The_deadline_comes_from_the_portal_settings_per_document_type()
    {
        await using var portal = await StartAsync(o => o.Clock = new FakeTimeProvider(Now));
        using var client = Wcf(portal);
        using var http = Http(portal);
        using var put = await http.SendJsonAsync(HttpMethod.Put, "/control/deadlines", new DeadlineInput(
            21,
            new Dictionary<string, int> { ["OB-aangifte"] = 10, ["jaarrekening"] = 60 }));
        put.StatusCode.ShouldBe(HttpStatusCode.OK);

        var vat = await client.Service.SubmitDocumentAsync(Request("k-ob", "001000044B37", ClientNumberKind.OB, "OB-aangifte"));
        var accounts = await client.Service.SubmitDocumentAsync(Request("k-jr", documentType: "JAARREKENING"));
        var other = await client.Service.SubmitDocumentAsync(Request("k-other", documentType: "brief"));

        vat.Deadline.ShouldBe(new DateTime(2026, 3, 12));
        accounts.Deadline.ShouldBe(new DateTime(2026, 5, 1));
        other.Deadline.ShouldBe(new DateTime(2026, 3, 23));
        (await http.GetJsonAsync<PortalSubmission>("/control/submissions/" + vat.Reference)).Deadline.ShouldBe(new DateOnly(2026, 3, 12));
    }

    [Fact]
    public async Task Changing_the_portal_setting_changes_the_deadline_of_new_submissions_only()
    {
        await using var portal = await StartAsync(o => o.Clock = new FakeTimeProvider(Now));
        using var client = Wcf(portal);
        using var http = Http(portal);

        var before = await client.Service.SubmitDocumentAsync(Request("k-1"));
        using var put = await http.SendJsonAsync(HttpMethod.Put, "/control/deadlines", new DeadlineInput(3, null));
        var after = await client.Service.SubmitDocumentAsync(Request("k-2", fileName: "12345678_jaarrekening-2.pdf"));

        before.Deadline.ShouldBe(new DateTime(2026, 3, 16));
        after.Deadline.ShouldBe(new DateTime(2026, 3, 5));
        (await client.Service.GetSubmissionStatusAsync("demo", "demo", before.Reference)).Deadline.ShouldBe(new DateTime(2026, 3, 16));
        (await http.GetJsonAsync<DeadlineSettings>("/control/deadlines")).DefaultDays.ShouldBe(3);
    }

    [Fact]
    public async Task After_approval_the_document_is_in_the_clients_dossier()
    {
        await using var portal = await StartAsync(o => o.Clock = new FakeTimeProvider(Now));
        using var client = Wcf(portal);
        using var http = Http(portal);
        var submitted = await client.Service.SubmitDocumentAsync(Request("k-dossier"));
        (await http.GetJsonAsync<List<DossierDocument>>("/control/clients/900001/dossier")).ShouldBeEmpty();

        using var approve = await http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submitted.Reference}/approve");

        approve.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approve.ReadJsonAsync<PortalSubmission>()).Status.ShouldBe(SubmissionStatus.Approved);
        var document = (await http.GetJsonAsync<List<DossierDocument>>("/control/clients/900001/dossier")).ShouldHaveSingleItem();
        document.Reference.ShouldBe(submitted.Reference);
        document.FileName.ShouldBe("12345678_jaarrekening.pdf");
        document.DocumentType.ShouldBe("jaarrekening");
        (document.PeriodFrom, document.PeriodTo).ShouldBe((new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)));
        document.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("%PDF-1.4 test"u8)));
        document.PlacedAt.ShouldBe(Now);
        (await client.Service.GetSubmissionStatusAsync("demo", "demo", submitted.Reference)).Status.ShouldBe(SubmissionStatus.Approved);
        (await http.GetJsonAsync<List<SentFiling>>("/control/filings")).ShouldBeEmpty("a PDF is not sent on to an authority");
    }

    [Fact]
    public async Task A_rejected_document_does_not_reach_the_dossier_and_keeps_its_reason()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);
        using var http = Http(portal);
        var submitted = await client.Service.SubmitDocumentAsync(Request("k-reject"));

        using var reject = await http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submitted.Reference}/reject", new ReasonInput("Omzet klopt niet."));

        reject.StatusCode.ShouldBe(HttpStatusCode.OK);
        var status = await client.Service.GetSubmissionStatusAsync("demo", "demo", submitted.Reference);
        status.Status.ShouldBe(SubmissionStatus.Rejected);
        status.Reason.ShouldBe("Omzet klopt niet.");
        (await http.GetJsonAsync<List<DossierDocument>>("/control/clients/900001/dossier")).ShouldBeEmpty();
        using var again = await http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submitted.Reference}/approve");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task After_approval_an_xbrl_filing_is_sent_to_the_requesting_authority()
    {
        await using var portal = await StartAsync(o => o.Clock = new FakeTimeProvider(Now));
        using var client = Wcf(portal);
        using var http = Http(portal);
        var path = Path.Combine(TestPaths.XbrlCorpus, "kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken.xbrl");
        var filing = new XbrlInstanceReader().ReadFile(path).GetFilingOrThrow();
        var submitted = await client.Service.SubmitDocumentAsync(Request(
            "k-kvk",
            clientNumber: filing.EntityIdentifier,
            kind: ClientNumberKind.KvK,
            documentType: filing.DocumentType,
            fileName: Path.GetFileName(path),
            content: await File.ReadAllBytesAsync(path)));
        submitted.Status.ShouldBe(SubmissionStatus.Pending, submitted.Reason);
        (await http.GetJsonAsync<List<SentFiling>>("/control/filings")).ShouldBeEmpty("nothing is sent before the client approves");

        using var approve = await http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submitted.Reference}/approve");

        approve.StatusCode.ShouldBe(HttpStatusCode.OK);
        var sent = (await http.GetJsonAsync<List<SentFiling>>("/control/filings")).ShouldHaveSingleItem();
        sent.Reference.ShouldBe(submitted.Reference);
        sent.DocumentType.ShouldBe("KvK-jaarverantwoording");
        sent.Authority.ShouldBe("KvK");
        sent.ClientName.ShouldBe("BAA BV");
        sent.ClientNumber.ShouldBe("30267975");
        sent.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))));
        sent.SentAt.ShouldBe(Now);
        (await http.GetJsonAsync<List<DossierDocument>>("/control/clients/900002/dossier")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_vat_return_goes_to_the_belastingdienst_after_approval()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);
        var submitted = await client.Service.SubmitDocumentAsync(Request("k-ob", "001000044B37", ClientNumberKind.OB, "OB-aangifte", "ob.xbrl"));

        portal.State.Approve(submitted.Reference);

        var sent = portal.State.SentFilings.ShouldHaveSingleItem();
        sent.Authority.ShouldBe("Belastingdienst");
        sent.ClientNumberKind.ShouldBe(ClientNumberKind.OB);
    }
}
