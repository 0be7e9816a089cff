using Npgsql;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// Hands out connections of one pool (an <see cref="NpgsqlDataSource"/>) and runs write work in one transaction
/// (READ COMMITTED): committed when the work returns, rolled back when it throws. A deadlock the server broke or a
/// serialization failure rolls the whole transaction back, so the work is run again from the start (a few times).
/// </summary>
public sealed class PostgresConnectionFactory : IAsyncDisposable, IDisposable
{
    private const int Attempts = 5;

    private readonly NpgsqlDataSource dataSource;

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
        dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Where the database is (host, port, database; never the password), for messages.</summary>
    public string Description { get; }

    /// <summary>Opens a connection from the pool.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Runs read-only work on its own connection.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The work's result.</returns>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    /// <summary>Runs write work in one transaction on its own connection, again when the server broke a deadlock.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work; every command it runs must use the transaction it is given. It may run more than once.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The work's result.</returns>
    /// <remarks>Under a <see cref="WriteFence"/> (work of a leased pipeline), the lease is checked first, in the same transaction (H-7).</remarks>
    public Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, WriteFence.Current, cancellationToken);

    /// <summary>Runs write work without the lease check: the leases' own writes.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work; it may run more than once.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The work's result.</returns>
    internal Task<T> WriteUnfencedAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, null, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, WriteFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        fence?.ThrowIfLost();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                if (fence is not null)
                {
                    await PostgresPipelineLeases.CheckFenceAsync(connection, transaction, fence, cancellationToken).ConfigureAwait(false);
                }

                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException e) when (attempt < Attempts && IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * attempt * Random.Shared.Next(1, 5)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();

    private static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;
}
