using ConnectorHost.Abstractions.State;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>The append-only audit log in the <c>audit</c> table.</summary>
internal sealed class SqliteAuditLog(SqliteConnectionFactory connections, TimeProvider clock) : IAuditLog
{
    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync(
            (connection, transaction) => InsertAsync(connection, transaction, entry, now, cancellationToken),
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
                command.Add("@subject", subject);
                command.Add("@limit", limit);
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

    /// <summary>Appends an entry inside a caller's transaction; a default <see cref="AuditEntry.At"/> becomes <paramref name="now"/>.</summary>
    internal static async Task<bool> InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, string now, CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            "INSERT INTO audit (at, who, action, subject, details) VALUES (@at, @who, @action, @subject, @details);",
            transaction);
        insert.Add("@at", entry.At == default ? now : SqliteValues.Moment(entry.At));
        insert.Add("@who", entry.Who);
        insert.Add("@action", entry.Action);
        insert.Add("@subject", entry.Subject);
        insert.Add("@details", entry.Details);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
