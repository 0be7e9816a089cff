using System.Text;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>CO-3 against hand-made instances in the corpus's image: the hard cases and every kind of error.</summary>
public sealed class XbrlTestDataTests
{
    private const string VatHeader =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xbrli:xbrl xmlns:bd-i="http://www.nltaxonomie.nl/nt15/bd/20201209/dictionary/bd-data" xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xbrli="http://www.xbrl.org/2003/instance">
        """;

    private const string VatSchemaRef =
        """<link:schemaRef xlink:type="simple" xlink:href="http://www.nltaxonomie.nl/nt15/bd/20201209/entrypoints/bd-rpt-ob-aangifte-2021.xsd"/>""";

    private const string MsgContext =
        """
        <xbrli:context id="Msg"><xbrli:entity><xbrli:identifier scheme="www.belastingdienst.nl/omzetbelastingnummer">001000044B37</xbrli:identifier></xbrli:entity>
        <xbrli:period><xbrli:startDate>2021-10-01</xbrli:startDate><xbrli:endDate>2021-10-31</xbrli:endDate></xbrli:period></xbrli:context>
        """;

    [Fact]
    [Trait("Req", "CO-3")]
    public void Kvk_filing_takes_the_current_period_from_the_reporting_period_facts_not_the_first_context()
    {
        var result = new XbrlInstanceReader().ReadFile(TestData("kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl"));

        var filing = result.Filing.ShouldNotBeNull();
        var instance = result.Instance.ShouldNotBeNull();
        instance.Contexts.Count.ShouldBe(5);
        instance.Contexts[0].Id.ShouldBe("PY_d");
        instance.Contexts[0].StartDate.ShouldBe(new DateOnly(2017, 4, 1));
        filing.ShouldBe(new XbrlFiling(
            "kvk-rpt-jaarverantwoording-2018-nlgaap-micro",
            FilingType.KvkJaarverantwoording,
            2018,
            "nlgaap-micro",
            ClientNumberKind.KvK,
            "KvK-jaarverantwoording",
            new DateOnly(2018, 4, 1),
            new DateOnly(2019, 3, 31),
            "CY_d",
            "12345678",
            "http://www.kvk.nl/kvk-id"));
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void A_dtd_is_refused_and_never_processed()
    {
        var result = new XbrlInstanceReader().ReadFile(TestData("dtd-bd-rpt-ob-aangifte-2021.xbrl"));

        var error = result.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(XbrlReadErrorKind.DtdProhibited);
        error.Message.ShouldBe(
            "The XBRL file has a DTD (<!DOCTYPE>) before its root element; DTDs are never processed (no entities, no external files). "
            + "Export the instance again without a DOCTYPE.");
        result.Filing.ShouldBeNull();
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void Malformed_xml_is_reported_with_line_and_position()
    {
        var result = new XbrlInstanceReader().ReadFile(TestData("malformed-bd-rpt-ob-aangifte-2021.xbrl"));

        var error = result.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(XbrlReadErrorKind.MalformedXml);
        error.LineNumber.ShouldBe(15);
        error.LinePosition.ShouldBeGreaterThan(0);
        error.Message.ShouldStartWith($"The XBRL file is not well-formed XML at line 15, position {error.LinePosition}: ");
        error.Message.ShouldContain("ContactSurname");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void An_unknown_entry_point_is_named()
    {
        var result = new XbrlInstanceReader().ReadFile(TestData("unknown-entry-point-bd-rpt-bpm-aangifte-2021.xbrl"));

        var error = result.Error.ShouldNotBeNull();
        error.Kind.ShouldBe(XbrlReadErrorKind.UnknownEntryPoint);
        error.Message.ShouldContain("'bd-rpt-bpm-aangifte-2021'");
        error.Message.ShouldContain("http://www.nltaxonomie.nl/nt15/bd/20201209/entrypoints/bd-rpt-bpm-aangifte-2021.xsd");
        error.Message.ShouldContain("bd-rpt-ob-aangifte-{yyyy}");
        result.Instance.ShouldNotBeNull().EntryPoint.ShouldBe("bd-rpt-bpm-aangifte-2021");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void No_schema_ref_is_an_error()
    {
        var error = Read(VatHeader + MsgContext + "</xbrli:xbrl>").Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.NoSchemaRef);
        error.Message.ShouldContain("no link:schemaRef");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void No_context_is_an_error()
    {
        var error = Read(VatHeader + VatSchemaRef + "</xbrli:xbrl>").Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.NoContext);
        error.Message.ShouldContain("no xbrli:context");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void A_file_over_the_character_limit_is_too_large()
    {
        var padding = "\n" + string.Concat(Enumerable.Repeat("<bd-i:ContactType contextRef=\"Msg\">INT</bd-i:ContactType>\n", 200));
        var xml = VatHeader + VatSchemaRef + MsgContext + padding + "</xbrli:xbrl>";

        var error = new XbrlInstanceReader(maxCharacters: 4_000).Read(new MemoryStream(Encoding.UTF8.GetBytes(xml))).Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.TooLarge);
        error.Message.ShouldContain("4,000 characters");
        new XbrlInstanceReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(xml))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void A_root_other_than_xbrli_xbrl_is_not_xbrl()
    {
        var error = Read("<?xml version=\"1.0\"?>\n<invoice xmlns=\"urn:example\"><total>1</total></invoice>").Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.NotXbrl);
        error.Message.ShouldContain("{urn:example}invoice");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void An_empty_file_is_malformed()
    {
        Read(string.Empty).Error.ShouldNotBeNull().Kind.ShouldBe(XbrlReadErrorKind.MalformedXml);
    }

    [Fact]
    [Trait("Req", "CO-16")]
    public void Kvk_filing_whose_one_period_fact_fits_no_duration_context_is_refused_naming_the_fact_and_the_contexts()
    {
        var xml = """
            <xbrli:xbrl xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:jenv-bw2-i="http://www.nltaxonomie.nl/nt13/jenv/20181212/dictionary/jenv-bw2-data">
            <link:schemaRef xlink:type="simple" xlink:href="http://www.nltaxonomie.nl/nt13/kvk/20181212/entrypoints/kvk-rpt-jaarverantwoording-2018-ifrs-groot.xsd"/>
            <xbrli:context id="PY"><xbrli:entity><xbrli:identifier scheme="http://www.kvk.nl/kvk-id">12345678</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:startDate>2017-01-01</xbrli:startDate><xbrli:endDate>2017-12-31</xbrli:endDate></xbrli:period></xbrli:context>
            <jenv-bw2-i:FinancialReportingPeriodCurrentStartDate contextRef="PY">2018-01-01</jenv-bw2-i:FinancialReportingPeriodCurrentStartDate>
            </xbrli:xbrl>
            """;

        var error = Read(xml).Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.NoPeriod);
        error.Message.ShouldContain("no FinancialReportingPeriodCurrentEndDate fact");
        error.Message.ShouldContain("no duration context starts on 2018-01-01");
        error.Message.ShouldContain("PY 2017-01-01..2017-12-31");
    }

    [Fact]
    [Trait("Req", "CO-16")]
    public void Kvk_filing_without_period_facts_takes_the_duration_context_most_facts_use()
    {
        var xml = File.ReadAllText(TestData("kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl"));
        var withoutFacts = string.Join('\n', xml.Split('\n').Where(l => !l.Contains("<jenv-bw2-i:FinancialReportingPeriodCurrent", StringComparison.Ordinal)));
        withoutFacts.ShouldNotContain("<jenv-bw2-i:FinancialReportingPeriodCurrentStartDate");

        var filing = Read(withoutFacts).Filing.ShouldNotBeNull();

        (filing.PeriodFrom, filing.PeriodTo, filing.PeriodContextId).ShouldBe((new DateOnly(2018, 4, 1), new DateOnly(2019, 3, 31), "CY_d"));
        filing.EntityIdentifier.ShouldBe("12345678");
    }

    [Fact]
    [Trait("Req", "CO-16")]
    public void Kvk_filing_with_only_the_end_fact_takes_the_duration_context_ending_then()
    {
        var xml = File.ReadAllText(TestData("kvk-rpt-jaarverantwoording-2018-nlgaap-micro-current-last.xbrl"));
        var onlyEnd = string.Join('\n', xml.Split('\n').Where(l => !l.Contains("<jenv-bw2-i:FinancialReportingPeriodCurrentStartDate", StringComparison.Ordinal)));

        var filing = Read(onlyEnd).Filing.ShouldNotBeNull();

        (filing.PeriodFrom, filing.PeriodTo).ShouldBe((new DateOnly(2018, 4, 1), new DateOnly(2019, 3, 31)));
    }

    [Fact]
    [Trait("Req", "CO-16")]
    public void Kvk_filing_with_only_instant_contexts_and_no_period_facts_is_refused()
    {
        var xml = """
            <xbrli:xbrl xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xbrli="http://www.xbrl.org/2003/instance">
            <link:schemaRef xlink:type="simple" xlink:href="http://www.nltaxonomie.nl/nt13/kvk/20181212/entrypoints/kvk-rpt-jaarverantwoording-2018-nlgaap-micro.xsd"/>
            <xbrli:context id="I"><xbrli:entity><xbrli:identifier scheme="http://www.kvk.nl/kvk-id">12345678</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:instant>2018-12-31</xbrli:instant></xbrli:period></xbrli:context>
            </xbrli:xbrl>
            """;

        var error = Read(xml).Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.NoPeriod);
        error.Message.ShouldContain("no context has a duration period");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void Contexts_naming_two_entities_are_refused_naming_both()
    {
        var other = MsgContext.Replace("id=\"Msg\"", "id=\"Other\"", StringComparison.Ordinal)
            .Replace("001000044B37", "999999999B01", StringComparison.Ordinal);

        var error = Read(VatHeader + VatSchemaRef + MsgContext + other + "</xbrli:xbrl>").Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.MultipleEntities);
        error.Message.ShouldContain("001000044B37");
        error.Message.ShouldContain("999999999B01");
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void A_bad_date_names_the_context_and_line()
    {
        var xml = VatHeader + VatSchemaRef + "\n" + MsgContext.Replace("2021-10-31", "31-10-2021", StringComparison.Ordinal) + "</xbrli:xbrl>";

        var error = Read(xml).Error.ShouldNotBeNull();

        error.Kind.ShouldBe(XbrlReadErrorKind.InvalidValue);
        error.Message.ShouldContain("xbrli:endDate of context 'Msg'");
        error.Message.ShouldContain("'31-10-2021'");
        error.LineNumber.ShouldBe(4);
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void An_end_date_at_midnight_is_the_end_of_the_day_before()
    {
        var xml = VatHeader + VatSchemaRef
            + MsgContext.Replace("<xbrli:endDate>2021-10-31", "<xbrli:endDate>2021-11-01T00:00:00", StringComparison.Ordinal)
            + "</xbrli:xbrl>";

        Read(xml).Filing.ShouldNotBeNull().PeriodTo.ShouldBe(new DateOnly(2021, 10, 31));
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void The_message_context_is_the_plain_duration_context_even_after_an_instant()
    {
        var instant = """
            <xbrli:context id="Balance"><xbrli:entity><xbrli:identifier scheme="www.belastingdienst.nl/omzetbelastingnummer">001000044B37</xbrli:identifier></xbrli:entity>
            <xbrli:period><xbrli:instant>2021-10-31</xbrli:instant></xbrli:period></xbrli:context>
            """;

        var filing = Read(VatHeader + VatSchemaRef + instant + MsgContext + "</xbrli:xbrl>").Filing.ShouldNotBeNull();

        filing.PeriodContextId.ShouldBe("Msg");
        (filing.PeriodFrom, filing.PeriodTo).ShouldBe((new DateOnly(2021, 10, 1), new DateOnly(2021, 10, 31)));
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void GetFilingOrThrow_throws_the_error()
    {
        var result = new XbrlInstanceReader().ReadFile(TestData("unknown-entry-point-bd-rpt-bpm-aangifte-2021.xbrl"));

        var thrown = Should.Throw<XbrlReadException>(() => result.GetFilingOrThrow());

        thrown.Error.ShouldBe(result.Error);
        thrown.Message.ShouldBe(result.Error!.Message);
    }

    private static XbrlReadResult Read(string xml) =>
        new XbrlInstanceReader().Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)));

    private static string TestData(string fileName) => TestPaths.TestData(fileName);
}
