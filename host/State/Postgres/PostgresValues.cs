using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// How values are written to and read from PostgreSQL: moments as <c>timestamptz</c> (microseconds, UTC), dates as
/// <c>date</c>, enums by name as text, <c>null</c> as SQL NULL with its type given, so that the server never has
/// to guess a parameter's type.
/// </summary>
internal static class PostgresValues
{
    /// <summary>
    /// "Now" in SQL: the moment the store was given (tests' fixed clock), or else the database's clock, the one
    /// clock every host sharing the database agrees on. <c>now()</c> is the start of the transaction: one moment
    /// for every row a transaction writes.
    /// </summary>
    public const string Now = "COALESCE(@now, now())";

    /// <summary>Adds the <c>@now</c> parameter of <see cref="Now"/>.</summary>
    public static void AddNow(this NpgsqlCommand command, TimeProvider? clock) =>
        command.Parameters.AddNow(clock);

    /// <summary>Adds the <c>@now</c> parameter of <see cref="Now"/>.</summary>
    public static void AddNow(this NpgsqlParameterCollection parameters, TimeProvider? clock) =>
        parameters.Add("now", NpgsqlDbType.TimestampTz, clock?.GetUtcNow());

    public static void Add(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value) =>
        command.Parameters.Add(name, type, value);

    public static void Add(this NpgsqlParameterCollection parameters, string name, NpgsqlDbType type, object? value) =>
        parameters.Add(new NpgsqlParameter(name, type)
        {
            Value = value switch
            {
                null => DBNull.Value,
                DateTimeOffset moment => moment.ToUniversalTime(),
                _ => value,
            },
        });

    public static void AddText(this NpgsqlCommand command, string name, string? value) => command.Add(name, NpgsqlDbType.Text, value);

    public static void AddBigint(this NpgsqlCommand command, string name, long? value) => command.Add(name, NpgsqlDbType.Bigint, value);

    public static void AddInteger(this NpgsqlCommand command, string name, int value) => command.Add(name, NpgsqlDbType.Integer, value);

    public static void AddMoment(this NpgsqlCommand command, string name, DateTimeOffset? value) => command.Add(name, NpgsqlDbType.TimestampTz, value);

    /// <summary>Creates a command on a connection, in a transaction when one is given.</summary>
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
        new(sql, connection, transaction);

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset GetMoment(this NpgsqlDataReader reader, int ordinal) =>
        reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? NullableMoment(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateOnly? NullableDate(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);

    public static TEnum GetEnum<TEnum>(this NpgsqlDataReader reader, int ordinal)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(reader.GetString(ordinal), ignoreCase: false);

    /// <summary>Adds one text array parameter of the values' names, for <c>= ANY(@name)</c>.</summary>
    public static void AddNames<T>(this NpgsqlCommand command, string name, IReadOnlyList<T> values)
        where T : struct, Enum =>
        command.Add(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values.Select(v => v.ToString()).ToArray());

    /// <summary>Escapes <c>%</c>, <c>_</c> and <c>\</c> for a <c>LIKE … ESCAPE '\'</c> pattern.</summary>
    public static string LikeContains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
                  .Replace("%", "\\%", StringComparison.Ordinal)
                  .Replace("_", "\\_", StringComparison.Ordinal) + "%";

    public static int ToInt32(object? value) => Convert.ToInt32(value, CultureInfo.InvariantCulture);
}
