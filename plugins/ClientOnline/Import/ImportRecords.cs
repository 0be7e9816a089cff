using System.Text.Json;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// What the import recorded about one client, in the state store, so that a crash at any point resumes where it
/// stopped and a second run creates nothing twice. The stage moves <c>creating</c> (written before the portal is asked to
/// create the client; a run writes those of its new clients in batches) → <c>done</c> (written with the last user's last
/// step); each user moves <c>new</c> → <c>created</c> → <c>letter-written</c> (PIN users) → <c>done</c>. Only the writes
/// a crash needs are made (OF-2): <c>creating</c> before the client is created, <c>letter-written</c> before the PIN goes
/// to the portal, <c>done</c> at the end; a step between them that a crash interrupts is asked of the portal again by the
/// next run, and every Beheer call is safe to repeat. Records of earlier versions may say
/// <c>client-created</c>, <c>created</c> or <c>token-set</c>; they resume the same way.
/// </summary>
internal sealed class ClientRecord
{
    public string Stage { get; set; } = "creating";

    public int Line { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? KvkNumber { get; set; }

    public string? HiddenId { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? City { get; set; }

    public string? Group { get; set; }

    public string? Branch { get; set; }

    public List<UserRecord> Users { get; set; } = [];
}

/// <summary>
/// One user of a <see cref="ClientRecord"/>. Its stage goes new → created (at the portal) → letter-written (PIN users:
/// the letter holds the PIN, the record only its hash) → done (the token is set at the portal).
/// </summary>
internal sealed class UserRecord
{
    public string Login { get; set; } = string.Empty;

    public string FullName { get; set; } = string.Empty;

    public bool Superuser { get; set; }

    public ApprovalTokenKind Token { get; set; }

    public string Stage { get; set; } = "new";

    /// <summary>
    /// A PIN in plain text, as versions before SEC-5 kept it until the letter was written. Only read, to clear it:
    /// a PIN is never written to the state store now.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Pin { get; set; }

    public string? PinHash { get; set; }

    public string? Letter { get; set; }
}

/// <summary>Reads and writes <see cref="ClientRecord"/>s in one collection per pipeline.</summary>
internal sealed class ImportRecords(IRecordStore store, string pipeline)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Collection { get; } = "clientonline.import." + pipeline;

    public async Task<ClientRecord?> GetAsync(string key, CancellationToken cancellationToken) =>
        await store.GetAsync(Collection, key, cancellationToken).ConfigureAwait(false) is { } stored
            ? JsonSerializer.Deserialize<ClientRecord>(stored.Data, Json)
            : null;

    public Task PutAsync(string key, ClientRecord record, CancellationToken cancellationToken) =>
        store.PutAsync(new StoredRecord(Collection, key, record.Stage, JsonSerializer.Serialize(record, Json)), cancellationToken);

    /// <summary>Writes several clients' records in one transaction.</summary>
    public Task PutManyAsync(IEnumerable<(string Key, ClientRecord Record)> records, CancellationToken cancellationToken) =>
        store.PutManyAsync([.. records.Select(r => new StoredRecord(Collection, r.Key, r.Record.Stage, JsonSerializer.Serialize(r.Record, Json)))], cancellationToken);

    public async Task<IReadOnlyList<(string Key, ClientRecord Record)>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(Collection, cancellationToken).ConfigureAwait(false))
            .Select(r => (r.Key, JsonSerializer.Deserialize<ClientRecord>(r.Data, Json)!))
            .OrderBy(r => r.Item2.Line)];
}
