using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using WireKind = ConnectorHost.Plugins.ClientOnline.Contracts.ClientNumberKind;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

public sealed class FilingTypeTableTests
{
    [Theory]
    [Trait("Req", "CO-3")]
    [InlineData("bd-rpt-ob-aangifte-2021", FilingType.ObAangifte, 2021, null)]
    [InlineData("bd-rpt-ob-aangifte-2016", FilingType.ObAangifte, 2016, null)]
    [InlineData("bd-rpt-ob-suppletie-2020", FilingType.ObSuppletie, 2020, null)]
    [InlineData("bd-rpt-icp-opgaaf-2022", FilingType.IcpOpgaaf, 2022, null)]
    [InlineData("bd-rpt-vpb-aangifte-2019", FilingType.VpbAangifte, 2019, null)]
    [InlineData("bd-rpt-ihz-aangifte-2025", FilingType.IbAangifte, 2025, null)]
    [InlineData("bd-rpt-lh-aangifte-2023", FilingType.LhAangifte, 2023, null)]
    [InlineData("kvk-rpt-jaarverantwoording-2016-nlgaap-klein-publicatiestukken", FilingType.KvkJaarverantwoording, 2016, "nlgaap-klein-publicatiestukken")]
    [InlineData("kvk-rpt-jaarverantwoording-2018-nlgaap-micro", FilingType.KvkJaarverantwoording, 2018, "nlgaap-micro")]
    [InlineData("kvk-rpt-jaarverantwoording-2021-ifrs-groot", FilingType.KvkJaarverantwoording, 2021, "ifrs-groot")]
    [InlineData("kvk-rpt-jaarverantwoording-2024-nlgaap-middelgroot-publicatiestukken", FilingType.KvkJaarverantwoording, 2024, "nlgaap-middelgroot-publicatiestukken")]
    [InlineData("frc-rpt-ihz-aangifte-2017", FilingType.FrcRapportage, 2017, null)]
    [InlineData("frc-rpt-vpb-2017", FilingType.FrcRapportage, 2017, null)]
    public void Entry_points_map_to_filing_types_across_taxonomy_years(string entryPoint, FilingType type, int year, string? variant)
    {
        var match = FilingTypeTable.Match(entryPoint).ShouldNotBeNull();

        match.Entry.FilingType.ShouldBe(type);
        match.TaxonomyYear.ShouldBe(year);
        match.Variant.ShouldBe(variant);
        match.EntryPoint.ShouldBe(entryPoint);
    }

    [Theory]
    [Trait("Req", "CO-3")]
    [InlineData("http://www.nltaxonomie.nl/nt15/bd/20201209/entrypoints/bd-rpt-ob-aangifte-2021.xsd", "bd-rpt-ob-aangifte-2021")]
    [InlineData("https://www.nltaxonomie.nl/nt20/bd/20251210/entrypoints/bd-rpt-ihz-aangifte-2025.xsd", "bd-rpt-ihz-aangifte-2025")]
    [InlineData("http://www.nltaxonomie.nl/10.0/report/bd/entrypoints/bd-rpt-ob-aangifte-2016.xsd", "bd-rpt-ob-aangifte-2016")]
    [InlineData("https://www.sbrbanken.nl/bt12/frc/20171201/entrypoints/frc-rpt-vpb-2017.xsd", "frc-rpt-vpb-2017")]
    [InlineData("bd-rpt-ob-aangifte-2021", "bd-rpt-ob-aangifte-2021")]
    public void The_entry_point_is_the_last_segment_of_the_schema_ref_without_xsd(string href, string entryPoint)
    {
        FilingTypeTable.EntryPointOf(href).ShouldBe(entryPoint);
        FilingTypeTable.Match(href).ShouldNotBeNull().EntryPoint.ShouldBe(entryPoint);
    }

    [Theory]
    [Trait("Req", "CO-3")]
    [InlineData("bd-rpt-bpm-aangifte-2021")]
    [InlineData("bd-rpt-ob-aangifte")]
    [InlineData("bd-rpt-ob-aangifte-2021-extra")]
    [InlineData("kvk-rpt-jaarverantwoording-2016")]
    [InlineData("kvk-rpt-jaarverantwoording-2016-nlgaap-reus")]
    [InlineData("kvk-rpt-jaarverantwoording-2016-usgaap-klein")]
    [InlineData("frc-rpt-vt-duurzaamheidsscore")]
    [InlineData("xyz-rpt-ob-aangifte-2021")]
    [InlineData("BD-RPT-OB-AANGIFTE-2021")]
    [InlineData("")]
    public void Unknown_shapes_and_reports_do_not_match(string entryPoint)
    {
        FilingTypeTable.Match(entryPoint).ShouldBeNull();
    }

    [Theory]
    [Trait("Req", "CO-11")]
    [InlineData(FilingType.ObAangifte, ClientNumberKind.OB)]
    [InlineData(FilingType.ObSuppletie, ClientNumberKind.OB)]
    [InlineData(FilingType.IcpOpgaaf, ClientNumberKind.OB)]
    [InlineData(FilingType.LhAangifte, ClientNumberKind.LH)]
    [InlineData(FilingType.IbAangifte, ClientNumberKind.BSN)]
    [InlineData(FilingType.VpbAangifte, ClientNumberKind.RSIN)]
    [InlineData(FilingType.KvkJaarverantwoording, ClientNumberKind.KvK)]
    public void Each_filing_type_needs_the_number_kind_of_CO_11(FilingType type, ClientNumberKind kind)
    {
        FilingTypeTable.Entries.Single(e => e.FilingType == type).NumberKind.ShouldBe(kind);
    }

    [Fact]
    [Trait("Req", "CO-11")]
    public void Every_filing_type_has_one_row_and_the_portal_knows_its_document_type_with_the_same_number_kind()
    {
        FilingTypeTable.Entries.Select(e => e.FilingType).ShouldBe(Enum.GetValues<FilingType>(), ignoreOrder: true);
        foreach (var entry in FilingTypeTable.Entries)
        {
            var portalType = XbrlDocumentTypes.Find(entry.DocumentType)
                .ShouldNotBeNull($"the sandbox portal does not know document type {entry.DocumentType}");
            portalType.RequiredNumberKind.ShouldBe(Enum.Parse<WireKind>(entry.NumberKind.ToString()), entry.DocumentType);
        }
    }

    [Fact]
    [Trait("Req", "CO-11")]
    public void The_wire_number_kinds_are_the_abstractions_number_kinds()
    {
        Enum.GetNames<WireKind>().ShouldBe(Enum.GetNames<ClientNumberKind>());
    }
}
