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
