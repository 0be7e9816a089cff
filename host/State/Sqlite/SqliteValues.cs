using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// How values are written to and read from SQLite: moments as fixed-width ISO-8601 UTC text (so that text order
/// is time order), dates as <c>yyyy-MM-dd</c>, enums by name, <c>null</c> as SQL NULL.
/// </summary>
internal static class SqliteValues
{
    private const string MomentFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const string DateFormat = "yyyy-MM-dd";

    public static string Moment(DateTimeOffset value) =>
        value.UtcDateTime.ToString(MomentFormat, CultureInfo.InvariantCulture);

    public static string? Moment(DateTimeOffset? value) => value is { } v ? Moment(v) : null;

    public static DateTimeOffset ParseMoment(string text) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(text, MomentFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public static string? Date(DateOnly? value) =>
        value?.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) =>
        DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Adds a parameter; <c>null</c> becomes SQL NULL.</summary>
    public static void Add(this SqliteCommand command, string name, object? value) =>
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);

    /// <summary>Creates a command on a connection, in a transaction when one is given.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? NullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset GetMoment(this SqliteDataReader reader, int ordinal) =>
        ParseMoment(reader.GetString(ordinal));

    public static DateTimeOffset? NullableMoment(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseMoment(reader.GetString(ordinal));

    public static DateOnly? NullableDate(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ParseDate(reader.GetString(ordinal));

    public static TEnum GetEnum<TEnum>(this SqliteDataReader reader, int ordinal)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(reader.GetString(ordinal), ignoreCase: false);

    /// <summary>
    /// Adds one parameter per value (named <paramref name="prefix"/>0, 1, …) and returns the SQL list
    /// <c>(@p0, @p1, …)</c> for an <c>IN</c> clause. Only parameter names enter the SQL text.
    /// </summary>
    public static string AddList<T>(this SqliteCommand command, string prefix, IReadOnlyList<T> values, Func<T, object?> convert)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i.ToString(CultureInfo.InvariantCulture);
            command.Add(names[i], convert(values[i]));
        }

        return "(" + string.Join(", ", names) + ")";
    }

    /// <summary>Escapes <c>%</c>, <c>_</c> and <c>\</c> for a <c>LIKE … ESCAPE '\'</c> pattern.</summary>
    public static string LikeContains(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal)
                  .Replace("%", "\\%", StringComparison.Ordinal)
                  .Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
