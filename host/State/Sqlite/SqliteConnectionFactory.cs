using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// Opens one connection per unit of work on one database file, with the settings every connection needs
/// (busy timeout, foreign keys, full sync), and runs write work inside <c>BEGIN IMMEDIATE</c> transactions so
/// that concurrent writers queue on the busy timeout instead of failing when a read lock cannot be upgraded.
/// </summary>
public sealed class SqliteConnectionFactory
{
    /// <summary>How long a connection waits for another writer before SQLite reports it busy.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The page cache of each connection, in KB.</summary>
    public const int CacheKilobytes = 1024;

    // One command per pragma: in Microsoft.Data.Sqlite 10.0.1, once a statement of a multi-statement command
    // returns rows (PRAGMA busy_timeout = n does), the errors of the statements after it are swallowed
    // (dotnet/efcore#32740).
    private static readonly string[] ConnectionPragmas =
    [
        $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};",
        "PRAGMA foreign_keys = ON;",
        "PRAGMA synchronous = FULL;",

        // 1 MB of pages per connection instead of SQLite's 2 MB: the pool holds a connection per unit of work that ran
        // at once (21 in the office bench at scale 1.0), and their caches were native memory beside the GC's (OF-5).
        // A page not in the cache is read from the operating system's file cache; the upper levels of the indexes stay.
        $"PRAGMA cache_size = -{CacheKilobytes};",
    ];

    private static readonly object Prepared = new();

    /// <summary>
    /// The native connections the pragmas were applied to. A pooled connection reopens on the same native handle, which
    /// keeps its pragmas, so they are run once per native connection instead of at every open (three statements less
    /// for every unit of work, the ledger's group commits among them).
    /// </summary>
    private readonly ConditionalWeakTable<object, object> _prepared = [];

    /// <summary>Creates a factory for one database file.</summary>
    /// <param name="databasePath">The database file; relative paths are resolved against the current folder.</param>
    public SqliteConnectionFactory(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The connection string every connection of this factory uses.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Creates the folder of the database file when it is missing (0700), and the empty database file (0600; SQLite
    /// gives its -wal and -shm files the same mode): the state holds the office's clients and is no one else's (FH-8).
    /// </summary>
    public void EnsureFolder()
    {
        var folder = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, Composition.FileModes.OwnerOnlyFolder);
            }
        }

        if (!OperatingSystem.IsWindows() && !File.Exists(DatabasePath))
        {
            try
            {
                using var created = new FileStream(DatabasePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Composition.FileModes.OwnerOnlyFile });
            }
            catch (IOException) when (File.Exists(DatabasePath))
            {
                // created at the same moment by another connection: SQLite opens it as it is
            }
        }
    }

    /// <summary>Opens a new connection with the per-connection settings applied.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The open connection; the caller disposes it.</returns>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (connection.Handle is { } handle && _prepared.TryGetValue(handle, out _))
            {
                return connection;
            }

            foreach (var pragma in ConnectionPragmas)
            {
                using var command = connection.CreateCommand();
                command.CommandText = pragma;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (connection.Handle is { } prepared)
            {
                _prepared.AddOrUpdate(prepared, Prepared);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs read-only work on its own connection.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The work's result.</returns>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await work(connection).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs write work in one <c>BEGIN IMMEDIATE</c> transaction on its own connection: committed when the work
    /// returns, rolled back when it throws. The write lock is held from the start, so a busy database makes the
    /// call wait (up to <see cref="BusyTimeout"/>) at <c>BEGIN</c>, never fail half-way or at <c>COMMIT</c>.
    /// Statements with <c>RETURNING</c> belong in here only: run on their own (autocommit), Microsoft.Data.Sqlite
    /// 10.0.1 can lose a busy commit of such a statement without an error (dotnet/efcore#32740).
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work; every command it runs must use the transaction it is given.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The work's result.</returns>
    /// <remarks>Under a <see cref="WriteFence"/> (work of a leased pipeline), the lease is checked first, in the same transaction (H-7).</remarks>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, WriteFence.Current, cancellationToken);

    /// <summary>Runs write work without the lease check: the leases' own writes.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The work's result.</returns>
    internal Task<T> WriteUnfencedAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, null, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, WriteFence? fence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        fence?.ThrowIfLost();
        using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        if (fence is not null)
        {
            await SqlitePipelineLeases.CheckFenceAsync(connection, transaction, fence, cancellationToken).ConfigureAwait(false);
        }

        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Closes the idle pooled connections of this database (so that its files can be deleted).</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }
}
