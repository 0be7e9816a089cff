using ConnectorHost.Plugins.ClientOnline.Xbrl;
using ConnectorHost.State;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// FH-4: annual accounts without reporting-period facts take their period from a context of the entry point's year;
/// a prior-year context with more facts is never taken, and a filing with no context of that year, or with two of
/// that year tying for the most facts, is refused with the candidates listed.
/// </summary>
public sealed class XbrlPeriodCheckTests
{
    private const string File2018 = "kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl";

    /// <summary>The generated 2018 filing (PY_d 2017-04-01..2018-03-31, CY_d 2018-04-01..2019-03-31) without its period facts.</summary>
    private static string WithoutPeriodFacts() =>
        string.Join('\n', File.ReadAllText(TestPaths.TestData(File2018)).Split('\n').Where(l => !l.Contains("<jenv-bw2-i:FinancialReportingPeriodCurrent", StringComparison.Ordinal)));

    /// <summary>Copies every fact of context <paramref name="from"/> to <paramref name="to"/> as extra facts, so <paramref name="to"/> has more.</summary>
    private static string WithMoreFactsIn(string xml, string from, string to) =>
        string.Join('\n', xml.Split('\n').SelectMany(l => l.Contains($"contextRef=\"{from}\"", StringComparison.Ordinal) && !l.Contains("xbrli:context", StringComparison.Ordinal)
            ? new[] { l, l.Replace($"contextRef=\"{from}\"", $"contextRef=\"{to}\"", StringComparison.Ordinal) }
            : new[] { l }));

    private static XbrlReadResult Read(string xml)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return new XbrlInstanceReader().Read(stream);
    }

    [Fact]
    [Trait("Req", "FH-4")]
    public void A_prior_year_context_with_more_facts_is_not_taken_the_context_of_the_entry_points_year_is()
    {
        var xml = WithMoreFactsIn(WithoutPeriodFacts(), "CY_d", "PY_d");

        var result = Read(xml);

        var filing = result.Filing.ShouldNotBeNull(result.Error?.Message);
        result.Instance!.FactsPerContext["PY_d"].ShouldBeGreaterThan(result.Instance.FactsPerContext.GetValueOrDefault("CY_d"));
        (filing.PeriodFrom, filing.PeriodTo, filing.PeriodContextId).ShouldBe((new DateOnly(2018, 4, 1), new DateOnly(2019, 3, 31), "CY_d"));
    }

    [Fact]
    [Trait("Req", "FH-4")]
    public async Task A_filing_with_no_context_of_its_entry_points_year_is_refused_with_the_candidates_listed()
    {
        // The 2018 entry point on a filing whose contexts are of 2015 and 2016: the period cannot be told for sure.
        var xml = WithoutPeriodFacts()
            .Replace("2017-04-01", "2015-04-01", StringComparison.Ordinal).Replace("2018-03-31", "2016-03-31", StringComparison.Ordinal)
            .Replace("2018-04-01", "2016-04-01", StringComparison.Ordinal).Replace("2019-03-31", "2017-03-31", StringComparison.Ordinal);
        await using var h = await ClientOnlineHarness.StartAsync();
        h.Drop(h.XbrlIn, "12345678_jaarverantwoording.xbrl", System.Text.Encoding.UTF8.GetBytes(xml));

        await h.Runner().RunOnceAsync(CancellationToken.None);

        (await h.SubmissionsAsync()).ShouldBeEmpty();
        var refused = (await h.LedgerAsync()).ShouldHaveSingleItem();
        refused.Status.ShouldBe(LedgerStatus.Refused);
        refused.Reason.ShouldNotBeNull().ShouldContain("AmbiguousPeriod");
        refused.Reason.ShouldContain("none of its duration contexts starts or ends in 2018");
        refused.Reason.ShouldContain("CY_d 2016-04-01..2017-03-31");
        refused.Reason.ShouldContain("PY_d 2015-04-01..2016-03-31");
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_jaarverantwoording.xbrl", "12345678_jaarverantwoording.xbrl.reason.txt"]);
    }

    [Fact]
    [Trait("Req", "FH-4")]
    public void Two_contexts_of_the_entry_points_year_with_as_many_facts_are_refused_as_a_tie_naming_both()
    {
        // A second plain duration context of 2018 (CY2_d) carrying the same facts as CY_d.
        var xml = WithoutPeriodFacts();
        var cy = xml[xml.IndexOf("<xbrli:context id=\"CY_d\"", StringComparison.Ordinal)..];
        cy = cy[..(cy.IndexOf("</xbrli:context>", StringComparison.Ordinal) + "</xbrli:context>".Length)];
        var twin = cy.Replace("\"CY_d\"", "\"CY2_d\"", StringComparison.Ordinal).Replace("2018-04-01", "2018-01-01", StringComparison.Ordinal);
        xml = xml.Replace(cy, cy + "\n" + twin, StringComparison.Ordinal);
        xml = string.Join('\n', xml.Split('\n').SelectMany(l => l.Contains("contextRef=\"CY_d\"", StringComparison.Ordinal)
            ? new[] { l, l.Replace("contextRef=\"CY_d\"", "contextRef=\"CY2_d\"", StringComparison.Ordinal) }
            : new[] { l }));

        var error = Read(xml).Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.AmbiguousPeriod);
        error.Message.ShouldContain("more than one duration context of 2018 has the most facts");
        error.Message.ShouldContain("CY_d 2018-04-01..2019-03-31");
        error.Message.ShouldContain("CY2_d 2018-01-01..2019-03-31");
    }
}
