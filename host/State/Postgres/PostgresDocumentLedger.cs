using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ConnectorHost.State.Postgres;

/// <summary>The document ledger in the <c>documents</c> table.</summary>
internal sealed class PostgresDocumentLedger(PostgresConnectionFactory connections, TimeProvider? clock) : IDocumentLedger
{
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
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var insert = connection.Command(
                    $"""
                    INSERT INTO documents ({Columns})
                    VALUES (@key, @pipeline, @locator, @file_name, @client_number, @document_type, @period_from, @period_to,
                            @status, @attempts, @next_attempt_at, @portal_reference, @reason, COALESCE(@created_at, {PostgresValues.Now}),
                            {PostgresValues.Now}, @completed_at, @generation, @key_version, @content_sha256, @source_version, NULL)
                    ON CONFLICT (key) DO NOTHING;
                    """,
                    transaction);
                insert.AddText("key", entry.Key);
                insert.AddInteger("generation", entry.Generation);
                insert.AddInteger("key_version", entry.KeyVersion);
                insert.AddText("content_sha256", entry.ContentSha256);
                insert.AddText("source_version", entry.SourceVersion);
                insert.AddText("pipeline", entry.Pipeline);
                insert.AddText("locator", entry.Locator);
                insert.AddText("file_name", entry.FileName);
                insert.AddText("client_number", entry.ClientNumber);
                insert.AddText("document_type", entry.DocumentType);
                insert.Add("period_from", NpgsqlDbType.Date, entry.PeriodFrom);
                insert.Add("period_to", NpgsqlDbType.Date, entry.PeriodTo);
                insert.AddText("status", entry.Status.ToString());
                insert.AddInteger("attempts", entry.Attempts);
                insert.AddMoment("next_attempt_at", entry.NextAttemptAt);
                insert.AddText("portal_reference", entry.PortalReference);
                insert.AddText("reason", entry.Reason);
                insert.AddMoment("created_at", entry.CreatedAt == default ? null : entry.CreatedAt);
                insert.AddMoment("completed_at", entry.CompletedAt);
                insert.AddNow(clock);
                var inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;

                var stored = await ReadOneAsync(connection, transaction, entry.Key, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The ledger entry '{entry.Key}' vanished while it was inserted.");
                return (stored, inserted);
            },
            cancellationToken);
    }

    public Task<LedgerEntry> UpdateAsync(string key, LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(change);
        return connections.WriteAsync(
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
                        completed_at = CASE WHEN @completed THEN COALESCE(completed_at, {PostgresValues.Now}) ELSE completed_at END,
                        source_version = COALESCE(@source_version, source_version),
                        put_away_problem = CASE WHEN @completed THEN NULL ELSE COALESCE(@put_away_problem, put_away_problem) END,
                        updated_at = {PostgresValues.Now}
                    WHERE key = @key
                    RETURNING {Columns};
                    """,
                    transaction);
                update.AddText("key", key);
                update.AddText("status", change.Status.ToString());
                update.AddInteger("attempt", change.CountAttempt ? 1 : 0);
                update.AddMoment("next_attempt_at", change.NextAttemptAt);
                update.AddText("portal_reference", change.PortalReference);
                update.AddText("reason", change.Reason);
                update.Add("completed", NpgsqlDbType.Boolean, change.Completed);
                update.AddText("source_version", change.SourceVersion);
                update.AddText("put_away_problem", change.PutAwayProblem);
                update.AddNow(clock);
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
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using var update = connection.Command(
                    $"""
                    UPDATE documents SET
                        status = 'Submitting', attempts = 0, next_attempt_at = NULL, portal_reference = NULL,
                        reason = @reason, completed_at = NULL, locator = @locator, generation = generation + 1, put_away_problem = NULL,
                        updated_at = {PostgresValues.Now}
                    WHERE key = @key AND completed_at IS NOT NULL
                    RETURNING {Columns};
                    """,
                    transaction);
                update.AddText("key", key);
                update.AddText("locator", locator);
                update.AddText("reason", reason);
                update.AddNow(clock);
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
                var sql = new StringBuilder($"SELECT {Columns} FROM documents WHERE TRUE");
                if (query.Pipeline is not null)
                {
                    sql.Append(" AND pipeline = @pipeline");
                    command.AddText("pipeline", query.Pipeline);
                }

                if (query.Statuses is not null)
                {
                    if (query.Statuses.Count == 0)
                    {
                        return [];
                    }

                    sql.Append(" AND status = ANY(@statuses)");
                    command.AddNames("statuses", query.Statuses);
                }

                if (query.OnlyNotCompleted)
                {
                    sql.Append(" AND completed_at IS NULL");
                }

                if (query.Locator is not null)
                {
                    sql.Append(" AND locator = @locator");
                    command.AddText("locator", query.Locator);
                }

                if (query.KeyVersion is { } keyVersion)
                {
                    sql.Append(" AND key_version = @key_version");
                    command.AddInteger("key_version", keyVersion);
                }

                if (query.OnlyNotPutAway)
                {
                    sql.Append(" AND put_away_problem IS NOT NULL");
                }

                if (!string.IsNullOrEmpty(query.Search))
                {
                    // ILIKE: SQLite's LIKE ignores the case of ASCII letters, and the search must find the same.
                    sql.Append(@" AND (file_name ILIKE @search ESCAPE '\' OR client_number ILIKE @search ESCAPE '\')");
                    command.AddText("search", PostgresValues.LikeContains(query.Search));
                }

                sql.Append(" ORDER BY created_at, seq LIMIT @limit;");
                command.AddInteger("limit", query.Limit);
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
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string key, CancellationToken cancellationToken)
    {
        using var command = connection.Command($"SELECT {Columns} FROM documents WHERE key = @key;", transaction);
        command.AddText("key", key);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Map(reader) : null;
    }

    private static LedgerEntry Map(NpgsqlDataReader reader) => new()
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
