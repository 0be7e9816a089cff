using System.Globalization;
using ConnectorHost.Abstractions.Commands;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>The admin views of <c>casewarecloud.sync</c>: where each client and contact person stands with CaseWare Cloud, and why.</summary>
internal sealed class CaseWareCloudSyncCommands(SyncRecords records) : IAdminCommands
{
    /// <summary>
    /// The commands with their handlers; the factory lists them so <c>connectorhost plugins</c> and the reference docs
    /// show them, the task offers them bound to its instance.
    /// </summary>
    public static AdminCommandCollection<CaseWareCloudSyncCommands> All { get; } = new()
    {
        {
            new("clients", "Every AuditCase client with its link to CaseWare Cloud: sent, not sent and why (private, suspect, not linked), or rejected with CaseWare Cloud's reason; and when it was last synced."),
            c => c.ClientsViewAsync
        },
        {
            new("contacts", "The contact persons that are not in CaseWare Cloud, with the reason: not linked, client not sent, no e-mail, an e-mail shared with another contact, or rejected."),
            c => c.ContactsViewAsync
        },
    };

    /// <inheritdoc />
    public IReadOnlyList<AdminCommand> Commands => All.BindTo(this);

    private async Task<AdminCommandResult> ClientsViewAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var clients = await records.ClientsAsync(cancellationToken).ConfigureAwait(false);
        var rows = clients.Values.OrderBy(c => c.ClientNumber, StringComparer.OrdinalIgnoreCase).Select(c => new ResultRow(
        [
            c.ClientNumber,
            c.Name,
            Describe(c.State, c.ReasonCode),
            c.LastSyncAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",
            c.Reason ?? string.Empty,
        ])
        {
            Mark = Mark(c.State, c.ReasonCode),
        }).ToList();
        var sent = clients.Values.Count(c => c.State == LinkState.Sent);
        var rejected = clients.Values.Count(c => c.State == LinkState.Rejected);
        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{clients.Count} clients: {sent} sent to CaseWare Cloud, {clients.Count - sent - rejected} not sent, {rejected} rejected"),
            new ResultTable("AuditCase clients and CaseWare Cloud", ["Client number", "Name", "Link", "Last sync", "Reason"], rows)
            {
                EmptyText = "No clients yet: the pipeline has not run, or AuditCase's export is empty.",
            });
    }

    private async Task<AdminCommandResult> ContactsViewAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var contacts = await records.ContactsAsync(cancellationToken).ConfigureAwait(false);
        var notSent = contacts.Values.Where(c => c.State != LinkState.Sent)
            .OrderBy(c => c.ClientNumber, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new ResultRow(
            [
                c.ClientNumber,
                c.ContactId,
                c.Name,
                c.Email,
                Describe(c.State, c.ReasonCode),
                c.Reason ?? string.Empty,
            ])
            {
                Mark = Mark(c.State, c.ReasonCode),
            }).ToList();
        var repaired = contacts.Values.Where(c => c.State == LinkState.Sent && c.Repairs is not null)
            .OrderBy(c => c.ClientNumber, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new ResultRow([c.ClientNumber, c.ContactId, c.Name, c.Email, c.Repairs!]) { Mark = RowMark.Warning })
            .ToList();
        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{contacts.Count} contact persons: {contacts.Count - notSent.Count} in CaseWare Cloud, {notSent.Count} not")
                + (repaired.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {repaired.Count} sent with a repaired e-mail")),
            new ResultTable("Contact persons not in CaseWare Cloud", ["Client number", "Contact id", "Name", "E-mail", "Link", "Reason"], notSent)
            {
                EmptyText = "Every known contact person is in CaseWare Cloud.",
            },
            new ResultTable("Contact persons sent with a repaired e-mail (correct them in AuditCase)", ["Client number", "Contact id", "Name", "E-mail sent", "Repaired"], repaired)
            {
                EmptyText = "No e-mail needed repairing.",
            });
    }

    private static string Describe(LinkState state, string? code) => state switch
    {
        LinkState.Sent => "linked, sent",
        LinkState.Rejected => "rejected",
        _ => code switch
        {
            Reasons.Unlinked => "not linked",
            Reasons.Private => "not sent: private",
            Reasons.Suspect => "not sent: suspect",
            Reasons.ClientNotSent => "not sent: client not sent",
            Reasons.NoEmail => "not sent: no e-mail",
            Reasons.SharedEmail => "not sent: shared e-mail",
            Reasons.InvalidEmail => "not sent: invalid e-mail",
            _ => "not sent",
        },
    };

    private static RowMark Mark(LinkState state, string? code) => state switch
    {
        LinkState.Sent => RowMark.None,
        LinkState.Rejected => RowMark.Error,
        _ => code == Reasons.Unlinked ? RowMark.None : RowMark.Warning,
    };
}
