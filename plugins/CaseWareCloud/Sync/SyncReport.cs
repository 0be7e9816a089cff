using System.Globalization;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>What one run did, counted.</summary>
internal sealed record SyncReport
{
    public int Clients { get; set; }

    public int ClientsCreated { get; set; }

    public int ClientsUpdated { get; set; }

    public int ClientsMatched { get; set; }

    public int ClientsUnchanged { get; set; }

    public int ClientsDeactivated { get; set; }

    public int ClientsNotSent { get; set; }

    public int ClientsRejected { get; set; }

    public int Contacts { get; set; }

    public int ContactsCreated { get; set; }

    public int ContactsUpdated { get; set; }

    public int ContactsMatched { get; set; }

    public int ContactsUnchanged { get; set; }

    public int ContactsRevoked { get; set; }

    public int ContactsNotSent { get; set; }

    public int ContactsRejected { get; set; }

    public long ApiCalls { get; set; }

    public long WriteCalls { get; set; }

    /// <summary>The complete run this one found the export unchanged since (nothing was read or sent), or null.</summary>
    public CompleteRun? UnchangedSince { get; init; }

    public string Summary => UnchangedSince is { } last
        ? string.Create(CultureInfo.InvariantCulture, $"CaseWare Cloud: the AuditCase export is unchanged since the complete run of {last.At:yyyy-MM-dd HH:mm:ss} UTC; nothing to send. That run: {last.Summary}")
        : string.Create(
        CultureInfo.InvariantCulture,
        $"CaseWare Cloud: clients {ClientsCreated} created, {ClientsUpdated} updated, {ClientsMatched} matched, {ClientsUnchanged} unchanged, {ClientsDeactivated} deactivated, {ClientsNotSent} not sent, {ClientsRejected} rejected; "
        + $"contacts {ContactsCreated} created, {ContactsUpdated} updated, {ContactsMatched} matched, {ContactsUnchanged} unchanged, {ContactsRevoked} revoked, {ContactsNotSent} not sent, {ContactsRejected} rejected; {ApiCalls} API calls ({WriteCalls} writes)");
}
