using ConnectorHost.State.Leases;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>Pipeline leases in the <c>pipeline_leases</c> table, on the host's clock (one machine shares the file).</summary>
internal sealed class SqlitePipelineLeases(SqliteConnectionFactory connections, TimeProvider clock) : IPipelineLeases
{
    private const string Columns = "holder, token, expires_at, released, done_occurrence";

    public Task<LeaseAttempt> TryAcquireAsync(string pipeline, string holder, TimeSpan leaseFor, DateTimeOffset? occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(holder);
        return connections.WriteUnfencedAsync(
            async (connection, transaction) =>
            {
                var now = clock.GetUtcNow();
                using (var ensure = connection.Command(
                    $"INSERT INTO pipeline_leases (pipeline, {Columns}, acquired_at) VALUES (@pipeline, '', 0, @now, 1, NULL, @now) ON CONFLICT (pipeline) DO NOTHING;",
                    transaction))
                {
                    ensure.Add("@pipeline", pipeline);
                    ensure.Add("@now", SqliteValues.Moment(now));
                    await ensure.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var row = await ReadAsync(connection, transaction, pipeline, cancellationToken).ConfigureAwait(false);
                if (row.Refusal(now, occurrence) is { } refusal)
                {
                    return refusal;
                }

                var lease = new PipelineLease(pipeline, holder, row.Token + 1, now + leaseFor);
                using var take = connection.Command(
                    """
                    UPDATE pipeline_leases SET holder = @holder, token = @token, acquired_at = @now, expires_at = @expires,
                        released = 0, occurrence = @occurrence
                    WHERE pipeline = @pipeline;
                    """,
                    transaction);
                take.Add("@pipeline", pipeline);
                take.Add("@holder", holder);
                take.Add("@token", lease.Token);
                take.Add("@now", SqliteValues.Moment(now));
                take.Add("@expires", SqliteValues.Moment(lease.ExpiresAt));
                take.Add("@occurrence", SqliteValues.Moment(occurrence));
                await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
                var expires = clock.GetUtcNow() + leaseFor;
                using var renew = connection.Command(
                    "UPDATE pipeline_leases SET expires_at = @expires WHERE pipeline = @pipeline AND holder = @holder AND token = @token AND released = 0;",
                    transaction);
                renew.Add("@pipeline", lease.Pipeline);
                renew.Add("@holder", lease.Holder);
                renew.Add("@token", lease.Token);
                renew.Add("@expires", SqliteValues.Moment(expires));
                return await renew.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1 ? lease with { ExpiresAt = expires } : null;
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
                    """
                    UPDATE pipeline_leases SET released = 1, expires_at = @now, done_occurrence = COALESCE(occurrence, done_occurrence)
                    WHERE pipeline = @pipeline AND holder = @holder AND token = @token AND released = 0;
                    """,
                    transaction);
                release.Add("@pipeline", lease.Pipeline);
                release.Add("@holder", lease.Holder);
                release.Add("@token", lease.Token);
                release.Add("@now", SqliteValues.Moment(clock.GetUtcNow()));
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
                        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetMoment(3), reader.GetMoment(4), reader.GetInt64(5) != 0));
                }

                return leases;
            },
            cancellationToken);

    /// <summary>
    /// The fencing check of a write under <paramref name="fence"/>, inside the write's transaction (which holds the
    /// database's write lock, so nobody can take the lease before it commits).
    /// </summary>
    internal static async Task CheckFenceAsync(SqliteConnection connection, SqliteTransaction transaction, WriteFence fence, CancellationToken cancellationToken)
    {
        fence.ThrowIfLost();
        using var check = connection.Command(
            "SELECT COUNT(*) FROM pipeline_leases WHERE pipeline = @pipeline AND holder = @holder AND token = @token AND released = 0;",
            transaction);
        check.Add("@pipeline", fence.Lease.Pipeline);
        check.Add("@holder", fence.Lease.Holder);
        check.Add("@token", fence.Lease.Token);
        if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L) == 0)
        {
            fence.MarkLost();
            throw new LeaseLostException(fence.Lease);
        }
    }

    private static async Task<LeaseRow> ReadAsync(SqliteConnection connection, SqliteTransaction transaction, string pipeline, CancellationToken cancellationToken)
    {
        using var read = connection.Command($"SELECT {Columns} FROM pipeline_leases WHERE pipeline = @pipeline;", transaction);
        read.Add("@pipeline", pipeline);
        using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new LeaseRow(reader.GetString(0), reader.GetInt64(1), reader.GetMoment(2), reader.GetInt64(3) != 0, reader.NullableMoment(4));
    }
}
