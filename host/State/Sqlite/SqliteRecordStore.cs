using ConnectorHost.Abstractions.State;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>Plugins' keyed records in the <c>records</c> table.</summary>
internal sealed class SqliteRecordStore(SqliteConnectionFactory connections, TimeProvider clock) : IRecordStore
{
    private const string Columns = "collection, key, status, data, fingerprint, updated_at";

    public Task<StoredRecord?> GetAsync(string collection, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(key);
        return connections.ReadAsync(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM records WHERE collection = @collection AND key = @key;");
                command.Add("@collection", collection);
                command.Add("@key", key);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Map(reader) : null;
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
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var upsert = connection.Command(
                    $"""
                    INSERT INTO records ({Columns}) VALUES (@collection, @key, @status, @data, @fingerprint, @now)
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
                    upsert.Add("@collection", record.Collection);
                    upsert.Add("@key", record.Key);
                    upsert.Add("@status", record.Status);
                    upsert.Add("@data", record.Data);
                    upsert.Add("@fingerprint", record.Fingerprint);
                    upsert.Add("@now", now);
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
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var delete = connection.Command(
                    "DELETE FROM records WHERE collection = @collection AND key = @key;", transaction);
                delete.Add("@collection", collection);
                delete.Add("@key", key);
                return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<StoredRecord>> ListAsync(string collection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return connections.ReadAsync<IReadOnlyList<StoredRecord>>(
            async connection =>
            {
                using var command = connection.Command(
                    $"SELECT {Columns} FROM records WHERE collection = @collection ORDER BY key;");
                command.Add("@collection", collection);
                var records = new List<StoredRecord>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(Map(reader));
                }

                return records;
            },
            cancellationToken);
    }

    private static StoredRecord Map(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3))
        {
            Fingerprint = reader.NullableString(4),
            UpdatedAt = reader.GetMoment(5),
        };
}
