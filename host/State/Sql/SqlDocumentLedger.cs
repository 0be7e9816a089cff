using System.Data.Common;
using System.Text;

namespace ConnectorHost.State.Sql;

/// <summary>
/// The document ledger in the <c>documents</c> table. Inserts and updates, the writes of every document's every step,
/// go through <see cref="SqlDialect.WriteGroupedAsync"/>: on SQLite, documents handled at the same time share one
/// durable commit.
/// </summary>
internal sealed class SqlDocumentLedger(SqlDialect db) : IDocumentLedger
{
    internal const string Columns =
        "key, pipeline, locator, file_name, client_number, document_type, period_from, period_to, status, attempts, " +
        "next_attempt_at, portal_reference, reason, created_at, updated_at, completed_at, generation, key_version, content_sha256, " +
        "source_version, put_away_problem";

    /// <summary>
    /// The columns a list of documents shows (UI-4), in the order of <see cref="Columns"/> for <see cref="Map"/>: the
    /// locator, portal reference, next attempt, completion, generation, key version, content hash and source version
    /// are not read (empty, null or 0): decoding them cost a third of a 6,000-row download's reading.
    /// </summary>
    internal const string ListColumns =
        "key, pipeline, '' AS locator, file_name, client_number, document_type, period_from, period_to, status, attempts, " +
        "NULL AS next_attempt_at, NULL AS portal_reference, reason, created_at, updated_at, NULL AS completed_at, 0 AS generation, 0 AS key_version, " +
        "NULL AS content_sha256, NULL AS source_version, put_away_problem";

