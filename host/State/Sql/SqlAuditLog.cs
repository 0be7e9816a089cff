using System.Data.Common;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State.Sql;

/// <summary>The append-only audit log in the <c>audit</c> table.</summary>
internal sealed class SqlAuditLog(SqlDialect db) : IAuditLog
{
    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return db.WriteAsync(
            (connection, transaction) => InsertAsync(db, connection, transaction, entry, cancellationToken),
            cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return db.ReadAsync<IReadOnlyList<AuditEntry>>(
            async connection =>
            {
                using var command = connection.Command(
                    """
                    SELECT at, who, action, subject, details FROM audit
                    WHERE @subject IS NULL OR subject = @subject
                    ORDER BY at DESC, id DESC
                    LIMIT @limit;
                    """);
                command.AddText("@subject", subject);
                command.AddInteger("@limit", limit);
                return await command.ReadAllAsync(
                    reader => new AuditEntry(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))
                    {
                        At = db.GetMoment(reader, 0),
                    },
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>Appends an entry inside a caller's transaction; a default <see cref="AuditEntry.At"/> becomes now.</summary>
    internal static async Task<bool> InsertAsync(
        SqlDialect db, DbConnection connection, DbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken)
    {
        using var insert = connection.Command(
            $"INSERT INTO audit (at, who, action, subject, details) VALUES (COALESCE(@at, {db.Now}), @who, @action, @subject, @details);",
            transaction);
        db.AddMoment(insert, "@at", entry.At == default ? null : entry.At);
        insert.AddText("@who", entry.Who);
        insert.AddText("@action", entry.Action);
        insert.AddText("@subject", entry.Subject);
        insert.AddText("@details", entry.Details);
        db.AddNow(insert);
        return await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
