using System.Text.Json;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>Where a client or contact person stands with CaseWare Cloud.</summary>
internal enum LinkState
{
    /// <summary>In CaseWare Cloud, as AuditCase has it.</summary>
    Sent,

    /// <summary>Not sent, for the reason given (not linked, private, suspect, no e-mail, ...).</summary>
    NotSent,

    /// <summary>CaseWare Cloud refused it, for the reason given; tried again when it changes in AuditCase.</summary>
    Rejected,
}

/// <summary>Why a record is not sent: a code for filters, and the marks of the admin views.</summary>
internal static class Reasons
{
    public const string Unlinked = "unlinked";
    public const string Private = "private";
    public const string Suspect = "suspect";
    public const string ClientNotSent = "client-not-sent";
    public const string NoEmail = "no-email";
    public const string SharedEmail = "shared-email";
    public const string InvalidEmail = "invalid-email";
    public const string Rejected = "rejected";
    public const string Deleted = "deleted";
}

/// <summary>What the state store keeps per client (collection <c>casewarecloud.clients</c>, key: client number).</summary>
internal sealed record ClientRecord
{
    public required string ClientNumber { get; init; }

    public string Name { get; init; } = string.Empty;

    public LinkState State { get; init; }

    /// <summary>The entity's cwGuid, once CaseWare Cloud has it.</summary>
    public string? CwId { get; init; }

    public string? ReasonCode { get; init; }

    public string? Reason { get; init; }

    /// <summary>When it was last sent, or found unchanged.</summary>
    public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>What was last sent, so it can be deactivated after it left the export.</summary>
    public EntityDto? Sent { get; init; }

    /// <summary>Whether the entity was set Inactive after it was unlinked.</summary>
    public bool Deactivated { get; init; }

    public string? Fingerprint { get; init; }
}

/// <summary>What the state store keeps per contact person (collection <c>casewarecloud.contacts</c>, key: AuditCase's id).</summary>
internal sealed record ContactRecord
{
    public required string ContactId { get; init; }

