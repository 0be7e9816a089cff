using System.Text.RegularExpressions;
using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// The metadata of a PDF (CO-5, CO-6): the client number from the file name's <c>&lt;number&gt;_</c> prefix, read
/// as a KvK number or a hidden id per the folder; the document type and dates from the folder's settings. Checks
/// that the file is a PDF at all.
/// </summary>
internal static partial class PdfDocumentReader
{
    private static readonly byte[] PdfHeader = "%PDF-"u8.ToArray();

    public static DocumentReading Read(string fileName, ReadOnlySpan<byte> content, FolderMapping folder)
    {
        if (!content.StartsWith(PdfHeader))
        {
            return DocumentReading.Unusable(
                UnusableKind.Malformed,
                $"'{fileName}' is not a PDF: it does not start with the PDF header '%PDF-' (it starts with {Describe(content)}). Save or export it as PDF and put it back.");
        }

        var prefix = fileName.IndexOf('_', StringComparison.Ordinal) is var cut and > 0 ? fileName[..cut] : null;
        var (valid, kind, shape) = folder.MatchBy == PdfMatchBy.KvK
            ? (prefix is not null && KvkNumber().IsMatch(prefix), ClientNumberKind.KvK, "the client's KvK number (8 digits)")
            : (prefix is not null && HiddenId().IsMatch(prefix), ClientNumberKind.HiddenId, "the client's hidden id (letters and digits)");
        if (!valid)
        {
            var found = prefix is null ? "has no '<number>_' prefix" : $"starts with '{prefix}_', which is not {shape}";
            return DocumentReading.Unusable(
                UnusableKind.NoClientNumber,
                $"The file name '{fileName}' {found}. This folder matches PDFs by {shape}: rename it to <number>_<name>.pdf, for example 12345678_jaarrekening.pdf, and put it back.");
        }

        return DocumentReading.Usable(new DocumentMetadata
        {
            ClientNumber = prefix!,
            ClientNumberKind = kind,
            DocumentType = folder.DocumentType!,
            PeriodFrom = folder.DateFrom,
            PeriodTo = folder.DateTo,
        });
    }

    private static string Describe(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return "nothing: the file is empty";
        }

        var head = content[..Math.Min(8, content.Length)];
        return "bytes " + Convert.ToHexString(head);
    }

    [GeneratedRegex("^[0-9]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex KvkNumber();

    [GeneratedRegex("^[A-Za-z0-9-]{1,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenId();
}
