using ConnectorHost.State.Leases;
using Npgsql;
using NpgsqlTypes;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// Pipeline leases in the <c>pipeline_leases</c> table, on the database's clock: every host agrees on when a lease
/// runs out, whatever its own clock says. Taking a lease locks its row (<c>FOR UPDATE</c>); a fenced write locks it
/// for sharing (<c>FOR SHARE</c>), so a lease cannot change hands between a write's check and its commit.
/// </summary>
internal sealed class PostgresPipelineLeases(PostgresConnectionFactory connections, TimeProvider? clock) : IPipelineLeases
{
    public Task<LeaseAttempt> TryAcquireAsync(string pipeline, string holder, TimeSpan leaseFor, DateTimeOffset? occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(holder);
        return connections.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                using (var ensure = connection.Command(
                    $"""
                    INSERT INTO pipeline_leases (pipeline, holder, token, acquired_at, expires_at, released)
                    VALUES (@pipeline, '', 0, {PostgresValues.Now}, {PostgresValues.Now}, TRUE) ON CONFLICT (pipeline) DO NOTHING;
                    """,
                    transaction))
                {
                    ensure.AddText("pipeline", pipeline);
                    ensure.AddNow(clock);
                    await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var (row, now) = await ReadForUpdateAsync(connection, transaction, pipeline, cancellationToken).ConfigureAwait(false);
                if (row.Refusal(now, occurrence) is { } refusal)
                {
                    return refusal;
                }

                using var take = connection.Command(
                    $"""
                    UPDATE pipeline_leases SET holder = @holder, token = token + 1, acquired_at = {PostgresValues.Now},
                        expires_at = {PostgresValues.Now} + @for, released = FALSE, occurrence = @occurrence
                    WHERE pipeline = @pipeline
                    RETURNING token, expires_at;
                    """,
                    transaction);
                take.AddText("pipeline", pipeline);
                take.AddText("holder", holder);
                take.Add("for", NpgsqlDbType.Interval, leaseFor);
                take.AddMoment("occurrence", occurrence);
                take.AddNow(clock);
                using var reader = await take.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var lease = new PipelineLease(pipeline, holder, reader.GetInt64(0), reader.GetMoment(1));
                return new LeaseAttempt(lease, null, null, OccurrenceDone: false, row.TakenOverFrom(holder));
            },
            cancellationToken);
    }

    public Task<PipelineLease?> RenewAsync(PipelineLease lease, TimeSpan leaseFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return connections.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                using var renew = connection.Command(
                    $"""
                    UPDATE pipeline_leases SET expires_at = {PostgresValues.Now} + @for
                    WHERE pipeline = @pipeline AND holder = @holder AND token = @token AND NOT released
                    RETURNING expires_at;
                    """,
                    transaction);
                renew.AddText("pipeline", lease.Pipeline);
                renew.AddText("holder", lease.Holder);
                renew.AddBigint("token", lease.Token);
                renew.Add("for", NpgsqlDbType.Interval, leaseFor);
                renew.AddNow(clock);
                using var reader = await renew.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? lease with { ExpiresAt = reader.GetMoment(0) } : null;
            },
            cancellationToken);
    }

    public Task ReleaseAsync(PipelineLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return connections.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                using var release = connection.Command(
                    $"""
                    UPDATE pipeline_leases SET released = TRUE, expires_at = {PostgresValues.Now}, done_occurrence = COALESCE(occurrence, done_occurrence)
                    WHERE pipeline = @pipeline AND holder = @holder AND token = @token AND NOT released;
                    """,
                    transaction);
                release.AddText("pipeline", lease.Pipeline);
                release.AddText("holder", lease.Holder);
                release.AddBigint("token", lease.Token);
                release.AddNow(clock);
                return await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<PipelineLeaseState>> ListAsync(CancellationToken cancellationToken) =>
        connections.ReadAsync<IReadOnlyList<PipelineLeaseState>>(
            async connection =>
            {
                using var command = connection.Command(
                    "SELECT pipeline, holder, token, acquired_at, expires_at, released FROM pipeline_leases WHERE holder <> '' ORDER BY pipeline;");
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var leases = new List<PipelineLeaseState>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    leases.Add(new PipelineLeaseState(
                        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetMoment(3), reader.GetMoment(4), reader.GetBoolean(5)));
                }

                return leases;
            },
            cancellationToken);

    /// <summary>
    /// The fencing check of a write under <paramref name="fence"/>, inside the write's transaction: the lease row is
    /// locked for sharing until the write commits, so whoever takes the lease over waits for it.
    /// </summary>
    internal static async Task CheckFenceAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WriteFence fence, CancellationToken cancellationToken)
    {
        fence.ThrowIfLost();
        using var check = connection.Command(
            "SELECT 1 FROM pipeline_leases WHERE pipeline = @pipeline AND holder = @holder AND token = @token AND NOT released FOR SHARE;",
            transaction);
        check.AddText("pipeline", fence.Lease.Pipeline);
        check.AddText("holder", fence.Lease.Holder);
        check.AddBigint("token", fence.Lease.Token);
        if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            fence.MarkLost();
            throw new LeaseLostException(fence.Lease);
        }
    }

    private async Task<(LeaseRow Row, DateTimeOffset Now)> ReadForUpdateAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string pipeline, CancellationToken cancellationToken)
    {
        using var read = connection.Command(
            $"SELECT holder, token, expires_at, released, done_occurrence, {PostgresValues.Now} FROM pipeline_leases WHERE pipeline = @pipeline FOR UPDATE;",
            transaction);
        read.AddText("pipeline", pipeline);
        read.AddNow(clock);
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (new LeaseRow(reader.GetString(0), reader.GetInt64(1), reader.GetMoment(2), reader.GetBoolean(3), reader.NullableMoment(4)), reader.GetMoment(5));
    }
}
