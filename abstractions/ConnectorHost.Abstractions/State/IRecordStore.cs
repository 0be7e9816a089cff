namespace ConnectorHost.Abstractions.State;

/// <summary>Keyed records in named collections; a plugin prefixes collections with its own name.</summary>
public interface IRecordStore
{
    /// <summary>Reads one record.</summary>
    /// <param name="collection">The collection, for example <c>certipost.relations</c>.</param>
    /// <param name="key">The record's key within the collection.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The record, or <c>null</c> when there is none.</returns>
    Task<StoredRecord?> GetAsync(string collection, string key, CancellationToken cancellationToken);

    /// <summary>Creates or replaces one record.</summary>
    /// <param name="record">The record; its <see cref="StoredRecord.UpdatedAt"/> is set by the store.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    Task PutAsync(StoredRecord record, CancellationToken cancellationToken);

    /// <summary>Creates or replaces several records in one transaction: all of them are written, or none.</summary>
    /// <param name="records">The records.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that completes when every record is durable.</returns>
    Task PutManyAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken);

    /// <summary>Deletes one record; nothing happens when it does not exist.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="key">The record's key.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns><c>true</c> when a record was deleted.</returns>
    Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken);

    /// <summary>Lists the records of a collection, ordered by key.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<StoredRecord>> ListAsync(string collection, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the keys of a collection's records, ordered by key, without their content: what a plugin needs to find the
    /// records whose item left its source, at a fraction of the memory of <see cref="ListAsync"/> (60,000 CaseWare
    /// contact records were ~60 MB as records). The default lists the records; the host's stores read only the keys.
    /// </summary>
    /// <param name="collection">The collection.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The keys.</returns>
    async Task<IReadOnlyList<string>> ListKeysAsync(string collection, CancellationToken cancellationToken) =>
        [.. (await ListAsync(collection, cancellationToken).ConfigureAwait(false)).Select(r => r.Key)];
}

/// <summary>One keyed record.</summary>
/// <param name="Collection">The collection it belongs to.</param>
/// <param name="Key">Its key within the collection.</param>
/// <param name="Status">A short status, queryable (for example <c>submitted</c>).</param>
/// <param name="Data">The record's content, usually JSON.</param>
public sealed record StoredRecord(string Collection, string Key, string Status, string Data)
{
    /// <summary>A fingerprint of what was last sent, to send only what changed.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>When the record was last written (set by the store).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
