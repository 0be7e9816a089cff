using System.Globalization;
using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>The text of <c>&lt;file&gt;.reason.txt</c> for an outcome, in the office's words.</summary>
internal static class OutcomeReason
{
    private static readonly Dictionary<DocumentOutcomeKind, string> Headings = new()
    {
        [DocumentOutcomeKind.Rejected] = "Afgekeurd: the client rejected the document",
        [DocumentOutcomeKind.ClientNotFound] = "Niet gevonden: the portal has no client with this number",
        [DocumentOutcomeKind.Duplicate] = "Not submitted: a copy of a document already handled (the same content under the same name)",
        [DocumentOutcomeKind.Refused] = "Refused by the portal",
        [DocumentOutcomeKind.FinallyFailed] = "Definitief mislukt: every attempt to submit the document failed",
        [DocumentOutcomeKind.Withdrawn] = "Ingetrokken: the submission was withdrawn",
    };

    /// <summary>The text, or <c>null</c> for an approved document (no reason file).</summary>
    public static string? For(string fileName, DocumentOutcome outcome, DateTimeOffset now)
    {
        if (outcome.Kind == DocumentOutcomeKind.Approved)
        {
            return null;
        }

        var lines = new List<string>
        {
            $"{Headings[outcome.Kind]}.",
            $"Reason: {outcome.Reason}",
            $"File: {fileName}",
        };
        if (outcome.PortalReference is { Length: > 0 } reference)
        {
            lines.Add($"Portal reference: {reference}");
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Put away: {now:yyyy-MM-dd HH:mm:ss} UTC"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The text for a file the source could not offer at all.</summary>
    public static string ForUnusable(string fileName, string problem, DateTimeOffset now) => string.Join(
        Environment.NewLine,
        "Not submitted: the file cannot be offered to the portal.",
        $"Reason: {problem}",
        $"File: {fileName}",
        string.Create(CultureInfo.InvariantCulture, $"Put away: {now:yyyy-MM-dd HH:mm:ss} UTC"));
}
