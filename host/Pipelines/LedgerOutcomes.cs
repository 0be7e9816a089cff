using ConnectorHost.Abstractions.Documents;
using ConnectorHost.State;

namespace ConnectorHost.Pipelines;

/// <summary>The mapping between portal states, ledger statuses and outcomes, as a table.</summary>
internal static class LedgerOutcomes
{
    private static readonly Dictionary<SubmissionState, LedgerStatus> FromPortal = new()
    {
        [SubmissionState.Pending] = LedgerStatus.Pending,
        [SubmissionState.Approved] = LedgerStatus.Approved,
        [SubmissionState.Rejected] = LedgerStatus.Rejected,
        [SubmissionState.ClientNotFound] = LedgerStatus.ClientNotFound,
        [SubmissionState.Refused] = LedgerStatus.Refused,
        [SubmissionState.Withdrawn] = LedgerStatus.Withdrawn,
    };

    private static readonly Dictionary<LedgerStatus, DocumentOutcomeKind> ToOutcome = new()
    {
        [LedgerStatus.Approved] = DocumentOutcomeKind.Approved,
        [LedgerStatus.Rejected] = DocumentOutcomeKind.Rejected,
        [LedgerStatus.ClientNotFound] = DocumentOutcomeKind.ClientNotFound,
        [LedgerStatus.Refused] = DocumentOutcomeKind.Refused,
        [LedgerStatus.Withdrawn] = DocumentOutcomeKind.Withdrawn,
        [LedgerStatus.FinallyFailed] = DocumentOutcomeKind.FinallyFailed,
    };

    /// <summary>The statuses whose document can be put away.</summary>
    public static IReadOnlyList<LedgerStatus> Decided { get; } = ToOutcome.Keys.ToList();

    /// <summary>
    /// Outcomes after which the same document, put back in the source folder, is submitted anew rather than refused as
    /// a duplicate: the office fixed the client card, the portal's refusal or the connection. An approved, rejected or
    /// pending document is never submitted twice (CO-2).
    /// </summary>
    private static readonly HashSet<LedgerStatus> OfferableAgain =
        [LedgerStatus.ClientNotFound, LedgerStatus.Refused, LedgerStatus.Withdrawn, LedgerStatus.FinallyFailed];

    public static bool MayBeOfferedAgain(LedgerStatus status) => OfferableAgain.Contains(status);

    public static LedgerStatus StatusOf(SubmissionState state) => FromPortal[state];

    public static DocumentOutcome OutcomeOf(LedgerEntry entry) =>
        new(ToOutcome[entry.Status], entry.Reason ?? DefaultReason(entry.Status)) { PortalReference = entry.PortalReference };

    private static string DefaultReason(LedgerStatus status) => status switch
    {
        LedgerStatus.Approved => "approved by the client",
        LedgerStatus.ClientNotFound => "the portal has no client with this number",
        _ => status.ToString(),
    };
}
