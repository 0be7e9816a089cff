using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;
using ConnectorHost.Sandbox.ClientOnlinePortal;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>XBRL filings from the folder to the sandbox portal and back, through the host's real pipeline runner.</summary>
public sealed class XbrlSubmissionTests
{
    private const string VatReturn = "VB-01_bd-rpt-ob-aangifte-2021.xbrl";
    private const string AnnualAccounts = "kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken.xbrl";

    [Fact]
    [Trait("Req", "CO-1")]
    [Trait("Req", "CO-3")]
    [Trait("Req", "CO-10")]
    public async Task A_VAT_return_from_the_corpus_is_submitted_approved_sent_to_the_authority_and_put_in_Goedgekeurd()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var dropped = h.DropCorpus(VatReturn);
        var hash = ClientOnlineHarness.Sha256Of(dropped);
        var runner = h.Runner();

        await runner.RunOnceAsync(CancellationToken.None);

        var submission = await h.SingleSubmissionAsync();
        (submission.DocumentType, submission.ClientNumber, submission.ClientNumberKind.ToString(), submission.Status.ToString())
            .ShouldBe(("OB-aangifte", "001000044B37", "OB", "Pending"));
        (submission.PeriodFrom, submission.PeriodTo).ShouldBe((new DateOnly(2021, 10, 1), new DateOnly(2021, 10, 31)));
        submission.ClientName.ShouldBe("Demo BV");
        submission.Sha256.ShouldBe(hash);
        ClientOnlineHarness.FilesIn(h.XbrlIn).ShouldBe([VatReturn]); // waits for the client

        await h.DecideAsync(submission.Reference, "approve");
        await runner.RunOnceAsync(CancellationToken.None);

