using System.Data.Common;

namespace ConnectorHost.State.Sql;

/// <summary>
/// What really differs between the SQL databases the state store runs on: how connections and write transactions
/// are had, what "now" is, how moments, dates and booleans are written and read, lists, case-insensitive search,
/// row locks and the lease fence. The repositories in this folder write their SQL once against it.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>"Now" in SQL; every command that uses it gets its parameters from <see cref="AddNow"/>.</summary>
    public abstract string Now { get; }

    /// <summary>Case-insensitive <c>LIKE</c> of ASCII letters.</summary>
    public abstract string Like { get; }

    /// <summary>The column of the documents' insertion order.</summary>
    public abstract string InsertionOrder { get; }

    /// <summary>Appended to a <c>SELECT</c> that locks its rows for this transaction's update, when the database has row locks.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Appended to a <c>SELECT</c> that keeps its rows from changing until this transaction ends, when the database has row locks.</summary>
    public abstract string ForShare { get; }

    /// <summary>Appended to a locking <c>SELECT</c> that skips rows another transaction has locked, when the database has row locks.</summary>
    public abstract string SkipLocked { get; }

    /// <summary>The UTC hour of a moment column as text <c>yyyy-MM-ddTHH</c>, for counts by hour (the dashboard's charts).</summary>
    public abstract string HourOf(string column);

    /// <summary>Adds the UTC hour of a moment as the roll-ups keep it (<c>document_counts.hour</c>): its start, minutes and seconds cut off.</summary>
    public abstract void AddHour(DbCommand command, string name, DateTimeOffset moment);

    /// <summary>A text value inside a JSON text column, by its property names (<c>["relation", "name"]</c>).</summary>
    public abstract string JsonText(string column, params string[] path);

    /// <summary>Runs read-only work on its own connection.</summary>
    public abstract Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>
    /// Runs write work in one transaction: committed when the work returns, rolled back when it throws (it may be run
    /// again from the start). Under a <see cref="WriteFence"/>, the lease is checked first in the same transaction (H-7).
    /// </summary>
    public abstract Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs write work without the lease check: the leases' own writes.</summary>
    public abstract Task<T> WriteUnfencedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>Runs one of many small writes made at the same time (the documents' steps), committed together where the database gains by it.</summary>
    public virtual Task<T> WriteGroupedAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, cancellationToken);

    /// <summary>Adds the parameters of <see cref="Now"/>.</summary>
    public abstract void AddNow(DbCommand command);

    /// <summary>Adds what "now plus <paramref name="span"/>" needs and returns its SQL.</summary>
    public abstract string NowPlus(DbCommand command, string name, TimeSpan span);

    /// <summary>Adds a moment (null: SQL NULL).</summary>
    public abstract void AddMoment(DbCommand command, string name, DateTimeOffset? value);

    /// <summary>Adds a date (null: SQL NULL).</summary>
    public abstract void AddDate(DbCommand command, string name, DateOnly? value);

    /// <summary>Adds a boolean.</summary>
    public abstract void AddBool(DbCommand command, string name, bool value);

    /// <summary>Adds the values as a list parameter and returns the SQL condition "<paramref name="column"/> is one of them".</summary>
    public abstract string In(DbCommand command, string column, string name, IReadOnlyList<string> values);

    public abstract DateTimeOffset GetMoment(DbDataReader reader, int ordinal);

    public abstract DateOnly GetDate(DbDataReader reader, int ordinal);

    /// <summary>Reads a boolean column or value (stored as 0/1 where the database has no booleans).</summary>
    public static bool IsTrue(object? value) => value switch
    {
        bool b => b,
        null or DBNull => false,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };

    public DateTimeOffset? NullableMoment(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetMoment(reader, ordinal);

    public DateOnly? NullableDate(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : GetDate(reader, ordinal);
}
