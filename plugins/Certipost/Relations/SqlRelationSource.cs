using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// Reads relations with a SQL query through ADO.NET (<see cref="DbProviderFactory"/>, <see cref="DbConnection"/>,
/// <see cref="DbCommand"/>), so any provider registered with <see cref="DbProviderFactories"/> works the same way.
/// Microsoft.Data.Sqlite ships with the plugin and is registered under its invariant name.
/// </summary>
internal sealed class SqlRelationSource(DbProviderFactory factory, string connectionString, string query, TimeSpan timeout, RelationColumns columns)
    : IRelationSource
{
    /// <summary>The invariant name of the provider that ships with the plugin.</summary>
    public const string SqliteProvider = "Microsoft.Data.Sqlite";

    /// <summary>Finds a provider by its invariant name.</summary>
    public static DbProviderFactory ResolveProvider(string invariantName)
    {
        if (string.Equals(invariantName, SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            return SqliteFactory.Instance;
        }

        return DbProviderFactories.TryGetFactory(invariantName, out var factory) && factory is not null
            ? factory
            : throw new RelationSourceException(
                $"The ADO.NET provider '{invariantName}' is not registered. Known: {string.Join(", ", DbProviderFactories.GetProviderInvariantNames().Append(SqliteProvider).Distinct())}.");
    }

    /// <summary>For SQLite: a relative <c>Data Source</c> is taken from the configuration file's folder.</summary>
    public static string ResolveSqlitePath(DbProviderFactory factory, string connectionString, Func<string, string> resolvePath)
    {
        if (factory is not SqliteFactory)
        {
            return connectionString;
        }

        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource.Length > 0 && builder.DataSource != ":memory:" && !builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            builder.DataSource = resolvePath(builder.DataSource);
        }

        return builder.ConnectionString;
    }

    public async Task<IReadOnlyList<Relation>> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = factory.CreateConnection()
            ?? throw new RelationSourceException($"The ADO.NET provider {factory.GetType().Name} cannot create connections.");
        await using (connection.ConfigureAwait(false))
        {
            connection.ConnectionString = connectionString;
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw new RelationSourceException($"Cannot open the accounting package's database: {e.Message}", e);
            }

            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = query;
                command.CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds);
                DbDataReader reader;
                try
                {
                    reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (DbException e)
                {
                    throw new RelationSourceException($"The relation query failed: {e.Message}", e);
                }

                await using (reader.ConfigureAwait(false))
                {
                    return await ReadRowsAsync(reader, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<IReadOnlyList<Relation>> ReadRowsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var ordinals = new Dictionary<RelationField, int>();
        var missing = new List<string>();
        foreach (var (field, column) in columns.Configured())
        {
            var index = names.FindIndex(n => string.Equals(n, column, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                missing.Add($"'{column}' ({CertipostNames.Label(field)})");
            }
            else
            {
                ordinals[field] = index;
            }
        }

        if (missing.Count > 0)
        {
            throw new RelationSourceException(
                $"The relation query's result lacks column{(missing.Count == 1 ? string.Empty : "s")} {string.Join(", ", missing)}. It has: {string.Join(", ", names.Select(n => $"'{n}'"))}. Name them with AS in the query or change 'columns'.");
        }

        var relations = new RelationListBuilder(columns.Number, row => $"Row {row} of the relation query's result", (first, row) => $"Rows {first} and {row} of the relation query's result");
        var row = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            row++;
            string Field(RelationField field) =>
                ordinals.TryGetValue(field, out var i) && !reader.IsDBNull(i)
                    ? Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)?.Trim() ?? string.Empty
                    : string.Empty;
            relations.Add(Field, row);
        }

        return relations.Relations;
    }
}
