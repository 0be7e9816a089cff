using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>What the connector keeps about one relation: its data as last read, its status and its history with Certipost.</summary>
public sealed record RelationRecord
{
    /// <summary>The relation as last read from the package.</summary>
    public required Relation Relation { get; init; }

    /// <summary>The enrolment status.</summary>
    public RelationStatus Status { get; init; }

    /// <summary>The package's e-invoicing status at the last read; a change there changes an unsent relation's status.</summary>
    public string? LastPackageStatus { get; init; }

    /// <summary>When the relation was passed on to Certipost (CP-5).</summary>
    public DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>Who passed it on (CP-5).</summary>
    public string? SubmittedBy { get; init; }

    /// <summary>Certipost's audit id of the batch it was sent in.</summary>
    public string? CertipostAuditId { get; init; }

    /// <summary>
    /// The sender reference of a batch this relation is in that went out without a known answer (a lost connection, a
    /// crash): the next send repeats that batch with the same reference, so Certipost takes it once. <c>null</c> otherwise.
    /// </summary>
    public string? UnsettledBatch { get; init; }

    /// <summary>When it was first seen on Certipost's list of enrolled customers (CP-6).</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>When its unsubscription was picked up (CP-7).</summary>
    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>Whether the status is out of the office's hands: submitted, confirmed or unsubscribed (CP-4).</summary>
    [JsonIgnore]
    public bool IsLocked => Status is RelationStatus.Submitted or RelationStatus.Confirmed or RelationStatus.Unsubscribed;
}

/// <summary>A relation's record before and after a change, and why it changed (for the audit log).</summary>
internal sealed record RelationChange(RelationRecord? Before, RelationRecord After, string? Reason);

/// <summary>The relations' records in the host's record store (collection <c>certipost.relations</c>), every status change in the audit log.</summary>
internal sealed class RelationStateStore(IStateStore state)
{
    public const string Collection = "certipost.relations";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Subject(string number) => $"relation:{number}";

    public async Task<RelationRecord?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var stored = await state.Records.GetAsync(Collection, number, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : Read(stored);
    }

    public async Task<IReadOnlyList<RelationRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await state.Records.ListAsync(Collection, cancellationToken).ConfigureAwait(false);
        return stored.Select(Read).ToList();
    }

    /// <summary>Writes a record; when its status changed, appends who changed it, from what to what.</summary>
    public async Task SaveAsync(RelationRecord? before, RelationRecord after, string who, string? reason, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(after, Json);
        await state.Records.PutAsync(
            new StoredRecord(Collection, after.Relation.Number, after.Status.ToString(), data),
            cancellationToken).ConfigureAwait(false);
        if (before?.Status != after.Status)
        {
            var from = before is null ? "(new)" : CertipostNames.Describe(before.Status);
            var details = $"from {from} to {CertipostNames.Describe(after.Status)}{(string.IsNullOrEmpty(reason) ? string.Empty : $": {reason}")}";
            await state.Audit.WriteAsync(new AuditEntry(who, "status-changed", Subject(after.Relation.Number), details), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes several records in one transaction (a batch's relations follow the batch together, or not at all),
    /// then appends who changed each status, from what to what.
    /// </summary>
    public Task SaveManyAsync(IReadOnlyList<(RelationRecord? Before, RelationRecord After)> changes, string who, string? reason, CancellationToken cancellationToken) =>
        SaveManyAsync([.. changes.Select(c => new RelationChange(c.Before, c.After, reason))], who, cancellationToken);

    /// <summary>
    /// Writes several records in one transaction, then appends who changed each status, from what to what, each with
    /// its own reason.
    /// </summary>
    public async Task SaveManyAsync(IReadOnlyList<RelationChange> changes, string who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return;
        }

        await state.Records.PutManyAsync(
            [.. changes.Select(c => new StoredRecord(Collection, c.After.Relation.Number, c.After.Status.ToString(), JsonSerializer.Serialize(c.After, Json)))],
            cancellationToken).ConfigureAwait(false);
        // Written side by side (32 at a time), so the store commits them in groups (SQLite's group commit) instead of
        // one transaction each.
        await Parallel.ForEachAsync(
            changes.Where(c => c.Before?.Status != c.After.Status),
            new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (c, token) =>
            {
                var from = c.Before is null ? "(new)" : CertipostNames.Describe(c.Before.Status);
                var details = $"from {from} to {CertipostNames.Describe(c.After.Status)}{(string.IsNullOrEmpty(c.Reason) ? string.Empty : $": {c.Reason}")}";
                await state.Audit.WriteAsync(new AuditEntry(who, "status-changed", Subject(c.After.Relation.Number), details), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private static RelationRecord Read(StoredRecord stored) =>
        JsonSerializer.Deserialize<RelationRecord>(stored.Data, Json)
        ?? throw new InvalidDataException($"The record of relation {stored.Key} in {Collection} is empty.");
}
