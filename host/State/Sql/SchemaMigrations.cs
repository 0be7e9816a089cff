using System.Data.Common;
using System.Globalization;

namespace ConnectorHost.State.Sql;

/// <summary>One migration script of a provider's schema.</summary>
/// <param name="Version">Its number: 1, 2, 3, … without gaps.</param>
/// <param name="Description">What it does, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements.</param>
internal abstract record SchemaMigration(int Version, string Description, string Sql);

/// <summary>
/// What the migration runners of both databases do alike: check that a list of scripts runs 1, 2, 3, …, read the
/// version a database has, and apply the missing scripts in order inside the caller's transaction, recording each
/// in <c>schema_version</c>. How the transaction is had (and locked, and backed up) stays with each provider.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Checks that the versions run 1, 2, 3, … without gaps.</summary>
    /// <typeparam name="T">The provider's migration.</typeparam>
    /// <param name="migrations">The scripts.</param>
    /// <returns>The scripts.</returns>
    /// <exception cref="ArgumentException">A version is out of place.</exception>
    public static IReadOnlyList<T> Checked<T>(IReadOnlyList<T> migrations)
        where T : SchemaMigration
    {
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException(
                    $"Migration {i + 1} has version {migrations[i].Version}: versions must run 1, 2, 3, … without gaps.", nameof(migrations));
            }
        }

        return migrations;
    }

    /// <summary>The highest version recorded in <c>schema_version</c> (0 when none).</summary>
    public static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT COALESCE(MAX(version), 0) FROM schema_version;", transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Applies the scripts newer than the database's version, in order, in the caller's transaction; refuses a database
    /// newer than the newest script.
    /// </summary>
    /// <param name="db">The dialect (for "now").</param>
    /// <param name="connection">The connection.</param>
    /// <param name="transaction">The migration's transaction.</param>
    /// <param name="migrations">Every script, checked by <see cref="Checked"/>.</param>
    /// <param name="tooNew">The error of a database of a newer version.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The newest version.</returns>
    public static async Task<int> ApplyMissingAsync(
        SqlDialect db,
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyList<SchemaMigration> migrations,
        Func<int, Exception> tooNew,
        CancellationToken cancellationToken)
    {
        var current = await CurrentVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        if (current > migrations.Count)
        {
            throw tooNew(current);
        }

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await ApplyScriptAsync(connection, transaction, migration, cancellationToken).ConfigureAwait(false);
            using var record = connection.Command(
                $"INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, {db.Now});",
                transaction);
            record.AddInteger("@version", migration.Version);
            record.AddText("@description", migration.Description);
            db.AddNow(record);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return migrations.Count;
    }

    /// <summary>
    /// Runs every statement of a script, stepping through the results so that the error of any statement comes
    /// out: ExecuteNonQuery in Microsoft.Data.Sqlite 10.0.1 swallows the errors of the statements after one that
    /// returns rows (dotnet/efcore#32740).
    /// </summary>
    private static async Task ApplyScriptAsync(
        DbConnection connection, DbTransaction transaction, SchemaMigration migration, CancellationToken cancellationToken)
    {
        using var apply = connection.Command(migration.Sql, transaction);
        using var reader = await apply.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
    }
}
