using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ConnectorHost.Tests.Dashboard;

/// <summary>
/// A realistic office in a migrated state store, for the dashboard's tests, its screenshots and its benchmark: clients
/// with KvK numbers and names, documents over the last weeks in every outcome (Goedgekeurd, Afgekeurd, Niet gevonden,
/// pending, retrying, definitief mislukt, refused, decided but not put away), each written the way the ledger writes
/// it (inserted, then changed step by step, so that the database's own history of it is real), dossier tasks done,
/// waiting, cancelled and failed with orange and red instructions (some resolved), blocked dossiers, CaseWare Cloud
/// clients sent, not sent and rejected, Certipost relations in every status, a pipeline's instruction and audit lines.
/// Written with plain SQL in one transaction per table so that 100,000 documents take seconds, not an hour; the same
/// random seed gives the same office.
/// </summary>
public sealed class OfficeSeed
{
    private static readonly string[] Names = ["Bakkerij", "Installatiebedrijf", "Transport", "Tandartspraktijk", "Bouwbedrijf", "Kapsalon", "Adviesbureau", "Hoveniersbedrijf", "Garage", "Drukkerij", "Camping", "Schildersbedrijf"];
    private static readonly string[] Families = ["De Vries", "Jansen", "Van den Berg", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder", "Peeters", "Claes", "Willems", "Maes", "Van Dijk", "Bos"];
    private static readonly string[] DocumentTypes = ["jaarrekening", "aangifte-vpb", "ib-aangifte", "publicatiestukken"];
    private static readonly string[] TaskKinds = ["process-booking-proposal", "synchronise-dossier", "delete-booking-proposal", "activate-dossier"];

    private static readonly (string Text, string Cause, bool Red)[] Problems =
    [
        ("Boekjaar 2024 is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum.", "wrong-period", false),
        ("Dagboek VK2 bestaat niet in het dossier: maak het aan of kies een ander dagboek.", "wrong-journal", false),
        ("Btw-code 21V is onbekend in het boekhoudpakket: voeg de code toe.", "wrong-vat-code", false),
        ("Deze boeking bestaat al (dubbele boeking): verwijder het voorstel of de boeking.", "duplicate-booking", false),
        ("De taak faalde met een fout in de database van het boekhoudpakket: ons supportteam moet ingrijpen.", "database-error", true),
        ("Het boekhoudpakket was niet bereikbaar na 10 pogingen: ons supportteam moet ingrijpen.", "unreachable", true),
    ];

    private readonly Random _random;

    private OfficeSeed(int seed) => _random = new Random(seed);

    /// <summary>How big the office is.</summary>
    /// <param name="Clients">Clients (each with a KvK number and a dossier of the same code).</param>
    /// <param name="Documents">Documents in the ledger.</param>
    /// <param name="Tasks">Dossier tasks.</param>
    /// <param name="Days">Over how many days before <paramref name="Now"/> the documents and tasks arrived.</param>
    /// <param name="Now">The office's "now".</param>
    public sealed record Size(int Clients, int Documents, int Tasks, int Days, DateTimeOffset Now)
    {
        /// <summary>The office of the tests and screenshots: 400 clients, 3,000 documents, 6,000 tasks over 30 days.</summary>
        public static Size Tests(DateTimeOffset now) => new(400, 3_000, 6_000, 30, now);

        /// <summary>The office of the benchmark: 5,000 clients, 100,000 documents, 200,000 tasks over 90 days.</summary>
        public static Size Bench(DateTimeOffset now) => new(5_000, 100_000, 200_000, 90, now);
    }

    /// <summary>What was seeded, for tests to check pages against.</summary>
    public sealed record Office(IReadOnlyList<string> Clients, IReadOnlyDictionary<string, string> ClientNames)
    {
        /// <summary>A document definitief mislukt after several attempts: its key and file name.</summary>
        public (string Key, string FileName, string Client) FinallyFailed { get; init; }

        /// <summary>A failed task with an open red instruction.</summary>
        public long RedTask { get; init; }

        /// <summary>A failed task with an open orange instruction.</summary>
        public long OrangeTask { get; init; }
    }

    /// <summary>Seeds a migrated SQLite state database.</summary>
    public static Task<Office> SqliteAsync(string path, Size size, int seed = 28) =>
        new OfficeSeed(seed).RunAsync(() => new SqliteConnection($"Data Source={path};Pooling=False"), postgres: false, size);

    /// <summary>Seeds a migrated PostgreSQL state database.</summary>
    public static Task<Office> PostgresAsync(string connectionString, Size size, int seed = 28) =>
        new OfficeSeed(seed).RunAsync(() => new NpgsqlConnection(connectionString), postgres: true, size);

    private async Task<Office> RunAsync(Func<DbConnection> open, bool postgres, Size size)
    {
        await using var connection = open();
        await connection.OpenAsync();
        object Moment(DateTimeOffset at) => postgres ? at.UtcDateTime : at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        object Day(DateOnly day) => postgres ? day : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        object True(bool value) => postgres ? value : value ? 1 : 0;

        var clients = Enumerable.Range(0, size.Clients).Select(i => (12_000_000 + (i * 7_919)).ToString(CultureInfo.InvariantCulture)).ToList();
        var names = clients.ToDictionary(c => c, _ => $"{Pick(Names)} {Pick(Families)}{(_random.Next(3) == 0 ? " B.V." : string.Empty)}");
        var office = new Office(clients, names);

        // Documents: inserted as the ledger inserts them, then changed step by step (each change a history row).
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var insert = Command(connection, transaction, """
                INSERT INTO documents (key, pipeline, locator, file_name, client_number, document_type, period_from, period_to, status, attempts,
                                       reason, created_at, updated_at, generation, key_version, content_sha256)
                VALUES (@key, 'clientonline', @locator, @file, @client, @type, @from, @to, 'Submitting', 0, NULL, @at, @at, 0, 2, @key);
                """);
            var change = Command(connection, transaction, """
                UPDATE documents SET status = @status, attempts = @attempts, reason = @reason, portal_reference = COALESCE(@reference, portal_reference),
                                     next_attempt_at = NULL, put_away_problem = @problem, completed_at = @completed, updated_at = @at
                WHERE key = @key;
                """);
            for (var i = 0; i < size.Documents; i++)
            {
                var client = Pick(clients);
                var type = Pick(DocumentTypes);
                var year = 2021 + _random.Next(5);
                var file = $"{client}_{type}_{year}_{i.ToString("D6", CultureInfo.InvariantCulture)}.pdf";
                var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(file)));
                var seen = size.Now - TimeSpan.FromMinutes(_random.NextDouble() * size.Days * 24 * 60);
                Set(insert, ("@key", key), ("@locator", $"/kantoor/naar-portaal/{file}"), ("@file", file), ("@client", client), ("@type", type),
                    ("@from", Day(new DateOnly(year, 1, 1))), ("@to", Day(new DateOnly(year, 12, 31))), ("@at", Moment(seen)));
                await insert.ExecuteNonQueryAsync();

                var roll = _random.NextDouble();
                var at = seen;
                var attempts = 0;
                async Task StepAsync(string status, string? reason, string? reference = null, string? problem = null, DateTimeOffset? completed = null)
                {
                    at = at.AddMinutes(1 + (_random.NextDouble() * 30));
                    if (at > size.Now)
                    {
                        at = size.Now;
                    }

                    Set(change, ("@key", key), ("@status", status), ("@attempts", attempts), ("@reason", (object?)reason ?? DBNull.Value),
                        ("@reference", (object?)reference ?? DBNull.Value), ("@problem", (object?)problem ?? DBNull.Value),
                        ("@completed", completed is { } c ? Moment(c) : DBNull.Value), ("@at", Moment(at)));
                    await change.ExecuteNonQueryAsync();
                }

                if (roll < 0.03 || (i == 7 && office.FinallyFailed == default))
                {
                    // Every attempt failed (definitief mislukt), put away in the error folder.
                    for (attempts = 1; attempts <= 3; attempts++)
                    {
                        await StepAsync("Retrying", $"Attempt {attempts}: the portal answered HTTP 503 Service Unavailable.");
                    }

                    attempts = 3;
                    await StepAsync("FinallyFailed", "Every attempt failed; the last: the portal answered HTTP 503 Service Unavailable.");
                    await StepAsync("FinallyFailed", "Every attempt failed; the last: the portal answered HTTP 503 Service Unavailable.", completed: at.AddSeconds(5));
                    if (office.FinallyFailed == default)
                    {
                        office = office with { FinallyFailed = (key, file, client) };
                    }

                    continue;
                }

                if (roll < 0.04)
                {
                    await StepAsync("Refused", $"{file} is not a PDF: it does not start with the PDF header (%PDF-).", completed: at);
                    continue;
                }

                if (roll < 0.05)
                {
                    continue; // still being submitted
                }

                if (roll < 0.07)
                {
                    attempts = 1;
                    await StepAsync("Retrying", "Attempt 1: the connection to the portal was reset.");
                    continue;
                }

                var reference = $"P-{i.ToString(CultureInfo.InvariantCulture)}";
                await StepAsync("Pending", null, reference);
                if (roll < 0.20)
                {
                    continue; // waiting for the client's approval
                }

                at = at.AddHours(_random.NextDouble() * 48);
                var (status, reason) = roll < 0.28 ? ("Rejected", "De cijfers van 2023 ontbreken in de vergelijking; graag aanvullen.")
                    : roll < 0.31 ? ("ClientNotFound", $"The portal has no client with KvK number {client}.")
                    : ("Approved", (string?)null);
                if (roll > 0.995)
                {
                    await StepAsync(status, reason, problem: "the folder /kantoor/goedgekeurd is read-only (access denied); make it writable for the host's user");
                    continue;
                }

                await StepAsync(status, reason);
                await StepAsync(status, reason, completed: at);
            }

