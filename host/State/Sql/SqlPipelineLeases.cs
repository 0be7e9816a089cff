using System.Data.Common;
using ConnectorHost.State.Leases;

namespace ConnectorHost.State.Sql;

/// <summary>
/// Pipeline leases in the <c>pipeline_leases</c> table, on the store's "now" (PostgreSQL: the database's clock, so
/// every host agrees on when a lease runs out). Taking a lease locks its row; a fenced write keeps it from changing
/// (<see cref="CheckFenceAsync"/>), so a lease cannot change hands between a write's check and its commit.
/// </summary>
internal sealed class SqlPipelineLeases(SqlDialect db) : IPipelineLeases
{
    private const string HeldCondition = "pipeline = @pipeline AND holder = @holder AND token = @token AND NOT released";

    public Task<LeaseAttempt> TryAcquireAsync(string pipeline, string holder, TimeSpan leaseFor, DateTimeOffset? occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(holder);
        return db.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                using (var ensure = connection.Command(
                    $"""
                    INSERT INTO pipeline_leases (pipeline, holder, token, acquired_at, expires_at, released)
                    VALUES (@pipeline, '', 0, {db.Now}, {db.Now}, TRUE) ON CONFLICT (pipeline) DO NOTHING;
                    """,
                    transaction))
                {
                    ensure.AddText("@pipeline", pipeline);
                    db.AddNow(ensure);
                    await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var (row, now) = await ReadForUpdateAsync(connection, transaction, pipeline, cancellationToken).ConfigureAwait(false);
                if (row.Refusal(now, occurrence) is { } refusal)
                {
                    return refusal;
                }

                using var take = connection.Command(string.Empty, transaction);
                take.CommandText = $"""
                    UPDATE pipeline_leases SET holder = @holder, token = token + 1, acquired_at = {db.Now},
                        expires_at = {db.NowPlus(take, "for", leaseFor)}, released = FALSE, occurrence = @occurrence
                    WHERE pipeline = @pipeline
                    RETURNING token, expires_at;
                    """;
                take.AddText("@pipeline", pipeline);
                take.AddText("@holder", holder);
                db.AddMoment(take, "@occurrence", occurrence);
                db.AddNow(take);
                var lease = await take.ReadFirstAsync(r => new PipelineLease(pipeline, holder, r.GetInt64(0), db.GetMoment(r, 1)), cancellationToken)
                    .ConfigureAwait(false);
                return new LeaseAttempt(lease, null, null, OccurrenceDone: false, row.TakenOverFrom(holder));
            },
            cancellationToken);
    }

    public Task<PipelineLease?> RenewAsync(PipelineLease lease, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return db.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                using var renew = connection.Command(string.Empty, transaction);
                renew.CommandText =
                    $"UPDATE pipeline_leases SET expires_at = {db.NowPlus(renew, "for", leaseFor)} WHERE {HeldCondition} RETURNING expires_at;";
                AddLease(renew, lease);
                db.AddNow(renew);
                using var reader = await renew.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? lease with { ExpiresAt = db.GetMoment(reader, 0) } : null;
            },
            cancellationToken);
    }

    public Task ReleaseAsync(PipelineLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return db.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                using var release = connection.Command(
                    $"""
                    UPDATE pipeline_leases SET released = TRUE, expires_at = {db.Now}, done_occurrence = COALESCE(occurrence, done_occurrence)
                    WHERE {HeldCondition};
                    """,
                    transaction);
                AddLease(release, lease);
                db.AddNow(release);
                return await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<PipelineLeaseState>> ListAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<PipelineLeaseState>>(
            async connection =>
            {
                using var command = connection.Command(
                    "SELECT pipeline, holder, token, acquired_at, expires_at, released FROM pipeline_leases WHERE holder <> '' ORDER BY pipeline;");
                return await command.ReadAllAsync(
                    reader => new PipelineLeaseState(
                        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), db.GetMoment(reader, 3), db.GetMoment(reader, 4), SqlDialect.IsTrue(reader.GetValue(5))),
                    cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>
    /// The fencing check of a write under <paramref name="fence"/>, inside the write's transaction: the lease row is
    /// kept from changing until the write commits (<paramref name="forShare"/> on a database with row locks; on SQLite
    /// the write transaction holds the database's write lock), so whoever takes the lease over waits for it.
    /// </summary>
    /// <param name="connection">The write's connection.</param>
    /// <param name="transaction">The write's transaction.</param>
    /// <param name="fence">The lease the write runs under.</param>
    /// <param name="forShare">The dialect's <see cref="SqlDialect.ForShare"/>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that completes when the lease is found held.</returns>
    /// <exception cref="LeaseLostException">The lease passed to another holder.</exception>
    internal static async Task CheckFenceAsync(DbConnection connection, DbTransaction transaction, WriteFence fence, string forShare, CancellationToken cancellationToken)
    {
        fence.ThrowIfLost();
        using var check = connection.Command($"SELECT 1 FROM pipeline_leases WHERE {HeldCondition}{forShare};", transaction);
        AddLease(check, fence.Lease);
        if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            fence.MarkLost();
            throw new LeaseLostException(fence.Lease);
        }
    }

    private static void AddLease(DbCommand command, PipelineLease lease)
    {
        command.AddText("@pipeline", lease.Pipeline);
        command.AddText("@holder", lease.Holder);
        command.AddBigint("@token", lease.Token);
    }

    private async Task<(LeaseRow Row, DateTimeOffset Now)> ReadForUpdateAsync(
        DbConnection connection, DbTransaction transaction, string pipeline, CancellationToken cancellationToken)
    {
        using var read = connection.Command(
            $"SELECT holder, token, expires_at, released, done_occurrence, {db.Now} FROM pipeline_leases WHERE pipeline = @pipeline{db.ForUpdate};",
            transaction);
        read.AddText("@pipeline", pipeline);
        db.AddNow(read);
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = new LeaseRow(reader.GetString(0), reader.GetInt64(1), db.GetMoment(reader, 2), SqlDialect.IsTrue(reader.GetValue(3)), db.NullableMoment(reader, 4));
        return (row, db.GetMoment(reader, 5));
    }
}
