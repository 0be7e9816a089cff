using System.Data;
using System.Data.Common;
using ConnectorHost.State.Sql;
using Npgsql;
using NpgsqlTypes;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// PostgreSQL for the shared repositories: a pool shared with other hosts, READ COMMITTED write transactions run
/// again after a deadlock, "now" the database's clock (<c>now()</c>, the start of the transaction) unless the store
/// was given a clock, moments as <c>timestamptz</c>, real booleans and dates, lists as arrays, row locks.
/// </summary>
internal sealed class PostgresDialect(PostgresConnectionFactory connections, TimeProvider? clock) : SqlDialect
{
    /// <summary>
    /// "Now" in SQL: the moment the store was given (tests' fixed clock), or else the database's clock, the one
    /// clock every host sharing the database agrees on. <c>now()</c> is the start of the transaction: one moment
    /// for every row a transaction writes.
    /// </summary>
    public override string Now => "COALESCE(@now, now())";

    public override string Like => "ILIKE";

    public override string InsertionOrder => "seq";

    public override string ForUpdate => " FOR UPDATE";

    public override string ForShare => " FOR SHARE";

    public override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public override Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        connections.ReadAsync(connection => work(connection), cancellationToken);

    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        connections.WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public override Task<T> WriteUnfencedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        connections.WriteUnfencedAsync((connection, transaction) => work(connection, transaction), cancellationToken);

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
}