        ClientOnlineHarness.FilesIn(h.XbrlIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Approved).ShouldBe([VatReturn]); // no reason file for an approved document
        ClientOnlineHarness.Sha256Of(Path.Combine(h.Approved, VatReturn)).ShouldBe(hash);
        var filing = (await h.Http.GetJsonAsync<IReadOnlyList<SentFiling>>("/control/filings")).ShouldHaveSingleItem();
        (filing.Reference, filing.Authority, filing.DocumentType, filing.Sha256).ShouldBe((submission.Reference, "Belastingdienst", "OB-aangifte", hash));
        var dossier = await h.Http.GetJsonAsync<IReadOnlyList<DossierDocument>>($"/control/clients/{submission.ClientHiddenId}/dossier");
        dossier.ShouldHaveSingleItem().Sha256.ShouldBe(hash);
        (await h.LedgerAsync()).ShouldHaveSingleItem().CompletedAt.ShouldNotBeNull();
    }

    [Fact]
    [Trait("Req", "CO-3")]
    [Trait("Req", "CO-11")]
    public async Task Annual_accounts_from_the_corpus_are_matched_on_the_KvK_number_with_the_period_of_the_reporting_period_facts()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropCorpus(AnnualAccounts);

        await h.Runner().RunOnceAsync(CancellationToken.None);

        var submission = await h.SingleSubmissionAsync();
        (submission.DocumentType, submission.ClientNumber, submission.ClientNumberKind.ToString(), submission.ClientName)
            .ShouldBe(("KvK-jaarverantwoording", "30267975", "KvK", "BAA BV"));
        (submission.PeriodFrom, submission.PeriodTo).ShouldBe((new DateOnly(2016, 1, 1), new DateOnly(2016, 12, 31)));
        submission.Status.ToString().ShouldBe("Pending");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public async Task Annual_accounts_whose_first_context_is_the_prior_year_are_submitted_with_the_current_period()
    {
        // Generated test data (not the corpus): the prior year's context PY_d comes first, the current year's CY_d last.
        const string file = "kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl";
        var instance = new XbrlInstanceReader().ReadFile(TestPaths.TestData(file)).Instance.ShouldNotBeNull();
        (instance.Contexts[0].Id, instance.Contexts[0].StartDate).ShouldBe(("PY_d", new DateOnly(2017, 4, 1)));
        await using var h = await ClientOnlineHarness.StartAsync();
        h.Drop(h.XbrlIn, file, File.ReadAllBytes(TestPaths.TestData(file)));

        await h.Runner().RunOnceAsync(CancellationToken.None);

        var submission = await h.SingleSubmissionAsync();
        (submission.DocumentType, submission.ClientNumber, submission.ClientName).ShouldBe(("KvK-jaarverantwoording", "12345678", "Demo BV"));
        (submission.PeriodFrom, submission.PeriodTo).ShouldBe((new DateOnly(2018, 4, 1), new DateOnly(2019, 3, 31)), "the current period, not the first context's");
    }

    [Fact]
    [Trait("Req", "CO-11")]
    public async Task A_VAT_return_carrying_a_KvK_number_is_refused_naming_both_numbers_and_goes_to_the_error_folder()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var xml = File.ReadAllText(Path.Combine(TestPaths.XbrlCorpus, VatReturn))
            .Replace("www.belastingdienst.nl/omzetbelastingnummer", "http://www.kvk.nl/kvk-id", StringComparison.Ordinal)
            .Replace(">001000044B37<", ">12345678<", StringComparison.Ordinal);
        h.Drop(h.XbrlIn, "kvk-number_ob-aangifte.xbrl", System.Text.Encoding.UTF8.GetBytes(xml));

        await h.Runner().RunOnceAsync(CancellationToken.None);

        var submission = await h.SingleSubmissionAsync();
        submission.Status.ToString().ShouldBe("Refused");
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["kvk-number_ob-aangifte.xbrl", "kvk-number_ob-aangifte.xbrl.reason.txt"]);
        var reason = await File.ReadAllTextAsync(Path.Combine(h.Error, "kvk-number_ob-aangifte.xbrl.reason.txt"));
        reason.ShouldContain("Refused by the portal");
        reason.ShouldContain("KvK number 12345678");
        reason.ShouldContain("OB number (omzetbelastingnummer) 001000044B37");
        (await h.Http.GetJsonAsync<IReadOnlyList<SentFiling>>("/control/filings")).ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CO-16")]
    public async Task KvK_annual_accounts_with_the_period_only_in_their_contexts_are_submitted_with_that_period()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var xml = File.ReadAllText(TestPaths.TestData("kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl"));
        var withoutFacts = string.Join('\n', xml.Split('\n').Where(l => !l.Contains("<jenv-bw2-i:FinancialReportingPeriodCurrent", StringComparison.Ordinal)));
        h.Drop(h.XbrlIn, "12345678_jaarverantwoording.xbrl", System.Text.Encoding.UTF8.GetBytes(withoutFacts));

        await h.Runner().RunOnceAsync(CancellationToken.None);

        var submission = await h.SingleSubmissionAsync();
        (submission.PeriodFrom, submission.PeriodTo).ShouldBe((new DateOnly(2018, 4, 1), new DateOnly(2019, 3, 31)));
        submission.ClientNumber.ShouldBe("12345678");
        submission.Status.ToString().ShouldBe("Pending");
        (await h.LedgerAsync()).ShouldHaveSingleItem().PeriodFrom.ShouldBe(new DateOnly(2018, 4, 1));
    }

    [Theory]
    [Trait("Req", "CO-3")]
    [InlineData("malformed-bd-rpt-ob-aangifte-2021.xbrl", "MalformedXml")]
    [InlineData("dtd-bd-rpt-ob-aangifte-2021.xbrl", "DtdProhibited")]
    [InlineData("unknown-entry-point-bd-rpt-bpm-aangifte-2021.xbrl", "UnknownEntryPoint")]
    public async Task Bad_XBRL_is_put_in_the_error_folder_with_what_is_wrong_and_never_submitted(string file, string kind)
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.Drop(h.XbrlIn, file, File.ReadAllBytes(TestPaths.TestData(file)));

        var (outcome, _) = await h.Runner().RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(ConnectorHost.Pipelines.RunOutcome.Succeeded);
        (await h.SubmissionsAsync()).ShouldBeEmpty();
        var refused = (await h.LedgerAsync()).ShouldHaveSingleItem(); // listed like submitted ones (CO-17)
        (refused.Status, refused.CompletedAt is not null, refused.Attempts).ShouldBe((ConnectorHost.State.LedgerStatus.Refused, true, 0));
        refused.Reason.ShouldNotBeNull().ShouldContain(kind);
        ClientOnlineHarness.FilesIn(h.XbrlIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe([file, file + ".reason.txt"]);
        var reason = await File.ReadAllTextAsync(Path.Combine(h.Error, file + ".reason.txt"));
        reason.ShouldContain("cannot be submitted as XBRL (" + kind + ")");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public async Task The_source_reads_type_period_and_entity_into_the_metadata()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropCorpus(VatReturn);

        var document = await h.CreateSource().ScanAsync(CancellationToken.None).SingleAsync();

        document.Metadata.DocumentType.ShouldBe("OB-aangifte");
        document.Metadata.ClientNumberKind.ShouldBe(ClientNumberKind.OB);
        document.Metadata.Properties["entryPoint"].ShouldBe("bd-rpt-ob-aangifte-2021");
        document.Metadata.Properties["periodContext"].ShouldBe("Msg");
    }
}
