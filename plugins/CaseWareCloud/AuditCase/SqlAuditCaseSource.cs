using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Plugins.CaseWareCloud.AuditCase;

/// <summary>
/// Reads the clients and contact persons with two SQL queries through ADO.NET, so any provider registered with
/// <see cref="DbProviderFactories"/> works the same way; Microsoft.Data.Sqlite ships with the plugin. The columns are
/// found by name, case-insensitive (the JSON export's property names); a missing text column is empty.
/// </summary>
internal sealed class SqlAuditCaseSource(DbProviderFactory factory, string connectionString, string clientsQuery, string contactsQuery, TimeSpan timeout)
    : IAuditCaseSource
{
    public const string SqliteProvider = "Microsoft.Data.Sqlite";

    public static DbProviderFactory ResolveProvider(string invariantName)
    {
        if (string.Equals(invariantName, SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            return SqliteFactory.Instance;
        }

        return DbProviderFactories.TryGetFactory(invariantName, out var found) && found is not null
            ? found
            : throw new AuditCaseSourceException(
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

    /// <summary>A database says nothing about its changes without being read: every run reads it.</summary>
    public Task<string?> VersionAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<AuditCaseExport> ReadAsync(CancellationToken cancellationToken)
    {
        var connection = factory.CreateConnection()
            ?? throw new AuditCaseSourceException($"The ADO.NET provider {factory.GetType().Name} cannot create connections.");
        await using (connection.ConfigureAwait(false))
        {
            connection.ConnectionString = connectionString;
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw new AuditCaseSourceException($"Cannot open AuditCase's database: {e.Message}", e);
            }

            var builder = new AuditCaseListBuilder();
            await QueryAsync(connection, clientsQuery, "clients query", ["clientNumber"], (row, origin) => builder.Add(new AuditCaseClient
            {
                ClientNumber = row("clientNumber"),
                Name = row("name"),
                Kind = row("kind"),
                Status = row("status"),
                Address = row("address"),
                PostalCode = row("postalCode"),
                City = row("city"),
                Country = row("country"),
                Phone = row("phone"),
                Email = row("email"),
                Website = row("website"),
                Facebook = row("facebook"),
                Twitter = row("twitter"),
                LinkedIn = row("linkedIn"),
                Link = Switch(row("linkWithCaseWareCloud"), origin),
                Origin = origin,
            }), cancellationToken).ConfigureAwait(false);
            await QueryAsync(connection, contactsQuery, "contacts query", ["id", "clientNumber"], (row, origin) => builder.Add(new AuditCaseContact
            {
                Id = row("id"),
                ClientNumber = row("clientNumber"),
                FirstName = row("firstName"),
                Infix = row("infix"),
                LastName = row("lastName"),
                Initials = row("initials"),
                Email = row("email"),
                Phone = row("phone"),
                Mobile = row("mobile"),
                Link = Switch(row("linkWithCaseWareCloud"), origin),
                Origin = origin,
            }), cancellationToken).ConfigureAwait(false);
            return builder.Build();
        }
    }

    private static bool Switch(string value, string origin) =>
        LinkSwitch.Parse(value) ?? throw new AuditCaseSourceException($"{origin}: linkWithCaseWareCloud is '{value}'; use 1/0, true/false or Ja/Nee.");

    private async Task QueryAsync(DbConnection connection, string query, string what, string[] required, Action<Func<string, string>, string> add, CancellationToken cancellationToken)
    {
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
                throw new AuditCaseSourceException($"The AuditCase {what} failed: {e.Message}", e);
            }

            await using (reader.ConfigureAwait(false))
            {
                var ordinals = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => i, StringComparer.OrdinalIgnoreCase);
                var missing = required.Where(r => !ordinals.ContainsKey(r)).ToList();
                if (missing.Count > 0)
                {
                    throw new AuditCaseSourceException(
                        $"The AuditCase {what}'s result lacks {string.Join(", ", missing.Select(m => $"'{m}'"))}. It has: {string.Join(", ", ordinals.Keys.Select(n => $"'{n}'"))}. Name the columns with AS in the query.");
                }

                var row = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    row++;
                    string Field(string name) =>
                        ordinals.TryGetValue(name, out var i) && !reader.IsDBNull(i)
                            ? Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)?.Trim() ?? string.Empty
                            : string.Empty;
                    add(Field, $"Row {row} of the {what}");
                }
            }
        }
    }
}
