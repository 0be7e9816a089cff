using System.Text;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The document ledger in the <c>documents</c> table. Inserts and updates, the writes of every document's every step,
/// go through a group commit: documents handled at the same time share one durable commit.
/// </summary>
internal sealed class SqliteDocumentLedger(SqliteConnectionFactory connections, TimeProvider clock) : IDocumentLedger
{
    private readonly SqliteGroupCommit _group = new(connections);

    private const string Columns =
        "key, pipeline, locator, file_name, client_number, document_type, period_from, period_to, status, attempts, " +
        "next_attempt_at, portal_reference, reason, created_at, updated_at, completed_at, generation, key_version, content_sha256, " +
        "source_version, put_away_problem";

    public Task<LedgerEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return connections.ReadAsync(c => ReadOneAsync(c, null, key, cancellationToken), cancellationToken);
    }

    public Task<(LedgerEntry Entry, bool Inserted)> InsertIfNewAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = clock.GetUtcNow();
        return _group.WriteAsync(
            async (connection, transaction) =>
            {
                using var insert = connection.Command(
                    $"""
                    INSERT INTO documents ({Columns})
                    VALUES (@key, @pipeline, @locator, @file_name, @client_number, @document_type, @period_from, @period_to,
                            @status, @attempts, @next_attempt_at, @portal_reference, @reason, @created_at, @updated_at,
                            @completed_at, @generation, @key_version, @content_sha256, @source_version, NULL)
                    ON CONFLICT (key) DO NOTHING
                    RETURNING {Columns};
                    """,
                    transaction);
                insert.Add("@key", entry.Key);
                insert.Add("@generation", entry.Generation);
                insert.Add("@key_version", entry.KeyVersion);
                insert.Add("@content_sha256", entry.ContentSha256);
                insert.Add("@source_version", entry.SourceVersion);
                insert.Add("@pipeline", entry.Pipeline);
                insert.Add("@locator", entry.Locator);
                insert.Add("@file_name", entry.FileName);
                insert.Add("@client_number", entry.ClientNumber);
                insert.Add("@document_type", entry.DocumentType);
                insert.Add("@period_from", SqliteValues.Date(entry.PeriodFrom));
                insert.Add("@period_to", SqliteValues.Date(entry.PeriodTo));
                insert.Add("@status", entry.Status.ToString());
                insert.Add("@attempts", entry.Attempts);
                insert.Add("@next_attempt_at", SqliteValues.Moment(entry.NextAttemptAt));
                insert.Add("@portal_reference", entry.PortalReference);
                insert.Add("@reason", entry.Reason);
                insert.Add("@created_at", SqliteValues.Moment(entry.CreatedAt == default ? now : entry.CreatedAt));
                insert.Add("@updated_at", SqliteValues.Moment(now));
                insert.Add("@completed_at", SqliteValues.Moment(entry.CompletedAt));
                using (var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        return (Map(reader), true); // the common case: new, and read back in the same statement
                    }
                }

                var stored = await ReadOneAsync(connection, transaction, entry.Key, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The ledger entry '{entry.Key}' vanished while it was inserted.");
                return (stored, false);
            },
            cancellationToken);
    }

    public Task<LedgerEntry> UpdateAsync(string key, LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(change);
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return _group.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE documents SET
                        status = @status,
                        attempts = attempts + @attempt,
                        next_attempt_at = CASE
                            WHEN @next_attempt_at IS NOT NULL THEN @next_attempt_at
                            WHEN @status = 'Retrying' THEN next_attempt_at
                            ELSE NULL END,
                        portal_reference = COALESCE(@portal_reference, portal_reference),
                        reason = COALESCE(@reason, reason),
                        completed_at = CASE WHEN @completed = 1 THEN COALESCE(completed_at, @now) ELSE completed_at END,
                        source_version = COALESCE(@source_version, source_version),
                        put_away_problem = CASE WHEN @completed = 1 THEN NULL ELSE COALESCE(@put_away_problem, put_away_problem) END,
                        updated_at = @now
                    WHERE key = @key
                    RETURNING {Columns};
                    """,
                    transaction);
                update.Add("@key", key);
                update.Add("@status", change.Status.ToString());
                update.Add("@attempt", change.CountAttempt ? 1 : 0);
                update.Add("@next_attempt_at", SqliteValues.Moment(change.NextAttemptAt));
                update.Add("@portal_reference", change.PortalReference);
                update.Add("@reason", change.Reason);
                update.Add("@completed", change.Completed ? 1 : 0);
                update.Add("@source_version", change.SourceVersion);
                update.Add("@put_away_problem", change.PutAwayProblem);
                update.Add("@now", now);
                using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException(
                        $"The document ledger has no entry with key '{key}'; it cannot change to {change.Status}.");
                }

                return Map(reader);
            },
            cancellationToken);
    }

    public Task<LedgerEntry> OfferAgainAsync(string key, string locator, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(locator);
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE documents SET
                        status = 'Submitting', attempts = 0, next_attempt_at = NULL, portal_reference = NULL,
                        reason = @reason, completed_at = NULL, locator = @locator, generation = generation + 1, put_away_problem = NULL,
                        updated_at = @now
                    WHERE key = @key AND completed_at IS NOT NULL
                    RETURNING {Columns};
                    """,
                    transaction);
                update.Add("@key", key);
                update.Add("@locator", locator);
                update.Add("@reason", reason);
                update.Add("@now", now);
                using var reader = await update.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidOperationException(
                        $"The document ledger has no put-away entry with key '{key}'; only a document that was put away can be offered again.");
                }

                return Map(reader);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        return connections.ReadAsync<IReadOnlyList<LedgerEntry>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                var sql = new StringBuilder($"SELECT {Columns} FROM documents WHERE 1 = 1");
                if (query.Pipeline is not null)
                {
                    sql.Append(" AND pipeline = @pipeline");
                    command.Add("@pipeline", query.Pipeline);
                }

                if (query.Statuses is not null)
                {
                    if (query.Statuses.Count == 0)
                    {
                        return [];
                    }

                    sql.Append(" AND status IN ").Append(command.AddList("status", query.Statuses, s => s.ToString()));
                }

                if (query.OnlyNotCompleted)
                {
                    sql.Append(" AND completed_at IS NULL");
                }

                if (query.Locator is not null)
                {
                    sql.Append(" AND locator = @locator");
                    command.Add("@locator", query.Locator);
                }

                if (query.KeyVersion is { } keyVersion)
                {
                    sql.Append(" AND key_version = @key_version");
                    command.Add("@key_version", keyVersion);
                }

                if (query.OnlyNotPutAway)
                {
                    sql.Append(" AND put_away_problem IS NOT NULL");
                }

                if (!string.IsNullOrEmpty(query.Search))
                {
                    sql.Append(@" AND (file_name LIKE @search ESCAPE '\' OR client_number LIKE @search ESCAPE '\')");
                    command.Add("@search", SqliteValues.LikeContains(query.Search));
                }

                sql.Append(" ORDER BY created_at, rowid LIMIT @limit;");
                command.Add("@limit", query.Limit);
                command.CommandText = sql.ToString();

                var entries = new List<LedgerEntry>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(Map(reader));
                }

                return entries;
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<LedgerStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        connections.ReadAsync<IReadOnlyDictionary<LedgerStatus, long>>(
            async connection =>
            {
                using var command = connection.Command("SELECT status, COUNT(*) FROM documents GROUP BY status;");
                var counts = new Dictionary<LedgerStatus, long>();
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    counts[Enum.Parse<LedgerStatus>(reader.GetString(0))] = reader.GetInt64(1);
                }

                return counts;
            },
            cancellationToken);

    private static async Task<LedgerEntry?> ReadOneAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        using var command = connection.Command($"SELECT {Columns} FROM documents WHERE key = @key;", transaction);
        command.Add("@key", key);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Map(reader) : null;
    }

    private static LedgerEntry Map(SqliteDataReader reader) => new()
    {
        Key = reader.GetString(0),
        Pipeline = reader.GetString(1),
        Locator = reader.GetString(2),
        FileName = reader.GetString(3),
        ClientNumber = reader.NullableString(4),
        DocumentType = reader.NullableString(5),
        PeriodFrom = reader.NullableDate(6),
        PeriodTo = reader.NullableDate(7),
        Status = reader.GetEnum<LedgerStatus>(8),
        Attempts = reader.GetInt32(9),
        NextAttemptAt = reader.NullableMoment(10),
        PortalReference = reader.NullableString(11),
        Reason = reader.NullableString(12),
        CreatedAt = reader.GetMoment(13),
        UpdatedAt = reader.GetMoment(14),
        CompletedAt = reader.NullableMoment(15),
        Generation = reader.GetInt32(16),
        KeyVersion = reader.GetInt32(17),
        ContentSha256 = reader.NullableString(18),
        SourceVersion = reader.NullableString(19),
        PutAwayProblem = reader.NullableString(20),
    };
}
