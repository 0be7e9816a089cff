using Npgsql;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// Hands out connections of one pool (an <see cref="NpgsqlDataSource"/>); <see cref="PostgresDialect"/> runs the
/// transactions on them.
/// </summary>
public sealed class PostgresConnectionFactory : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates a factory (and its own pool) for one connection string.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public PostgresConnectionFactory(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "ConnectorHost";
        }

        Description = $"{builder.Host}:{builder.Port}/{builder.Database}";
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Where the database is (host, port, database; never the password), for messages.</summary>
    public string Description { get; }

    /// <summary>Opens a connection from the pool.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();
}