            await transaction.CommitAsync();
        }

        // Tasks, their dossiers, instructions and audit lines.
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var insert = Command(connection, transaction, """
                INSERT INTO tasks (queue, external_id, dossier, kind, payload, delivered_at, enqueued_at, status, attempts, last_error, updated_at, completed_at)
                VALUES ('tasks', @external, @dossier, @kind, @payload, @at, @at, @status, @attempts, @error, @updated, @completed)
                RETURNING id;
                """);
            var instruct = Command(connection, transaction, """
                INSERT INTO instructions (task_id, dossier, severity, text, cause, created_at, resolved_at, resolved_by)
                VALUES (@task, @dossier, @severity, @text, @cause, @at, @resolved, @by)
                RETURNING id;
                """);
            var link = Command(connection, transaction, "UPDATE tasks SET instruction_id = @instruction WHERE id = @task;");
            var audit = Command(connection, transaction, "INSERT INTO audit (at, who, action, subject, details) VALUES (@at, @who, @action, @subject, @details);");
            var blocked = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < size.Tasks; i++)
            {
                var dossier = Pick(clients);
                var delivered = size.Now - TimeSpan.FromMinutes(_random.NextDouble() * size.Days * 24 * 60);
                var roll = _random.NextDouble();
                var status = roll < 0.015 || (i == 3 && office.RedTask == 0) || (i == 4 && office.OrangeTask == 0) ? "Failed"
                    : roll < 0.03 ? "Cancelled"
                    : delivered > size.Now.AddHours(-6) && roll < 0.3 ? "Waiting"
                    : "Done";
                var updated = status == "Waiting" ? delivered : delivered.AddSeconds(5 + (_random.NextDouble() * 600));
                var problem = status == "Failed" ? (i == 3 ? Problems[4] : i == 4 ? Problems[0] : Pick(Problems)) : default;
                Set(insert, ("@external", $"T{i.ToString(CultureInfo.InvariantCulture)}"), ("@dossier", dossier), ("@kind", Pick(TaskKinds)),
                    ("@payload", $$"""{"dossier":"{{dossier}}","proposal":{{i}}}"""), ("@at", Moment(delivered)), ("@status", status),
                    ("@attempts", status == "Waiting" ? 0 : 1), ("@error", status == "Failed" ? problem.Text : DBNull.Value),
                    ("@updated", Moment(updated)), ("@completed", status is "Done" or "Cancelled" ? Moment(updated) : DBNull.Value));
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                if (status == "Cancelled")
                {
                    Set(audit, ("@at", Moment(updated)), ("@who", "dashboard:anna@10.0.0.5"), ("@action", "task-cancelled"), ("@subject", $"task:{id}"), ("@details", "cancelled by hand"));
                    await audit.ExecuteNonQueryAsync();
                }

                if (status != "Failed" && !(status == "Done" && roll > 0.995))
                {
                    continue;
                }

                // A failed task blocks its dossier with an instruction; a few done ones had one that was resolved.
                problem = problem == default ? Pick(Problems) : problem;
                var resolved = status == "Done";
                Set(instruct, ("@task", id), ("@dossier", dossier), ("@severity", problem.Red ? "Red" : "Orange"), ("@text", problem.Text), ("@cause", problem.Cause),
                    ("@at", Moment(updated)), ("@resolved", resolved ? Moment(updated.AddMinutes(30)) : DBNull.Value), ("@by", resolved ? "dashboard:anna@10.0.0.5" : DBNull.Value));
                var instruction = Convert.ToInt64(await instruct.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                Set(link, ("@instruction", instruction), ("@task", id));
                await link.ExecuteNonQueryAsync();
                Set(audit, ("@at", Moment(updated)), ("@who", "connector-1"), ("@action", "task-failed"), ("@subject", $"task:{id}"),
                    ("@details", $"dossier tasks/{dossier} blocked, instruction {instruction} ({(problem.Red ? "Red" : "Orange")}, {problem.Cause})"));
                await audit.ExecuteNonQueryAsync();
                if (!resolved)
                {
                    blocked.Add(dossier);
                    office = problem.Red && office.RedTask == 0 ? office with { RedTask = id }
                        : !problem.Red && office.OrangeTask == 0 ? office with { OrangeTask = id }
                        : office;
                }
            }

            var dossiers = Command(connection, transaction, "INSERT INTO dossiers (queue, dossier, blocked, blocked_at, updated_at) VALUES ('tasks', @dossier, @blocked, @at, @at);");
            foreach (var dossier in clients)
            {
                Set(dossiers, ("@dossier", dossier), ("@blocked", True(blocked.Contains(dossier))), ("@at", Moment(size.Now)));
                await dossiers.ExecuteNonQueryAsync();
            }

            // A pipeline that needs a person (H-8): a wrong Certipost key.
            var pipeline = Command(connection, transaction, """
                INSERT INTO instructions (task_id, dossier, severity, text, cause, created_at, pipeline)
                VALUES (NULL, 'certipost', 'Red', 'Certipost refused the API key (HTTP 401): set the right key in certipost.apiKey.', 'certipost-authentication', @at, 'certipost-daily');
                """);
            Set(pipeline, ("@at", Moment(size.Now.AddHours(-30))));
            await pipeline.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        // CaseWare Cloud clients and Certipost relations, as their plugins keep them.
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var put = Command(connection, transaction, "INSERT INTO records (collection, key, status, data, updated_at) VALUES (@collection, @key, @status, @data, @at);");
            var audit = Command(connection, transaction, "INSERT INTO audit (at, who, action, subject, details) VALUES (@at, @who, 'status-changed', @subject, @details);");
            foreach (var client in clients)
            {
                var at = size.Now - TimeSpan.FromHours(_random.NextDouble() * 24 * 7);
                if (_random.NextDouble() < 0.6)
                {
                    var roll = _random.NextDouble();
                    var (status, state, reason) = roll < 0.03 ? ("rejected", "Rejected", "CaseWare Cloud refused the client: the e-mail address is not valid.")
                        : roll < 0.10 ? ("not-sent", "NotSent", "The client is private in AuditCase.")
                        : ("sent", "Sent", (string?)null);
                    var data = JsonSerializer.Serialize(new { clientNumber = client, name = names[client], state, reason, lastSyncAt = at });
                    Set(put, ("@collection", "casewarecloud.clients"), ("@key", client), ("@status", status), ("@data", data), ("@at", Moment(at)));
                    await put.ExecuteNonQueryAsync();
                }

                if (_random.NextDouble() < 0.3)
                {
                    var roll = _random.NextDouble();
                    var status = roll < 0.05 ? "NotAdmitted" : roll < 0.2 ? "Admitted" : roll < 0.3 ? "Submitted" : "Confirmed";
                    var data = JsonSerializer.Serialize(new { relation = new { number = client, name = names[client], vatNumber = "BE0" + client[..8], email = "boekhouding@example.be" }, status });
                    Set(put, ("@collection", "certipost.relations"), ("@key", client), ("@status", status), ("@data", data), ("@at", Moment(at)));
                    await put.ExecuteNonQueryAsync();
                    Set(audit, ("@at", Moment(at)), ("@who", "certipost"), ("@subject", $"relation:{client}"), ("@details", $"from (new) to {status}"));
                    await audit.ExecuteNonQueryAsync();
                }
            }

            await transaction.CommitAsync();
        }

        return office;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Set(DbCommand command, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = command.Parameters.Contains(name) ? command.Parameters[name] : null;
            if (parameter is null)
            {
                parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            parameter.Value = value;
        }
    }
}
