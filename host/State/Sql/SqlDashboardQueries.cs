using System.Data.Common;
using System.Globalization;
using System.Text;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.State.Sql;

/// <summary>The dashboard's reads (UI-1..UI-5), written once against the dialect.</summary>
internal sealed class SqlDashboardQueries(SqlDialect db, SqlDocumentLedger ledger, SqlTaskQueue tasks, SqlInstructionStore instructions) : IDashboardQueries
{
    private static readonly string[] AttentionStatuses = [nameof(LedgerStatus.FinallyFailed), nameof(LedgerStatus.Refused)];

    public Task<IReadOnlyList<AttentionCount>> AttentionAsync(DateTimeOffset failuresSince, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<AttentionCount>>(
            async connection =>
            {
                // One pass over the partial index ix_documents_attention: the failed, the refused and the not put away.
                using var command = connection.Command(
                    """
                    SELECT CASE WHEN put_away_problem IS NOT NULL THEN 'NotPutAway' ELSE status END, COUNT(*), MIN(updated_at)
                    FROM documents
                    WHERE (status IN ('FinallyFailed', 'Refused') OR put_away_problem IS NOT NULL)
                      AND (put_away_problem IS NOT NULL OR updated_at >= @since)
                    GROUP BY CASE WHEN put_away_problem IS NOT NULL THEN 'NotPutAway' ELSE status END;
                    """);
                db.AddMoment(command, "@since", failuresSince);
                var rows = await command.ReadAllAsync(r => (Kind: r.GetString(0), Count: r.GetInt64(1), Oldest: db.NullableMoment(r, 2)), cancellationToken).ConfigureAwait(false);
                return rows.Select(r => new AttentionCount(
                        r.Kind switch
                        {
                            "NotPutAway" => AttentionKind.DocumentsNotPutAway,
                            nameof(LedgerStatus.Refused) => AttentionKind.DocumentsRefused,
                            _ => AttentionKind.DocumentsFinallyFailed,
                        },
                        r.Count,
                        r.Oldest))
                    .ToList();
            },
            cancellationToken);

    // The roll-up of schema step 8, kept by a trigger on document_events: a few rows per hour instead of every change.
    public Task<IReadOnlyList<HourCount>> DocumentChangesByHourAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ByHourAsync(
            command =>
            {
                db.AddHour(command, "@since", since);
                return $"SELECT {db.HourOf("hour")}, status, count FROM document_counts WHERE hour >= @since;";
            },
            cancellationToken);

    // The index ix_tasks_updated (updated_at, status) holds what is counted; one status reads ix_tasks_status's rows of it alone.
    public Task<IReadOnlyList<HourCount>> TaskChangesByHourAsync(DateTimeOffset since, CancellationToken cancellationToken, string? status = null) =>
        ByHourAsync(
            command =>
            {
                db.AddMoment(command, "@since", since);
                if (status is null)
                {
                    return $"SELECT {db.HourOf("updated_at")}, status, COUNT(*) FROM tasks WHERE updated_at >= @since GROUP BY {db.HourOf("updated_at")}, status;";
                }

                command.AddText("@status", status);
                return $"SELECT {db.HourOf("updated_at")}, status, COUNT(*) FROM tasks WHERE status = @status AND updated_at >= @since GROUP BY {db.HourOf("updated_at")}, status;";
            },
            cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> RecordsByStatusAsync(string collection, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyDictionary<string, long>>(
            async connection =>
            {
                using var command = connection.Command("SELECT status, COUNT(*) FROM records WHERE collection = @collection GROUP BY status;");
                command.AddText("@collection", collection);
                var rows = await command.ReadAllAsync(r => (Status: r.GetString(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
                return rows.ToDictionary(r => r.Status, r => r.Count, StringComparer.Ordinal);
            },
            cancellationToken);

    public Task<IReadOnlyList<ClientState>> ClientsAsync(IReadOnlyList<ClientRecordSource> sources, DateTimeOffset failuresSince, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return db.ReadAsync<IReadOnlyList<ClientState>>(
            async connection =>
            {
                var clients = new Dictionary<string, ClientState>(StringComparer.Ordinal);
                void Change(string client, Func<ClientState, ClientState> change) =>
                    clients[client] = change(clients.GetValueOrDefault(client) ?? new ClientState { Client = client });

                // The roll-up of schema step 8 (one row per client, kept by triggers on documents), and the failures
                // from the partial index ix_documents_attention: "since" moves with the clock, so they are counted here.
                using (var documents = connection.Command("SELECT client_number, documents, open_documents, last_change FROM client_documents WHERE documents > 0;"))
                {
                    using var reader = await documents.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var (total, open, last) = (reader.GetInt64(1), reader.GetInt64(2), db.NullableMoment(reader, 3));
                        Change(reader.GetString(0), c => c with { Documents = total, OpenDocuments = open, LastDocumentChange = last });
                    }
                }

                // Counted here, not grouped in SQL: a GROUP BY client_number makes SQLite walk a whole index of
                // client_number to spare a sort, instead of the few thousand rows of ix_documents_attention.
                using (var failures = connection.Command(
                    """
                    SELECT client_number FROM documents
                    WHERE (status IN ('FinallyFailed', 'Refused') OR put_away_problem IS NOT NULL)
                      AND (put_away_problem IS NOT NULL OR updated_at >= @since);
                    """))
                {
                    db.AddMoment(failures, "@since", failuresSince);
                    var failed = new Dictionary<string, long>(StringComparer.Ordinal);
                    using var reader = await failures.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (!reader.IsDBNull(0))
                        {
                            var client = reader.GetString(0);
                            failed[client] = failed.GetValueOrDefault(client) + 1;
                        }
                    }

                    foreach (var (client, count) in failed)
                    {
                        Change(client, c => c with { FailedDocuments = count });
                    }
                }

                using (var dossiers = connection.Command("SELECT dossier, MAX(CASE WHEN blocked THEN 1 ELSE 0 END) FROM dossiers GROUP BY dossier;"))
                {
                    using var reader = await dossiers.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var blocked = SqlDialect.IsTrue(reader.GetValue(1));
                        Change(reader.GetString(0), c => c with { Blocked = blocked });
                    }
                }

                // Only the unfinished tasks: the partial index ix_tasks_open_by_dossier holds exactly them.
                using (var open = connection.Command(
                    """
                    SELECT dossier, SUM(CASE WHEN status = 'Failed' THEN 1 ELSE 0 END), SUM(CASE WHEN status <> 'Failed' THEN 1 ELSE 0 END)
                    FROM tasks WHERE status IN ('Waiting', 'Running', 'Failed') GROUP BY dossier;
                    """))
                {
                    using var reader = await open.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var (failed, waiting) = (reader.GetInt64(1), reader.GetInt64(2));
                        Change(reader.GetString(0), c => c with { FailedTasks = failed, OpenTasks = waiting });
                    }
                }

                // Only the open instructions (the partial index ix_instructions_open), counted here: a GROUP BY dossier
                // walks ix_instructions_dossier over every instruction ever made, resolved ones too.
                using (var open = connection.Command("SELECT dossier, severity, created_at FROM instructions WHERE resolved_at IS NULL AND pipeline IS NULL;"))
                {
                    var perDossier = new Dictionary<string, (long Red, long Orange, DateTimeOffset Oldest)>(StringComparer.Ordinal);
                    using var reader = await open.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var (dossier, red, at) = (reader.GetString(0), reader.GetString(1) == "Red", db.GetMoment(reader, 2));
                        var (r, o, oldest) = perDossier.TryGetValue(dossier, out var seen) ? seen : (0L, 0L, DateTimeOffset.MaxValue);
                        perDossier[dossier] = (r + (red ? 1 : 0), o + (red ? 0 : 1), at < oldest ? at : oldest);
                    }

                    foreach (var (dossier, (red, orange, oldest)) in perDossier)
                    {
                        Change(dossier, c => c with { RedInstructions = red, OrangeInstructions = orange, OldestInstruction = oldest });
                    }
                }

                foreach (var source in sources)
                {
                    using var records = connection.Command($"SELECT key, status, {db.JsonText("data", source.NamePath)} FROM records WHERE collection = @collection;");
                    records.AddText("@collection", source.Collection);
                    using var reader = await records.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var (status, name) = (reader.GetString(1), reader.NullableString(2));
                        Change(reader.GetString(0), c => c with
                        {
                            Name = c.Name ?? (string.IsNullOrWhiteSpace(name) ? null : name),
                            Records = new Dictionary<string, string>(c.Records, StringComparer.Ordinal) { [source.Collection] = status },
                        });
                    }
                }

                return [.. clients.Values];
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DocumentChange>> DocumentHistoryAsync(string key, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<DocumentChange>>(
            async connection =>
            {
                using var command = connection.Command(
                    "SELECT at, status, attempts, generation, reason, put_away_problem, completed_at FROM document_events WHERE key = @key ORDER BY id;");
                command.AddText("@key", key);
                return await command.ReadAllAsync(
                    r => new DocumentChange(db.GetMoment(r, 0), r.GetEnum<LedgerStatus>(1), r.GetInt32(2), r.GetInt32(3), r.NullableString(4), r.NullableString(5), db.NullableMoment(r, 6)),
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<ListPage<LedgerEntry, LedgerStatus>> DocumentsAsync(DocumentListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return db.ReadAsync(
            async connection =>
            {
                // The totals: the whole filter, every status (not for a download's pages).
                var counts = new Dictionary<LedgerStatus, long>();
                if (query.WithTotals)
                {
                    using var totals = connection.Command(string.Empty);
                    var filter = DocumentFilter(totals, query);
                    totals.CommandText = $"SELECT status, COUNT(*) FROM documents WHERE {filter} GROUP BY status;";
                    counts = (await totals.ReadAllAsync(r => (Status: r.GetEnum<LedgerStatus>(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false))
                        .ToDictionary(r => r.Status, r => r.Count);
                }

                using var page = connection.Command(string.Empty);
                var sql = new StringBuilder($"SELECT {SqlDocumentLedger.ListColumns} FROM documents WHERE ").Append(DocumentFilter(page, query));
                if (query.Statuses is not null)
                {
                    sql.Append(" AND ").Append(db.In(page, "status", "statuses", [.. query.Statuses.Select(s => s.ToString())]));
                }

                if (query.After is not null)
                {
                    var (at, key) = DocumentCursor.Parse(query.After);
                    sql.Append(" AND (created_at < @after_at OR (created_at = @after_at AND key < @after_key))");
                    db.AddMoment(page, "@after_at", at);
                    page.AddText("@after_key", key);
                }

                sql.Append(" ORDER BY created_at DESC, key DESC LIMIT @limit;");
                page.AddInteger("@limit", query.Limit + 1);
                page.CommandText = sql.ToString();
                var rows = await page.ReadAllAsync(ledger.Map, cancellationToken).ConfigureAwait(false);
                var next = rows.Count > query.Limit ? DocumentCursor.Of(rows[query.Limit - 1]) : null;
                return new ListPage<LedgerEntry, LedgerStatus>(rows.Take(query.Limit).ToList(), next, counts);
            },
            cancellationToken);
    }

    public Task<ListPage<QueuedTask, QueuedTaskStatus>> TasksAsync(TaskListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PagedAsync(
            new PagedList<QueuedTask, QueuedTaskStatus>("tasks", SqlTaskQueue.Columns, "status", command => TaskFilter(command, query), tasks.Map, t => Id(t.Id), Enum.Parse<QueuedTaskStatus>),
            query.Statuses, Id(query.After), query.Limit, query.WithTotals, cancellationToken);
    }

    // The tasks that need a person: failed, or with an open instruction (a resolved instruction resumed its task, so
    // its row is in the rest). Written as a list of ids from ix_tasks_status and the open instructions, so that the
    // tasks are looked up by id and never scanned (200,000 tasks, a few thousand of them here).
    private const string NeedsAPerson =
        "id IN (SELECT id FROM tasks WHERE status = 'Failed' UNION ALL SELECT task_id FROM instructions WHERE resolved_at IS NULL AND task_id IS NOT NULL)";

    // Monitoring's default filter, failed tasks and tasks with an instruction (open or resolved): a task's instruction
    // is made with the task's id (and linked as its instruction_id) in one transaction, so ix_tasks_status and
    // ix_instructions_task give the ids; "instruction_id IS NOT NULL" has no index and read every task.
    private const string FailedOrWithInstruction =
        "id IN (SELECT id FROM tasks WHERE status = 'Failed' UNION ALL SELECT task_id FROM instructions WHERE task_id IS NOT NULL)";

    public Task<MonitoringListPage> MonitoringAsync(MonitoringListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        string Filter(DbCommand command)
        {
            var sql = new StringBuilder("TRUE");
            Equal(sql, command, "dossier", query.Dossier);
            if (!query.All)
            {
                sql.Append(" AND ").Append(FailedOrWithInstruction);
            }

            return sql.ToString();
        }

        return db.ReadAsync(
            async connection =>
            {
                var counts = new Dictionary<QueuedTaskStatus, long>();
                long needAPerson = 0;
                if (query.WithTotals)
                {
                    using (var totals = connection.Command(string.Empty))
                    {
                        totals.CommandText = $"SELECT status, COUNT(*) FROM tasks WHERE {Filter(totals)} GROUP BY status;";
                        counts = (await totals.ReadAllAsync(r => (Status: r.GetEnum<QueuedTaskStatus>(0), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false))
                            .ToDictionary(r => r.Status, r => r.Count);
                    }

                    using var need = connection.Command(string.Empty);
                    need.CommandText = $"SELECT COUNT(*) FROM tasks WHERE {Filter(need)} AND ({NeedsAPerson});";
                    needAPerson = await need.ReadFirstAsync(r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
                }

                // One part after another, each newest first by id (never OFFSET), one row more than asked to know
                // whether the part goes on.
                async Task<IReadOnlyList<QueuedTask>> PartAsync(bool rest, long? after, int limit)
                {
                    using var page = connection.Command(string.Empty);
                    var sql = new StringBuilder($"SELECT {SqlTaskQueue.Columns} FROM tasks WHERE ").Append(Filter(page))
                        .Append(rest ? " AND NOT " : " AND ").Append('(').Append(NeedsAPerson).Append(')');
                    if (after is { } id)
                    {
                        sql.Append(" AND id < @after");
                        page.AddBigint("@after", id);
                    }

                    sql.Append(" ORDER BY id DESC LIMIT @limit;");
                    page.AddInteger("@limit", limit);
                    page.CommandText = sql.ToString();
                    return await page.ReadAllAsync(tasks.Map, cancellationToken).ConfigureAwait(false);
                }

                var rows = new List<QueuedTask>(query.Limit);
                MonitoringCursor? next = null;
                if (query.After is not { Rest: true })
                {
                    var needing = await PartAsync(rest: false, query.After?.Id, query.Limit + 1).ConfigureAwait(false);
                    rows.AddRange(needing.Take(query.Limit));
                    if (needing.Count > query.Limit)
                    {
                        next = new MonitoringCursor(Rest: false, rows[^1].Id);
                    }
                }

                if (next is null)
                {
                    var room = query.Limit - rows.Count;
                    var after = query.After is { Rest: true } ? query.After.Id : null;
                    var others = await PartAsync(rest: true, after, room + 1).ConfigureAwait(false);
                    rows.AddRange(others.Take(room));
                    if (others.Count > room)
                    {
                        next = new MonitoringCursor(Rest: true, room == 0 ? after : rows[^1].Id);
                    }
                }

                return new MonitoringListPage(rows, next, counts, needAPerson);
            },
            cancellationToken);
    }

    public Task<ListPage<StoredInstruction, InstructionState>> InstructionsAsync(InstructionListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PagedAsync(
            new PagedList<StoredInstruction, InstructionState>(
                "instructions", SqlInstructionStore.Columns, "CASE WHEN resolved_at IS NOT NULL THEN 'Resolved' ELSE severity END", command => InstructionFilter(command, query), instructions.Map, i => Id(i.Id), Enum.Parse<InstructionState>),
            query.States, Id(query.After), query.Limit, query.WithTotals, cancellationToken);
    }

    // The actions are open-ended text (each plugin writes its own), so the list's status is the action as written.
    public Task<ListPage<AuditRow, string>> AuditAsync(AuditListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return PagedAsync(
            new PagedList<AuditRow, string>(
                "audit", "id, at, who, action, subject, details", "action", command => AuditFilter(command, query),
                r => new AuditRow(r.GetInt64(0), db.GetMoment(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)), a => Id(a.Id), s => s),
            query.Actions, Id(query.After), query.Limit, query.WithTotals, cancellationToken);
    }

    // Records have no id: paged by their key (the primary key's order within the collection), the statuses as the plugin writes them.
    public Task<ListPage<RecordRow, string>> RecordsAsync(RecordListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        string Json(IReadOnlyList<string>? path) => path is null ? "NULL" : db.JsonText("data", [.. path]);
        var client = query.ClientPath is null ? "key" : Json(query.ClientPath);
        return PagedAsync(
            new PagedList<RecordRow, string>(
                "records", $"key, status, {client}, {Json(query.NamePath)}, {Json(query.DetailPath)}, updated_at", "status", command => RecordFilter(command, query, client),
                r => new RecordRow(r.GetString(0), r.GetString(1), r.NullableString(2), r.NullableString(3), r.NullableString(4), db.GetMoment(r, 5)), r => r.Key, s => s, ByKey: true),
            query.Statuses, query.After, query.Limit, query.WithTotals, cancellationToken);
    }

    /// <summary>
    /// The one list mechanism of the rows with a numeric id (tasks, instructions, audit), newest first, and of the
    /// records, by key: the totals by status of the whole filter, then a page after the last row's id or key (never
    /// OFFSET), one row more than asked to know whether a next page exists.
    /// </summary>
    private Task<ListPage<T, TStatus>> PagedAsync<T, TStatus>(PagedList<T, TStatus> list, IReadOnlyList<TStatus>? statuses, string? after, int limit, bool withTotals, CancellationToken cancellationToken)
        where TStatus : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return db.ReadAsync(
            async connection =>
            {
                var counts = new Dictionary<TStatus, long>();
                if (withTotals)
                {
                    using var totals = connection.Command(string.Empty);
                    totals.CommandText = $"SELECT {list.Status}, COUNT(*) FROM {list.Table} WHERE {list.Filter(totals)} GROUP BY {list.Status};";
                    counts = (await totals.ReadAllAsync(r => (Status: list.StatusOf(r.GetString(0)), Count: r.GetInt64(1)), cancellationToken).ConfigureAwait(false))
                        .ToDictionary(r => r.Status, r => r.Count);
                }

                using var page = connection.Command(string.Empty);
                var sql = new StringBuilder($"SELECT {list.Columns} FROM {list.Table} WHERE ").Append(list.Filter(page));
                if (statuses is not null)
                {
                    sql.Append(" AND ").Append(db.In(page, list.Status, "statuses", [.. statuses.Select(s => s.ToString() ?? string.Empty)]));
                }

                if (after is not null && list.ByKey)
                {
                    sql.Append(" AND key > @after");
                    page.AddText("@after", after);
                }
                else if (after is not null)
                {
                    sql.Append(" AND id < @after");
                    page.AddBigint("@after", long.Parse(after, NumberStyles.None, CultureInfo.InvariantCulture));
                }

                sql.Append(list.ByKey ? " ORDER BY key LIMIT @limit;" : " ORDER BY id DESC LIMIT @limit;");
                page.AddInteger("@limit", limit + 1);
                page.CommandText = sql.ToString();
                var rows = await page.ReadAllAsync(list.Map, cancellationToken).ConfigureAwait(false);
                var next = rows.Count > limit ? list.KeyOf(rows[limit - 1]) : null;
                return new ListPage<T, TStatus>(rows.Take(limit).ToList(), next, counts);
            },
            cancellationToken);
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Id(long? id) => id?.ToString(CultureInfo.InvariantCulture);

    public Task<QueuedTask?> TaskAsync(long id, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async connection =>
            {
                using var command = connection.Command($"SELECT {SqlTaskQueue.Columns} FROM tasks WHERE id = @id;");
                command.AddBigint("@id", id);
                return await command.ReadFirstAsync(tasks.Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<IReadOnlyList<StoredInstruction>> InstructionsOfAsync(string? dossier, long? taskId, int limit, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<StoredInstruction>>(
            async connection =>
            {
                using var command = connection.Command(
                    $"""
                    SELECT {SqlInstructionStore.Columns} FROM instructions
                    WHERE (@dossier IS NULL OR dossier = @dossier) AND (@task_id IS NULL OR task_id = @task_id)
                    ORDER BY id DESC LIMIT @limit;
                    """);
                command.AddText("@dossier", dossier);
                command.AddBigint("@task_id", taskId);
                command.AddInteger("@limit", limit);
                return await command.ReadAllAsync(instructions.Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<IReadOnlyList<StoredInstruction>> InstructionsForMonitoringAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return db.ReadAsync<IReadOnlyList<StoredInstruction>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                // The ids are numbers, written as such: a text list (db.In) would not compare with a bigint on PostgreSQL.
                var byId = ids.Count == 0 ? "FALSE" : $"id IN ({string.Join(", ", ids.Distinct().Select(i => i.ToString(CultureInfo.InvariantCulture)))})";
                command.CommandText = $"SELECT {SqlInstructionStore.Columns} FROM instructions WHERE {byId} OR (resolved_at IS NULL AND task_id IS NULL);";
                return await command.ReadAllAsync(instructions.Map, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> AuditOfAsync(IReadOnlyList<string> subjects, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        return db.ReadAsync<IReadOnlyList<AuditEntry>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                command.CommandText = $"SELECT at, who, action, subject, details FROM audit WHERE {db.In(command, "subject", "subjects", subjects)} ORDER BY at DESC, id DESC LIMIT @limit;";
                command.AddInteger("@limit", limit);
                return await command.ReadAllAsync(
                    r => new AuditEntry(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)) { At = db.GetMoment(r, 0) },
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<StoredRecord?> RecordAsync(string collection, string key, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async connection =>
            {
                using var command = connection.Command("SELECT collection, key, status, data, fingerprint, updated_at FROM records WHERE collection = @collection AND key = @key;");
                command.AddText("@collection", collection);
                command.AddText("@key", key);
                return await command.ReadFirstAsync(
                    r => new StoredRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)) { Fingerprint = r.NullableString(4), UpdatedAt = db.GetMoment(r, 5) },
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    private Task<IReadOnlyList<HourCount>> ByHourAsync(Func<DbCommand, string> query, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<HourCount>>(
            async connection =>
            {
                using var command = connection.Command(string.Empty);
                command.CommandText = query(command);
                return await command.ReadAllAsync(
                    r => new HourCount(
                        new DateTimeOffset(DateTime.ParseExact(r.GetString(0), "yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
                        r.GetString(1),
                        r.GetInt64(2)),
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    private string DocumentFilter(DbCommand command, DocumentListQuery query)
    {
        var sql = new StringBuilder("TRUE");
        Equal(sql, command, "pipeline", query.Pipeline);
        Equal(sql, command, "client_number", query.Client);
        if (query.OnlyNotPutAway)
        {
            sql.Append(" AND put_away_problem IS NOT NULL");
        }

        Within(sql, command, "created_at", query.From, query.Until);
        if (!string.IsNullOrEmpty(query.Search))
        {
            sql.Append($@" AND (file_name {db.Like} @search ESCAPE '\' OR client_number {db.Like} @search ESCAPE '\')");
            command.AddText("@search", SqlCommands.LikeContains(query.Search));
        }

        return sql.ToString();
    }

    private string InstructionFilter(DbCommand command, InstructionListQuery query)
    {
        var sql = new StringBuilder("TRUE");
        Equal(sql, command, "pipeline", query.Pipeline);
        Equal(sql, command, "dossier", query.Dossier);
        Within(sql, command, "created_at", query.From, query.Until);
        return sql.ToString();
    }

    private string AuditFilter(DbCommand command, AuditListQuery query)
    {
        var sql = new StringBuilder("TRUE");
        if (query.Pipeline is not null)
        {
            sql.Append(" AND (subject = @pipeline OR who = @pipeline)");
            command.AddText("@pipeline", $"pipeline:{query.Pipeline}");
        }

        if (query.Client is not null)
        {
            sql.Append(" AND ").Append(db.In(command, "subject", "client", [$"dossier:{query.Client}", $"relation:{query.Client}", $"client:{query.Client}"]));
        }

        Within(sql, command, "at", query.From, query.Until);
        return sql.ToString();
    }

    private string RecordFilter(DbCommand command, RecordListQuery query, string client)
    {
        var sql = new StringBuilder("collection = @collection");
        command.AddText("@collection", query.Collection);
        if (query.Client is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {client} = @client");
            command.AddText("@client", query.Client);
        }

        Within(sql, command, "updated_at", query.From, query.Until);
        return sql.ToString();
    }

    private string TaskFilter(DbCommand command, TaskListQuery query)
    {
        var sql = new StringBuilder("TRUE");
        Equal(sql, command, "queue", query.Queue);
        Equal(sql, command, "dossier", query.Dossier);
        Within(sql, command, "delivered_at", query.From, query.Until);
        return sql.ToString();
    }

    /// <summary>A list filter's <c>AND column = @column</c>, when a value is given.</summary>
    private static void Equal(StringBuilder sql, DbCommand command, string column, string? value)
    {
        if (value is not null)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} = @{column}");
            command.AddText("@" + column, value);
        }
    }

    /// <summary>A list filter's date range on <paramref name="column"/>: from (inclusive) until (exclusive), each when given.</summary>
    private void Within(StringBuilder sql, DbCommand command, string column, DateTimeOffset? from, DateTimeOffset? until)
    {
        if (from is { } start)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} >= @from");
            db.AddMoment(command, "@from", start);
        }

        if (until is { } end)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} < @until");
            db.AddMoment(command, "@until", end);
        }
    }
}

/// <summary>The key of a documents page: the last row's first-seen moment and document key.</summary>
public static class DocumentCursor
{
    /// <summary>The cursor after a row.</summary>
    /// <param name="entry">The row.</param>
    /// <returns>The cursor text.</returns>
    public static string Of(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return $"{entry.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{entry.Key}";
    }

    /// <summary>Reads a cursor.</summary>
    /// <param name="cursor">The cursor text.</param>
    /// <returns>The moment and key.</returns>
    /// <exception cref="FormatException">The text is not a cursor.</exception>
    public static (DateTimeOffset At, string Key) Parse(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new FormatException($"'{cursor}' is not a page key: follow the page's Next link.");
        }

        return (new DateTimeOffset(ticks, TimeSpan.Zero), cursor[(dot + 1)..]);
    }
}

/// <summary>
/// A list the dashboard pages: its table, columns, status expression, filter, row reader, a row's page key and a
/// status read from its text; paged by the numeric <c>id</c>, newest first, or (<paramref name="ByKey"/>) by the text <c>key</c>.
/// </summary>
internal sealed record PagedList<T, TStatus>(string Table, string Columns, string Status, Func<DbCommand, string> Filter, Func<DbDataReader, T> Map, Func<T, string> KeyOf, Func<string, TStatus> StatusOf, bool ByKey = false)
    where TStatus : notnull;
