using System.Data;
using System.Data.Common;
using ConnectorHost.State.Sql;
using Npgsql;
using NpgsqlTypes;
using Polly;
using Polly.Retry;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// PostgreSQL for the shared repositories: a pool shared with other hosts, READ COMMITTED write transactions run
/// again after a deadlock, "now" the database's clock (<c>now()</c>, the start of the transaction) unless the store
/// was given a clock, moments as <c>timestamptz</c>, real booleans and dates, lists as arrays, row locks.
/// </summary>
internal sealed class PostgresDialect(PostgresConnectionFactory connections, TimeProvider? clock) : SqlDialect
{
    // A deadlock the server broke or a serialization failure: the whole transaction is run again, up to 4 more
    // times, after 10, 20, 30, 40 ms (with jitter, so that two writers that met do not meet again).
    private static readonly ResiliencePipeline WriteRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(e =>
                e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure),
            MaxRetryAttempts = 4,
            BackoffType = DelayBackoffType.Linear,
            Delay = TimeSpan.FromMilliseconds(10),
            UseJitter = true,
        })
        .Build();

    /// <summary>
    /// "Now" in SQL: the moment the store was given (tests' fixed clock), or else the database's clock, the one
    /// clock every host sharing the database agrees on. <c>now()</c> is the start of the transaction: one moment
    /// for every row a transaction writes.
    /// </summary>
    public override string Now => "COALESCE(@now, now())";

    public override string Like => "ILIKE";

    public override string InsertionOrder => "seq";

    public override string HourOf(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24')";

    public override void AddHour(DbCommand command, string name, DateTimeOffset moment)
    {
        var utc = moment.UtcDateTime;
        AddMoment(command, name, new DateTimeOffset(utc.Date.AddHours(utc.Hour), TimeSpan.Zero));
    }

    public override string JsonText(string column, params string[] path) => $"({column}::jsonb #>> '{{{string.Join(',', path)}}}')";

    public override string ForUpdate => " FOR UPDATE";

    public override string ForShare => " FOR SHARE";

    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public override async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunWriteAsync(work, WriteFence.Current, cancellationToken);

    public override Task<T> WriteUnfencedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        RunWriteAsync(work, null, cancellationToken);

    public override void AddNow(DbCommand command) => AddMoment(command, "now", clock?.GetUtcNow());

    public override string NowPlus(DbCommand command, string name, TimeSpan span)
    {
        ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Interval) { Value = span });
        return $"{Now} + @{name}";
    }

    public override void AddMoment(DbCommand command, string name, DateTimeOffset? value) =>
        command.Add(name, DbType.DateTimeOffset, value?.ToUniversalTime());

    public override void AddDate(DbCommand command, string name, DateOnly? value) => command.Add(name, DbType.Date, value);

    public override void AddBool(DbCommand command, string name, bool value) => command.Add(name, DbType.Boolean, value);

    public override string In(DbCommand command, string column, string name, IReadOnlyList<string> values)
    {
        ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return $"{column} = ANY(@{name})";
    }

    public override DateTimeOffset GetMoment(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override DateOnly GetDate(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

    /// <summary>
    /// Runs write work in one transaction (READ COMMITTED) on its own connection: committed when the work returns,
    /// rolled back when it throws. A deadlock the server broke or a serialization failure rolls the whole transaction
    /// back, so the work is run again from the start (a few times). Under a fence, the lease row is locked
    /// <c>FOR SHARE</c> first, so whoever takes the lease over waits for this write (H-7).
    /// </summary>
    private async Task<T> RunWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, WriteFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        fence?.ThrowIfLost();
        return await WriteRetry.ExecuteAsync(
            async ct =>
            {
                await using var connection = await connections.OpenAsync(ct).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
                if (fence is not null)
                {
                    await SqlPipelineLeases.CheckFenceAsync(connection, transaction, fence, ForShare, ct).ConfigureAwait(false);
                }

                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return result;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