    public Task<LedgerEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return db.ReadAsync(c => ReadOneAsync(c, null, key, cancellationToken), cancellationToken);
    }

    public Task<(LedgerEntry Entry, bool Inserted)> InsertIfNewAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return db.WriteGroupedAsync(
            async (connection, transaction) =>
            {
                using var insert = connection.Command(
                    $"""
                    INSERT INTO documents ({Columns})
                    VALUES (@key, @pipeline, @locator, @file_name, @client_number, @document_type, @period_from, @period_to,
                            @status, @attempts, @next_attempt_at, @portal_reference, @reason, COALESCE(@created_at, {db.Now}),
                            {db.Now}, @completed_at, @generation, @key_version, @content_sha256, @source_version, NULL)
                    ON CONFLICT (key) DO NOTHING
                    RETURNING {Columns};
                    """,
                    transaction);
                insert.AddText("@key", entry.Key);
                insert.AddInteger("@generation", entry.Generation);
                insert.AddInteger("@key_version", entry.KeyVersion);
                insert.AddText("@content_sha256", entry.ContentSha256);
                insert.AddText("@source_version", entry.SourceVersion);
                insert.AddText("@pipeline", entry.Pipeline);
                insert.AddText("@locator", entry.Locator);
                insert.AddText("@file_name", entry.FileName);
                insert.AddText("@client_number", entry.ClientNumber);
                insert.AddText("@document_type", entry.DocumentType);
                db.AddDate(insert, "@period_from", entry.PeriodFrom);
                db.AddDate(insert, "@period_to", entry.PeriodTo);
                insert.AddText("@status", entry.Status.ToString());
                insert.AddInteger("@attempts", entry.Attempts);
                db.AddMoment(insert, "@next_attempt_at", entry.NextAttemptAt);
                insert.AddText("@portal_reference", entry.PortalReference);
                insert.AddText("@reason", entry.Reason);
                db.AddMoment(insert, "@created_at", entry.CreatedAt == default ? null : entry.CreatedAt);
                db.AddMoment(insert, "@completed_at", entry.CompletedAt);
                db.AddNow(insert);
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
        return db.WriteGroupedAsync(
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
                        completed_at = CASE WHEN @completed THEN COALESCE(completed_at, {db.Now}) ELSE completed_at END,
                        source_version = COALESCE(@source_version, source_version),
                        put_away_problem = CASE WHEN @completed THEN NULL ELSE COALESCE(@put_away_problem, put_away_problem) END,
                        updated_at = {db.Now}
                    WHERE key = @key
                    RETURNING {Columns};
                    """,
                    transaction);
                update.AddText("@key", key);
                update.AddText("@status", change.Status.ToString());
                update.AddInteger("@attempt", change.CountAttempt ? 1 : 0);
                db.AddMoment(update, "@next_attempt_at", change.NextAttemptAt);
                update.AddText("@portal_reference", change.PortalReference);
                update.AddText("@reason", change.Reason);
                db.AddBool(update, "@completed", change.Completed);
                update.AddText("@source_version", change.SourceVersion);
                update.AddText("@put_away_problem", change.PutAwayProblem);
                db.AddNow(update);
                return await update.ReadFirstAsync(Map, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException(
                        $"The document ledger has no entry with key '{key}'; it cannot change to {change.Status}.");
            },
            cancellationToken);
    }

    public Task<LedgerEntry> OfferAgainAsync(string key, string locator, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(locator);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE documents SET
                        status = 'Submitting', attempts = 0, next_attempt_at = NULL, portal_reference = NULL,
                        reason = @reason, completed_at = NULL, locator = @locator, generation = generation + 1, put_away_problem = NULL,
                        updated_at = {db.Now}
                    WHERE key = @key AND completed_at IS NOT NULL
                    RETURNING {Columns};
                    """,
                    transaction);
                update.AddText("@key", key);
                update.AddText("@locator", locator);
                update.AddText("@reason", reason);
                db.AddNow(update);
                return await update.ReadFirstAsync(Map, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException(
                        $"The document ledger has no put-away entry with key '{key}'; only a document that was put away can be offered again.");
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        if (query.Statuses is { Count: 0 })
        {
            return Task.FromResult<IReadOnlyList<LedgerEntry>>([]);
        }

        return db.ReadAsync<IReadOnlyList<LedgerEntry>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                var sql = new StringBuilder($"SELECT {Columns} FROM documents WHERE TRUE");
                if (query.Pipeline is not null)
                {
                    sql.Append(" AND pipeline = @pipeline");
                    command.AddText("@pipeline", query.Pipeline);
                }

                if (query.Statuses is not null)
                {
                    sql.Append(" AND ").Append(db.In(command, "status", "statuses", [.. query.Statuses.Select(s => s.ToString())]));
                }

                if (query.OnlyNotCompleted)
                {
                    sql.Append(" AND completed_at IS NULL");
                }

                if (query.Locator is not null)
                {
                    sql.Append(" AND locator = @locator");
                    command.AddText("@locator", query.Locator);
                }

                if (query.KeyVersion is { } keyVersion)
                {
                    sql.Append(" AND key_version = @key_version");
                    command.AddInteger("@key_version", keyVersion);
                }

                if (query.OnlyNotPutAway)
                {
                    sql.Append(" AND put_away_problem IS NOT NULL");
                }

                if (!string.IsNullOrEmpty(query.Search))
                {
                    // ILIKE on PostgreSQL: SQLite's LIKE ignores the case of ASCII letters, and the search must find the same.
                    sql.Append($@" AND (file_name {db.Like} @search ESCAPE '\' OR client_number {db.Like} @search ESCAPE '\')");
                    command.AddText("@search", SqlCommands.LikeContains(query.Search));
                }

                sql.Append($" ORDER BY created_at, {db.InsertionOrder} LIMIT @limit;");
                command.AddInteger("@limit", query.Limit);
                command.CommandText = sql.ToString();
                return await command.ReadAllAsync(Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<LedgerStatus, long>> CountByStatusAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyDictionary<LedgerStatus, long>>(
            async connection =>
            {
                using var command = connection.Command("SELECT status, COUNT(*) FROM documents GROUP BY status;");
                var counts = await command.ReadAllAsync(r => (Status: r.GetEnum<LedgerStatus>(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
                return counts.ToDictionary(c => c.Status, c => c.Count);
            },
            cancellationToken);

    private async Task<LedgerEntry?> ReadOneAsync(
        DbConnection connection, DbTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        using var command = connection.Command($"SELECT {Columns} FROM documents WHERE key = @key;", transaction);
        command.AddText("@key", key);
        return await command.ReadFirstAsync(Map, cancellationToken).ConfigureAwait(false);
    }

    internal LedgerEntry Map(DbDataReader reader) => new()
    {
        Key = reader.GetString(0),
        Pipeline = reader.GetString(1),
        Locator = reader.GetString(2),
        FileName = reader.GetString(3),
        ClientNumber = reader.NullableString(4),
        DocumentType = reader.NullableString(5),
        PeriodFrom = db.NullableDate(reader, 6),
        PeriodTo = db.NullableDate(reader, 7),
        Status = reader.GetEnum<LedgerStatus>(8),
        Attempts = reader.GetInt32(9),
        NextAttemptAt = db.NullableMoment(reader, 10),
        PortalReference = reader.NullableString(11),
        Reason = reader.NullableString(12),
        CreatedAt = db.GetMoment(reader, 13),
        UpdatedAt = db.GetMoment(reader, 14),
        CompletedAt = db.NullableMoment(reader, 15),
        Generation = reader.GetInt32(16),
        KeyVersion = reader.GetInt32(17),
        ContentSha256 = reader.NullableString(18),
        SourceVersion = reader.NullableString(19),
        PutAwayProblem = reader.NullableString(20),
    };
}
