using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// One source folder ("Naar portaal") with what is picked up from it and where each file goes after its outcome
/// (CO-5, CO-6, CO-9).
/// </summary>
public sealed class FolderMapping : IValidatableObject
{
    /// <summary>The folder watched for new files.</summary>
    [Description("The folder watched for new files (Naar portaal). Relative paths are taken from the configuration file's folder.")]
    [Required]
    [Example("../data/clientonline/Naar portaal")]
    public string Source { get; set; } = string.Empty;

    /// <summary>Which files of the folder are picked up.</summary>
    [Description("Which files are picked up, as a file name pattern (case-insensitive), for example *.pdf or *.xbrl.")]
    [Example("*.pdf")]
    public string Pattern { get; set; } = "*.pdf";

    /// <summary>What the files are.</summary>
    [Description("Pdf: the client is found by the file name's <number>_ prefix and the document type and dates come from this folder's settings (CO-5, CO-6). Xbrl: the filing type, period and client number are read from the XBRL itself (CO-3, CO-11).")]
    public DocumentKind Kind { get; set; } = DocumentKind.Pdf;

    /// <summary>For PDFs: what the file name's number is.</summary>
    [Description("Pdf only: whether the <number>_ prefix is the client's KvK number (8 digits) or its hidden id in the portal (CO-5).")]
    public PdfMatchBy MatchBy { get; set; } = PdfMatchBy.KvK;

    /// <summary>For PDFs: the document type given to every file of this folder.</summary>
    [Description("Pdf only, required for Pdf: the document type as the portal knows it, given to every file of this folder (CO-6).")]
    [Example("jaarrekening")]
    public string? DocumentType { get; set; }

    /// <summary>For PDFs: the first day of the period ("datum van").</summary>
    [Description("Pdf only: the first day of the period the documents cover (datum van), yyyy-MM-dd (CO-6).")]
    [Example("2025-01-01")]
    public DateOnly? DateFrom { get; set; }

    /// <summary>For PDFs: the last day of the period ("datum tot").</summary>
    [Description("Pdf only: the last day of the period the documents cover (datum tot), yyyy-MM-dd (CO-6).")]
    [Example("2025-12-31")]
    public DateOnly? DateTo { get; set; }

    /// <summary>Where approved files go.</summary>
    [Description("Where files go once the client approved them (Goedgekeurd).")]
    [Required]
    [Example("../data/clientonline/Goedgekeurd")]
    public string Approved { get; set; } = string.Empty;

    /// <summary>Where rejected files go.</summary>
    [Description("Where files go that the client rejected (Afgekeurd), with <file>.reason.txt holding the client's reason.")]
    [Required]
    [Example("../data/clientonline/Afgekeurd")]
    public string Rejected { get; set; } = string.Empty;

    /// <summary>Where files go whose client the portal does not know.</summary>
    [Description("Where files go whose client cannot be found (Niet gevonden): the portal does not know the number, or the PDF's file name has no valid <number>_ prefix. A <file>.reason.txt says which.")]
    [Required]
    [Example("../data/clientonline/Niet gevonden")]
    public string NotFound { get; set; } = string.Empty;

    /// <summary>Where files go that cannot be submitted or failed.</summary>
    [Description("Where files go that are not what they claim (not a PDF, bad XBRL), copies of documents already handled, refused or withdrawn by the portal, or finally failed; each with <file>.reason.txt saying exactly what is wrong.")]
    [Required]
    [Example("../data/clientonline/Fout")]
    public string Error { get; set; } = string.Empty;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == DocumentKind.Pdf && string.IsNullOrWhiteSpace(DocumentType))
        {
            yield return new ValidationResult("a Pdf folder needs 'documentType': the portal's document type for its files (CO-6)", [nameof(DocumentType)]);
        }

        if (Kind == DocumentKind.Xbrl && (DocumentType is not null || DateFrom is not null || DateTo is not null))
        {
            yield return new ValidationResult(
                "an Xbrl folder takes the document type and period from the XBRL itself (CO-3); remove 'documentType', 'dateFrom' and 'dateTo'",
                [DocumentType is not null ? nameof(DocumentType) : DateFrom is not null ? nameof(DateFrom) : nameof(DateTo)]);
        }

        if (DateFrom is { } from && DateTo is { } to && from > to)
        {
            yield return new ValidationResult($"'dateFrom' {from:yyyy-MM-dd} is after 'dateTo' {to:yyyy-MM-dd}", [nameof(DateFrom)]);
        }

        if (string.IsNullOrWhiteSpace(Pattern) || Pattern.IndexOfAny(['/', '\\']) >= 0)
        {
            yield return new ValidationResult("'pattern' must be a file name pattern such as *.pdf, without a folder", [nameof(Pattern)]);
        }
    }
}

/// <summary>What the files of a folder are.</summary>
public enum DocumentKind
{
    /// <summary>PDF documents, matched to a client by their file name's prefix.</summary>
    Pdf,

    /// <summary>XBRL filings (tax returns, annual accounts), read for type, period and client number.</summary>
    Xbrl,
}

/// <summary>What the <c>&lt;number&gt;_</c> prefix of a PDF's file name is (CO-5).</summary>
public enum PdfMatchBy
{
    /// <summary>The client's KvK number, 8 digits.</summary>
    KvK,

    /// <summary>The client's hidden id in the portal.</summary>
    HiddenId,
}
