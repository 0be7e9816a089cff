using System.Data;
using System.Data.Common;

namespace ConnectorHost.State;

/// <summary>Commands, parameters and reads over <see cref="System.Data.Common"/> that every dialect shares.</summary>
internal static class SqlCommands
{
    /// <summary>
    /// Creates a command on a connection, in a transaction when one is given; on a connection that keeps its statements
    /// prepared (<see cref="Sqlite.SqliteStatementCache"/>), one of those.
    /// </summary>
    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        if (Sqlite.SqliteStatementCache.TryRent(connection, sql, transaction) is { } prepared)
        {
            return prepared;
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a typed parameter; <c>null</c> becomes SQL NULL of that type.</summary>
    public static DbParameter Add(this DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static void AddText(this DbCommand command, string name, string? value) => command.Add(name, DbType.String, value);

    public static void AddBigint(this DbCommand command, string name, long? value) => command.Add(name, DbType.Int64, value);

    public static void AddInteger(this DbCommand command, string name, int value) => command.Add(name, DbType.Int32, value);

    public static string? NullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Reads any integer column (SQLite's 64-bit integers, PostgreSQL's <c>integer</c> or <c>bigint</c>).</summary>
    public static int GetCount(this DbDataReader reader, int ordinal) =>
        Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public static TEnum GetEnum<TEnum>(this DbDataReader reader, int ordinal)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(reader.GetString(ordinal), ignoreCase: false);

    /// <summary>Reads every row of a command's result.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>Reads the first row of a command's result, or the default when there is none.</summary>
    public static async Task<T?> ReadFirstAsync<T>(this DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? map(reader) : default;
    }

    /// <summary>Escapes <c>%</c>, <c>_</c> and <c>\</c> for a <c>LIKE … ESCAPE '\'</c> pattern.</summary>
    public static string LikeContains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
                  .Replace("%", "\\%", StringComparison.Ordinal)
                  .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
