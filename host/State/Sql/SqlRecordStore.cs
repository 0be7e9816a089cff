using System.Data.Common;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State.Sql;

/// <summary>Plugins' keyed records in the <c>records</c> table.</summary>
internal sealed class SqlRecordStore(SqlDialect db) : IRecordStore
{
    private const string Columns = "collection, key, status, data, fingerprint, updated_at";

    public Task<StoredRecord?> GetAsync(string collection, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(key);
        return db.ReadAsync(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM records WHERE collection = @collection AND key = @key;");
                command.AddText("@collection", collection);
                command.AddText("@key", key);
                return await command.ReadFirstAsync(Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task PutAsync(StoredRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return PutManyAsync([record], cancellationToken);
    }

    public Task PutManyAsync(IReadOnlyList<StoredRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                using var upsert = connection.Command(
                    $"""
                    INSERT INTO records ({Columns}) VALUES (@collection, @key, @status, @data, @fingerprint, {db.Now})
                    ON CONFLICT (collection, key) DO UPDATE SET
                        status = excluded.status,
                        data = excluded.data,
                        fingerprint = excluded.fingerprint,
                        updated_at = excluded.updated_at;
                    """,
                    transaction);
                foreach (var record in records)
                {
                    upsert.Parameters.Clear();
                    upsert.AddText("@collection", record.Collection);
                    upsert.AddText("@key", record.Key);
                    upsert.AddText("@status", record.Status);
                    upsert.AddText("@data", record.Data);
                    upsert.AddText("@fingerprint", record.Fingerprint);
                    db.AddNow(upsert);
                    await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                return records.Count;
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string collection, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(key);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                using var delete = connection.Command(
                    "DELETE FROM records WHERE collection = @collection AND key = @key;", transaction);
                delete.AddText("@collection", collection);
                delete.AddText("@key", key);
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<StoredRecord>> ListAsync(string collection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return db.ReadAsync<IReadOnlyList<StoredRecord>>(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM records WHERE collection = @collection ORDER BY key;");
                command.AddText("@collection", collection);
                return await command.ReadAllAsync(Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListKeysAsync(string collection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return db.ReadAsync<IReadOnlyList<string>>(
            async connection =>
            {
                using var command = connection.Command("SELECT key FROM records WHERE collection = @collection ORDER BY key;");
                command.AddText("@collection", collection);
                return await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private StoredRecord Map(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
        {
            Fingerprint = reader.NullableString(4),
            UpdatedAt = db.GetMoment(reader, 5),
        };
}
