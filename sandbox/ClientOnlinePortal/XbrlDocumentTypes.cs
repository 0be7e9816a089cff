using ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>One XBRL document type the portal knows: which number it must carry and where it goes after approval.</summary>
/// <param name="DocumentType">The document type name.</param>
/// <param name="RequiredNumberKind">The number a filing of this type is matched on (CO-11).</param>
/// <param name="Authority">The requesting authority (uitvragende partij) it is sent to after approval (CO-1).</param>
public sealed record XbrlDocumentType(string DocumentType, ClientNumberKind RequiredNumberKind, string Authority);

/// <summary>
/// The XBRL document types of the portal (CO-11: OB and ICP → OB number, LH → LH number, IB → BSN,
/// VPB → RSIN, KvK filings → KvK number). Other document types (PDFs) have no number rule and are not sent on.
/// </summary>
public static class XbrlDocumentTypes
{
    /// <summary>The table.</summary>
    public static IReadOnlyList<XbrlDocumentType> All { get; } =
    [
        new("OB-aangifte", ClientNumberKind.OB, "Belastingdienst"),
        new("OB-suppletie", ClientNumberKind.OB, "Belastingdienst"),
        new("ICP-opgaaf", ClientNumberKind.OB, "Belastingdienst"),
        new("LH-aangifte", ClientNumberKind.LH, "Belastingdienst"),
        new("IB-aangifte", ClientNumberKind.BSN, "Belastingdienst"),
        new("VPB-aangifte", ClientNumberKind.RSIN, "Belastingdienst"),
        new("KvK-jaarverantwoording", ClientNumberKind.KvK, "KvK"),
        new("FRC-rapportage", ClientNumberKind.KvK, "Bank (SBR Banken)"),
    ];

    /// <summary>Finds an XBRL document type by name (case-insensitive).</summary>
    /// <param name="documentType">The document type of a submission.</param>
    /// <returns>The XBRL document type, or <c>null</c> when it is not one.</returns>
    public static XbrlDocumentType? Find(string documentType) =>
        All.FirstOrDefault(t => string.Equals(t.DocumentType, documentType, StringComparison.OrdinalIgnoreCase));

    /// <summary>How the portal names a number kind in messages.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>For example "OB number (omzetbelastingnummer)".</returns>
    public static string Describe(ClientNumberKind kind) => kind switch
    {
        ClientNumberKind.KvK => "KvK number",
        ClientNumberKind.HiddenId => "hidden id",
        ClientNumberKind.OB => "OB number (omzetbelastingnummer)",
        ClientNumberKind.LH => "LH number (loonheffingennummer)",
        ClientNumberKind.BSN => "BSN",
        ClientNumberKind.RSIN => "RSIN",
        _ => kind.ToString(),
    };
}
