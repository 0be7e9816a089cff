using ConnectorHost.Abstractions.State;
using Npgsql;

namespace ConnectorHost.State.Postgres;

/// <summary>The append-only audit log in the <c>audit</c> table.</summary>
internal sealed class PostgresAuditLog(PostgresConnectionFactory connections, TimeProvider? clock) : IAuditLog
{
    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return connections.WriteAsync(
            (connection, transaction) => InsertAsync(connection, transaction, entry, clock, cancellationToken),
            cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return connections.ReadAsync<IReadOnlyList<AuditEntry>>(
            async connection =>
            {
                using var command = connection.Command(
                    """
                    SELECT at, who, action, subject, details FROM audit
                    WHERE @subject IS NULL OR subject = @subject
                    ORDER BY at DESC, id DESC
                    LIMIT @limit;
                    """);
                command.AddText("subject", subject);
                command.AddInteger("limit", limit);
                var entries = new List<AuditEntry>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(new AuditEntry(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))
                    {
                        At = reader.GetMoment(0),
                    });
                }

                return entries;
            },
            cancellationToken);
    }

    /// <summary>Appends an entry inside a caller's transaction; a default <see cref="AuditEntry.At"/> becomes now.</summary>
    internal static async Task<bool> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuditEntry entry, TimeProvider? clock, CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            $"INSERT INTO audit (at, who, action, subject, details) VALUES (COALESCE(@at, {PostgresValues.Now}), @who, @action, @subject, @details);",
            transaction);
        insert.AddMoment("at", entry.At == default ? null : entry.At);
        insert.AddText("who", entry.Who);
        insert.AddText("action", entry.Action);
        insert.AddText("subject", entry.Subject);
        insert.AddText("details", entry.Details);
        insert.AddNow(clock);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
