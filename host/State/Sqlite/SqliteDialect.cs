using System.Data;
using System.Data.Common;
using System.Globalization;
using ConnectorHost.State.Sql;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// SQLite for the shared repositories: one file, every write a <c>BEGIN IMMEDIATE</c> transaction (the documents'
/// steps through a group commit), "now" from the host's clock as a parameter, moments as fixed-width ISO-8601 UTC
/// text (so that text order is time order), dates as <c>yyyy-MM-dd</c>, booleans as 0/1, no row locks (the write
/// transaction holds the database's write lock).
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const string MomentFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string DateFormat = "yyyy-MM-dd";

    private readonly SqliteConnectionFactory _connections;
    private readonly SqliteGroupCommit _group;
    private readonly TimeProvider _clock;

    public SqliteDialect(SqliteConnectionFactory connections, TimeProvider clock)
    {
        this._connections = connections;
        this._clock = clock;
        _group = new SqliteGroupCommit(connections);
    }

    public override string Now => "@now";

    public override string Like => "LIKE";

    public override string InsertionOrder => "rowid";

    public override string HourOf(string column) => $"substr({column}, 1, 13)";

    public override void AddHour(DbCommand command, string name, DateTimeOffset moment) =>
        command.Add(name, DbType.String, moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture));

    public override string JsonText(string column, params string[] path) => $"json_extract({column}, '$.{string.Join('.', path)}')";

    public override string ForUpdate => string.Empty;

    public override string ForShare => string.Empty;

    public override string SkipLocked => string.Empty;

    public override Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken) =>
        _connections.ReadAsync(connection => work(connection), cancellationToken);

    public override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _connections.WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public override Task<T> WriteUnfencedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _connections.WriteUnfencedAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public override Task<T> WriteGroupedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        _group.WriteAsync((connection, transaction) => work(connection, transaction), cancellationToken);

    public override void AddNow(DbCommand command) => AddMoment(command, "@now", _clock.GetUtcNow());

    public override string NowPlus(DbCommand command, string name, TimeSpan span)
    {
        AddMoment(command, "@" + name, _clock.GetUtcNow() + span);
        return "@" + name;
    }

    public override void AddMoment(DbCommand command, string name, DateTimeOffset? value) =>
        command.Add(name, DbType.String, value?.UtcDateTime.ToString(MomentFormat, CultureInfo.InvariantCulture));

    public override void AddDate(DbCommand command, string name, DateOnly? value) =>
        command.Add(name, DbType.String, value?.ToString(DateFormat, CultureInfo.InvariantCulture));

    public override void AddBool(DbCommand command, string name, bool value) => command.Add(name, DbType.Int64, value ? 1L : 0L);

    public override string In(DbCommand command, string column, string name, IReadOnlyList<string> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + name + i.ToString(CultureInfo.InvariantCulture);
            command.AddText(names[i], values[i]);
        }

        return values.Count == 0 ? "0 = 1" : $"{column} IN ({string.Join(", ", names)})";
    }

    public override DateTimeOffset GetMoment(DbDataReader reader, int ordinal) => new(DateTime.SpecifyKind(DateTime.ParseExact(reader.GetString(ordinal), MomentFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public override DateOnly GetDate(DbDataReader reader, int ordinal) => DateOnly.ParseExact(reader.GetString(ordinal), DateFormat, CultureInfo.InvariantCulture);
}
