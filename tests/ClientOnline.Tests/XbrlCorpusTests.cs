using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>CO-3 against every real instance in testdata/xbrl, with the values read from the files by hand.</summary>
public sealed class XbrlCorpusTests
{
    /// <summary>What each corpus file holds. A new file in the corpus needs its row here.</summary>
    private static readonly Dictionary<string, ExpectedFiling> Expected = new(StringComparer.Ordinal)
    {
        ["VB-01_bd-rpt-ob-aangifte-2021.xbrl"] = new(
            SchemaRef: "http://www.nltaxonomie.nl/nt15/bd/20201209/entrypoints/bd-rpt-ob-aangifte-2021.xsd",
            EntryPoint: "bd-rpt-ob-aangifte-2021",
            FilingType: FilingType.ObAangifte,
            TaxonomyYear: 2021,
            Variant: null,
            NumberKind: ClientNumberKind.OB,
            DocumentType: "OB-aangifte",
            From: new DateOnly(2021, 10, 1),
            To: new DateOnly(2021, 10, 31),
            ContextId: "Msg",
            Identifier: "001000044B37",
            Scheme: "www.belastingdienst.nl/omzetbelastingnummer",
            ContextCount: 1,
            FirstContextId: "Msg"),
        ["kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken.xbrl"] = new(
            SchemaRef: "http://www.nltaxonomie.nl/nt11/kvk/20161214/entrypoints/kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken.xsd",
            EntryPoint: "kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken",
            FilingType: FilingType.KvkJaarverantwoording,
            TaxonomyYear: 2016,
            Variant: "nlgaap-klein-publicatiestukken",
            NumberKind: ClientNumberKind.KvK,
            DocumentType: "KvK-jaarverantwoording",
            From: new DateOnly(2016, 1, 1),
            To: new DateOnly(2016, 12, 31),
            ContextId: "FY16d",
            Identifier: "30267975",
            Scheme: "http://www.kvk.nl/kvk-id",
            ContextCount: 17,
            FirstContextId: "FY16d"),
    };

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in XbrlFilesInCorpus())
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void The_corpus_holds_xbrl_files_and_each_has_its_expected_values()
    {
        var files = XbrlFilesInCorpus();
        files.ShouldNotBeEmpty($"no .xbrl files in {TestPaths.XbrlCorpus}");
        files.Where(f => !Expected.ContainsKey(f)).ShouldBeEmpty(
            "these corpus files have no expected values in XbrlCorpusTests.Expected: read them and add a row");
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    [Trait("Req", "CO-3")]
    public void Reads_filing_type_period_and_entity_from_the_real_instance(string fileName)
    {
        var expected = Expected[fileName];

        var result = new XbrlInstanceReader().ReadFile(Path.Combine(TestPaths.XbrlCorpus, fileName));

        result.Error.ShouldBeNull();
        var filing = result.Filing.ShouldNotBeNull();
        filing.EntryPoint.ShouldBe(expected.EntryPoint);
        filing.FilingType.ShouldBe(expected.FilingType);
        filing.TaxonomyYear.ShouldBe(expected.TaxonomyYear);
        filing.Variant.ShouldBe(expected.Variant);
        filing.NumberKind.ShouldBe(expected.NumberKind);
        filing.DocumentType.ShouldBe(expected.DocumentType);
        filing.PeriodFrom.ShouldBe(expected.From);
        filing.PeriodTo.ShouldBe(expected.To);
        filing.PeriodContextId.ShouldBe(expected.ContextId);
        filing.EntityIdentifier.ShouldBe(expected.Identifier);
        filing.EntityScheme.ShouldBe(expected.Scheme);

        var instance = result.Instance.ShouldNotBeNull();
        instance.SchemaRef.ShouldBe(expected.SchemaRef);
        instance.Contexts.Count.ShouldBe(expected.ContextCount);
        instance.Contexts[0].Id.ShouldBe(expected.FirstContextId);
        instance.Contexts.ShouldAllBe(c => c.EntityIdentifier == expected.Identifier && c.EntityScheme == expected.Scheme);
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void The_kvk_sample_has_prior_year_instant_and_dimensional_contexts_and_the_facts_pick_the_current_year()
    {
        var result = new XbrlInstanceReader().ReadFile(
            Path.Combine(TestPaths.XbrlCorpus, "kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken.xbrl"));

        var instance = result.Instance.ShouldNotBeNull();
        var fy15 = instance.Contexts.Single(c => c.Id == "FY15d");
        fy15.StartDate.ShouldBe(new DateOnly(2015, 1, 1));
        fy15.EndDate.ShouldBe(new DateOnly(2015, 12, 31));
        fy15.IsPlain.ShouldBeTrue();
        var instant = instance.Contexts.Single(c => c.Id == "FY16i_Commercial_Separate");
        instant.Instant.ShouldBe(new DateOnly(2016, 12, 31));
        instant.IsDuration.ShouldBeFalse();
        instant.HasScenario.ShouldBeTrue();
        instance.Contexts.Count(c => c.HasScenario).ShouldBe(15);
        instance.CurrentPeriodStart.ShouldBe(new XbrlDateFact(new DateOnly(2016, 1, 1), "FY16d", 272));
        instance.CurrentPeriodEnd.ShouldBe(new XbrlDateFact(new DateOnly(2016, 12, 31), "FY16d", 273));
    }

    [Fact]
    [Trait("Req", "CO-3")]
    public void The_vat_sample_is_one_message_context_without_reporting_period_facts()
    {
        var result = new XbrlInstanceReader().ReadFile(Path.Combine(TestPaths.XbrlCorpus, "VB-01_bd-rpt-ob-aangifte-2021.xbrl"));

        var instance = result.Instance.ShouldNotBeNull();
        instance.Contexts.ShouldHaveSingleItem().ShouldBe(new XbrlContext(
            "Msg", "001000044B37", "www.belastingdienst.nl/omzetbelastingnummer",
            new DateOnly(2021, 10, 1), new DateOnly(2021, 10, 31), null, HasSegment: false, HasScenario: false));
        instance.CurrentPeriodStart.ShouldBeNull();
        instance.CurrentPeriodEnd.ShouldBeNull();
    }

    private static List<string> XbrlFilesInCorpus() =>
        [.. Directory.EnumerateFiles(TestPaths.XbrlCorpus)
            .Where(f => f.EndsWith(".xbrl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    private sealed record ExpectedFiling(
        string SchemaRef,
        string EntryPoint,
        FilingType FilingType,
        int TaxonomyYear,
        string? Variant,
        ClientNumberKind NumberKind,
        string DocumentType,
        DateOnly From,
        DateOnly To,
        string ContextId,
        string Identifier,
        string Scheme,
        int ContextCount,
        string FirstContextId);
}
