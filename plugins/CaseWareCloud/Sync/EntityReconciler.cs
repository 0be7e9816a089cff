using System.Collections.Concurrent;
using ConnectorHost.Plugins.CaseWareCloud.AuditCase;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>
/// AuditCase's clients as CaseWare Cloud entities: sendable clients are sent (CW-1, CW-2), an entity whose client
/// was unlinked, made unsendable or deleted is set Inactive (CW-6). Remembers which clients were sent, for their
/// contact persons.
/// </summary>
internal sealed class EntityReconciler(SyncRun run, ClientRules rules)
    : Reconciler<AuditCaseClient, ClientRecord, EntityDto, EntityFound>(run)
{
    private readonly ConcurrentDictionary<string, string> _sentEntities = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Code, string Text)> _clientNotSent = new(StringComparer.OrdinalIgnoreCase);

    protected override string Collection => "entities";

    protected override string Plural => "clients";

    protected override int SentSoFar => Report.ClientsCreated + Report.ClientsUpdated + Report.ClientsMatched;

    protected override string SearchField => "EntityNo";

    protected override string MatchedBy => "matched by client number";

    protected override IEqualityComparer<string> KeyComparer => StringComparer.OrdinalIgnoreCase;

    public async Task ClientsAsync(AuditCaseExport export)
    {
        Report.Clients = export.ClientCount;
        await ReconcileAllAsync(export.Clients(CancellationToken), export.ClientCount, export.HasClient).ConfigureAwait(false);
    }

    /// <summary>The entity id of a client sent in this run (or unchanged since), or null.</summary>
    public string? EntityOf(string clientNumber) => _sentEntities.GetValueOrDefault(clientNumber);

    /// <summary>Why a client is not in CaseWare Cloud, for its contact persons' reason.</summary>
    public string WhyNotSent(string clientNumber) =>
        _clientNotSent.TryGetValue(clientNumber, out var r) ? r.Text : "it is not in CaseWare Cloud";

    protected override Task<Dictionary<string, ClientRecord>> RecordsAsync(IReadOnlyList<string> keys) => Run.Records.ClientsAsync(keys, CancellationToken);

    protected override Task<List<string>> KeysNotInAsync(Func<string, bool> inExport) => Run.Records.ClientKeysNotInAsync(inExport, CancellationToken);

    protected override Task<ClientRecord?> RecordAsync(string key) => Run.Records.ClientAsync(key, CancellationToken);

    protected override string KeyOf(AuditCaseClient item) => item.ClientNumber;

    protected override string KeyOf(ClientRecord record) => record.ClientNumber;

    protected override string? CwIdOf(ClientRecord record) => record.CwId;

    protected override string? FingerprintOf(ClientRecord record) => record.Fingerprint;

    protected override LinkState StateOf(ClientRecord record) => record.State;

    protected override bool MayCreate(AuditCaseClient item) => rules.NotSendable(item) is null;

    protected override string Label(EntityDto dto) => $"entity {dto.EntityNo}";

    protected override string SearchValue(EntityDto dto) => dto.EntityNo;

    protected override string LookupKey(EntityDto dto) => dto.EntityNo;

    protected override string? LookupKey(EntityFound found) => found.EntityNo;

    protected override string IdOf(EntityFound found) => found.Id;

    protected override EntityDto FieldsOf(EntityFound found) => found.Fields;

    protected override bool IsCurrent(ClientRecord record) => record is { State: LinkState.Sent, CwId: not null };

    protected override void Count(SendOutcome outcome)
    {
        switch (outcome)
        {
            case SendOutcome.Created:
                Run.Tally(r => r.ClientsCreated++);
                break;
            case SendOutcome.Updated:
                Run.Tally(r => r.ClientsUpdated++);
                break;
            default:
                Run.Tally(r => r.ClientsMatched++);
                break;
        }
    }

    protected override Task ReconcileAsync(AuditCaseClient item, ClientRecord? record) =>
        rules.NotSendable(item) is { } reason
            ? NotSendableAsync(item.ClientNumber, item.Name, Mapping.ToEntity(item), record, reason)
            : SendAsync(item, record, Mapping.ToEntity(item), $"send client {item.ClientNumber} ({item.Name})");

    protected override async Task GoneAsync(ClientRecord record)
    {
        await NotSendableAsync(record.ClientNumber, record.Name, record.Sent, record, (Reasons.Deleted, "it is no longer in AuditCase's export")).ConfigureAwait(false);
        await Run.Records.DeleteClientAsync(record.ClientNumber, CancellationToken).ConfigureAwait(false);
    }

    protected override void Unchanged(AuditCaseClient item, ClientRecord record)
    {
        _sentEntities[item.ClientNumber] = record.CwId!;
        Run.Tally(r => r.ClientsUnchanged++);
    }

    protected override void StillRejected(AuditCaseClient item, ClientRecord record)
    {
        _clientNotSent[item.ClientNumber] = (Reasons.Rejected, $"CaseWare Cloud refused it: {record.Reason}");
        Run.Tally(r => r.ClientsRejected++);
    }

    protected override async Task SentAsync(AuditCaseClient item, ClientRecord? record, EntityDto dto, string fingerprint, string id, string done)
    {
        _sentEntities[item.ClientNumber] = id;
        await Run.Records.PutAsync(
            new ClientRecord { ClientNumber = item.ClientNumber, Name = item.Name, State = LinkState.Sent, CwId = id, LastSyncAt = Run.Now, Sent = dto, Fingerprint = fingerprint },
            CancellationToken).ConfigureAwait(false);
        Run.Logger.LogClientSent(item.ClientNumber, item.Name, done, id);
    }

    protected override async Task RejectedAsync(AuditCaseClient item, ClientRecord? record, EntityDto dto, string fingerprint, string reason)
    {
        Run.Tally(r => r.ClientsRejected++);
        _clientNotSent[item.ClientNumber] = (Reasons.Rejected, $"CaseWare Cloud refused it: {reason}");
        await Run.Records.PutAsync(
            new ClientRecord { ClientNumber = item.ClientNumber, Name = item.Name, State = LinkState.Rejected, CwId = record?.CwId, ReasonCode = Reasons.Rejected, Reason = reason, LastSyncAt = record?.LastSyncAt, Sent = record?.Sent, Fingerprint = fingerprint },
            CancellationToken).ConfigureAwait(false);
        Run.Logger.LogClientRejected(item.ClientNumber, item.Name, reason);
    }

    /// <summary>The client is held back; an entity sent before is set Inactive (CW-6), not deleted: its files stay.</summary>
    private async Task NotSendableAsync(string clientNumber, string name, EntityDto? lastKnown, ClientRecord? record, (string Code, string Text) reason)
    {
        _clientNotSent[clientNumber] = reason;
        if (reason.Code != Reasons.Deleted)
        {
            Run.Tally(r => r.ClientsNotSent++);
        }

        var deactivated = record?.Deactivated ?? false;
        if (record is { CwId: { } cwId } && !deactivated && (record.State == LinkState.Sent || record.Sent is not null) && lastKnown is not null)
        {
            // CW-6 for the client: its entity is set Inactive (not deleted: its files stay), its contacts lose access below.
            var answer = await Api.SendAsync(HttpMethod.Put, $"entities/{cwId}", lastKnown with { Status = Mapping.Inactive }, $"deactivate entity {clientNumber}", CancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess && answer.Status != System.Net.HttpStatusCode.NotFound)
            {
                Run.Logger.LogClientRejected(clientNumber, name, $"setting it Inactive failed: {answer.Reason}");
            }
            else
            {
                deactivated = true;
                Run.Tally(r => r.ClientsDeactivated++);
                Run.Logger.LogClientDeactivated(clientNumber, name, cwId, reason.Text);
            }
        }
        else if (record is null || record.State != LinkState.NotSent || record.ReasonCode != reason.Code)
        {
            if (reason.Code is not (Reasons.Unlinked or Reasons.Deleted))
            {
                Run.Logger.LogClientNotSent(clientNumber, name, reason.Text);
            }
        }

        if (reason.Code == Reasons.Deleted)
        {
            return;
        }

        var updated = new ClientRecord
        {
            ClientNumber = clientNumber,
            Name = name,
            State = LinkState.NotSent,
            CwId = record?.CwId,
            ReasonCode = reason.Code,
            Reason = reason.Text,
            LastSyncAt = record?.LastSyncAt,
            Sent = record?.Sent,
            Deactivated = deactivated,
        };
        if (record is null || record.State != updated.State || record.ReasonCode != updated.ReasonCode || record.Reason != updated.Reason || record.Name != name || record.Deactivated != deactivated)
        {
            await Run.Records.PutAsync(updated, CancellationToken).ConfigureAwait(false);
        }
    }
}
