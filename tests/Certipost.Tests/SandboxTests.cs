using System.Net;
using System.Net.Http.Json;
using ConnectorHost.Sandbox.Certipost;

namespace ConnectorHost.Plugins.Certipost.Tests;

[Trait("Sandbox", "Certipost")]
public sealed class SandboxTests
{
    [Fact]
    public async Task Certipost_creates_an_account_per_customer_and_mails_a_welcome_with_the_terms_and_an_initial_password()
    {
        await using var world = await CertipostWorld.StartAsync();
        world.WriteCsv(
            Rows.Row("1101", email: "jan@peeters.be"),
            Rows.Row("1102", name: "Garage Dubois", vat: "BE0812345603", email: "compta@dubois.be", language: "fr"));
        using var enrol = world.Enrol();

        var sent = await enrol.Enrolment.SendAsync("anna@kantoor.be", CancellationToken.None);

        var accounts = await world.GetAsync<List<CustomerAccount>>("control/accounts");
        accounts.Select(a => (a.CustomerReference, a.Email)).ShouldBe([("1101", "jan@peeters.be"), ("1102", "compta@dubois.be")]);
        accounts.ShouldAllBe(a => !a.TermsAccepted && a.AuditId == sent.CertipostAuditId && a.InitialPassword.Length >= 12);
        var mails = await world.GetAsync<List<SandboxMail>>("control/mails");
        mails.Count.ShouldBe(2);
        var dutch = mails.Single(m => m.To == "jan@peeters.be");
        dutch.Body.ShouldContain("algemene voorwaarden aanvaarden");
        dutch.Body.ShouldContain(accounts[0].InitialPassword);
        dutch.Body.ShouldContain("paswoord wijzigen");
        var french = mails.Single(m => m.To == "compta@dubois.be");
        french.Body.ShouldContain("conditions générales");
        french.Body.ShouldContain(accounts[1].InitialPassword);
        accounts[0].InitialPassword.ShouldNotBe(accounts[1].InitialPassword);
    }

    [Fact]
    public async Task The_api_needs_the_key_and_refuses_a_whole_batch_when_one_opt_in_is_invalid()
    {
        await using var world = await CertipostWorld.StartAsync();
        using var http = new HttpClient { BaseAddress = world.Sandbox.BaseUrl };
        var good = new OptIn("BURST", "1", "A", "BE0403170701", "a@a.be", "nl", "S 1", "2000", "Antwerpen", "BE");
        var batch = new OptInBatch("t", [good, good with { CustomerReference = "2", Type = "B2B", VatNumber = "BE0403170702", Email = "nope" }]);

        using (var noKey = await http.PostAsJsonAsync("api/v1/optins", batch))
        {
            noKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        http.DefaultRequestHeaders.Add(SandboxCertipost.ApiKeyHeader, "test-key");
        using var refused = await http.PostAsJsonAsync("api/v1/optins", batch);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await refused.Content.ReadAsStringAsync();
        body.ShouldContain("opt-in 2 (customer 2): type 'B2B' is not BURST");
        body.ShouldContain("not a valid Belgian VAT number");
        body.ShouldContain("'nope' is not an e-mail address");
        world.Sandbox.State.Accounts.ShouldBeEmpty();

        using var accepted = await http.PostAsJsonAsync("api/v1/optins", new OptInBatch("t", [good]));
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        world.Sandbox.State.Accounts.ShouldHaveSingleItem();
        (await http.GetFromJsonAsync<EnrolmentList>("api/v1/enrolments"))!.Customers.ShouldBeEmpty("not yet confirmed");
    }
}