    public string ClientNumber { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public LinkState State { get; init; }

    public string? CwId { get; init; }

    public string? ReasonCode { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset? LastSyncAt { get; init; }

    /// <summary>Whether its access was revoked after it was unlinked or deleted (CW-6).</summary>
    public bool Revoked { get; init; }

    public string? Fingerprint { get; init; }

    /// <summary>What was repaired in the contact person's e-mail before it was sent (CW-8), or null.</summary>
    public string? Repairs { get; init; }
}

/// <summary>
/// The last run that went through the whole export (collection <c>casewarecloud.runs</c>, key <c>complete</c>): the
/// export's version and the rules it ran under, when, and its summary. Removed when a run starts, written when it ends.
/// </summary>
internal sealed record CompleteRun(string Version, DateTimeOffset At, string Summary);

/// <summary>The plugin's records in the host's state store, one write per record.</summary>
internal sealed class SyncRecords(IRecordStore store)
{
    public const string Clients = "casewarecloud.clients";
    public const string Contacts = "casewarecloud.contacts";
    public const string Runs = "casewarecloud.runs";
    private const string Complete = "complete";
    private const int ParallelReads = 4;

    public async Task<CompleteRun?> CompleteRunAsync(CancellationToken cancellationToken) =>
        await store.GetAsync(Runs, Complete, cancellationToken).ConfigureAwait(false) is { } record ? Read<CompleteRun>(record) : null;

    public Task PutAsync(CompleteRun run, CancellationToken cancellationToken) =>
        store.PutAsync(new StoredRecord(Runs, Complete, Complete, Write(run)), cancellationToken);

    /// <summary>A run starts: until it ends, no run counts as complete (one stopped half-way must not be taken for one).</summary>
    public Task ForgetCompleteRunAsync(CancellationToken cancellationToken) => store.DeleteAsync(Runs, Complete, cancellationToken);

    /// <summary>Every client record, for the admin views.</summary>
    public async Task<Dictionary<string, ClientRecord>> ClientsAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(Clients, cancellationToken).ConfigureAwait(false))
            .Select(ReadClient)
            .ToDictionary(r => r.ClientNumber, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every contact record, for the admin views.</summary>
    public async Task<Dictionary<string, ContactRecord>> ContactsAsync(CancellationToken cancellationToken) =>
        (await store.ListAsync(Contacts, cancellationToken).ConfigureAwait(false))
            .Select(ReadContact)
            .ToDictionary(r => r.ContactId, StringComparer.OrdinalIgnoreCase);

    /// <summary>The client records of these client numbers (those that have one), read by key.</summary>
    public Task<Dictionary<string, ClientRecord>> ClientsAsync(IReadOnlyList<string> clientNumbers, CancellationToken cancellationToken) =>
        ManyAsync(Clients, clientNumbers, ReadClient, r => r.ClientNumber, cancellationToken);

    /// <summary>The contact records of these contact ids (those that have one), read by key.</summary>
    public Task<Dictionary<string, ContactRecord>> ContactsAsync(IReadOnlyList<string> contactIds, CancellationToken cancellationToken) =>
        ManyAsync(Contacts, contactIds, ReadContact, r => r.ContactId, cancellationToken);

    /// <summary>The client numbers of the records whose client is not in the export (only the keys are listed).</summary>
    public async Task<List<string>> ClientKeysNotInAsync(Func<string, bool> inExport, CancellationToken cancellationToken) =>
        [.. (await store.ListKeysAsync(Clients, cancellationToken).ConfigureAwait(false)).Where(k => !inExport(k))];

    /// <summary>The contact ids of the records whose contact person is not in the export (only the keys are listed).</summary>
    public async Task<List<string>> ContactKeysNotInAsync(Func<string, bool> inExport, CancellationToken cancellationToken) =>
        [.. (await store.ListKeysAsync(Contacts, cancellationToken).ConfigureAwait(false)).Where(k => !inExport(k))];

    public async Task<ClientRecord?> ClientAsync(string clientNumber, CancellationToken cancellationToken) =>
        await store.GetAsync(Clients, clientNumber, cancellationToken).ConfigureAwait(false) is { } record ? ReadClient(record) : null;

    public async Task<ContactRecord?> ContactAsync(string contactId, CancellationToken cancellationToken) =>
        await store.GetAsync(Contacts, contactId, cancellationToken).ConfigureAwait(false) is { } record ? ReadContact(record) : null;

    public Task PutAsync(ClientRecord record, CancellationToken cancellationToken) =>
        store.PutAsync(new StoredRecord(Clients, record.ClientNumber, Status(record.State), Write(record with { Fingerprint = null })) { Fingerprint = record.Fingerprint }, cancellationToken);

    public Task PutAsync(ContactRecord record, CancellationToken cancellationToken) =>
        store.PutAsync(new StoredRecord(Contacts, record.ContactId, Status(record.State), Write(record with { Fingerprint = null })) { Fingerprint = record.Fingerprint }, cancellationToken);

    public Task DeleteClientAsync(string clientNumber, CancellationToken cancellationToken) => store.DeleteAsync(Clients, clientNumber, cancellationToken);

    public Task DeleteContactAsync(string contactId, CancellationToken cancellationToken) => store.DeleteAsync(Contacts, contactId, cancellationToken);

    public static string Status(LinkState state) => state switch
    {
        LinkState.Sent => "sent",
        LinkState.Rejected => "rejected",
        _ => "not-sent",
    };

    private static ClientRecord ReadClient(StoredRecord r) => Read<ClientRecord>(r) with { Fingerprint = r.Fingerprint };

    private static ContactRecord ReadContact(StoredRecord r) => Read<ContactRecord>(r) with { Fingerprint = r.Fingerprint };

    /// <summary>Records by key, a few reads at a time (the state store has no read of many keys at once).</summary>
    private async Task<Dictionary<string, T>> ManyAsync<T>(string collection, IReadOnlyList<string> keys, Func<StoredRecord, T> read, Func<T, string> keyOf, CancellationToken cancellationToken)
        where T : class
    {
        var found = new T?[keys.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, keys.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                if (await store.GetAsync(collection, keys[i], token).ConfigureAwait(false) is { } record)
                {
                    found[i] = read(record);
                }
            }).ConfigureAwait(false);
        var records = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in found)
        {
            if (record is not null)
            {
                records[keyOf(record)] = record;
            }
        }

        return records;
    }

    private static T Read<T>(StoredRecord record) => JsonSerializer.Deserialize<T>(record.Data, CaseWareCloudClient.Json)
        ?? throw new InvalidOperationException($"Record {record.Collection}/{record.Key} is empty.");

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, CaseWareCloudClient.Json);
}
