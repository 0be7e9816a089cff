using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// The prepared statements of one open connection, reused by SQL text. Microsoft.Data.Sqlite keeps a statement
/// prepared only for the life of its command object (dotnet/efcore#14044), and every repository method creates its
/// command anew, so each call parses and plans its SQL again. The group commit's connection runs the same few
/// statements (the ledger's insert and update, the savepoints) for every document; with this cache it prepares each
/// once per burst of work. A command is lent to one caller at a time and comes back when the caller disposes it; a
/// statement already lent out, or one past <see cref="MaxStatements"/>, is an ordinary command.
/// </summary>
internal sealed class SqliteStatementCache : IDisposable
{
    /// <summary>At most this many statements are kept prepared (the hot writes are a handful).</summary>
    private const int MaxStatements = 32;

    private static readonly ConditionalWeakTable<DbConnection, SqliteStatementCache> Caches = [];

    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, ReusableCommand> _commands = new(StringComparer.Ordinal);
    private bool _disposed;

    private SqliteStatementCache(SqliteConnection connection) => _connection = connection;

    /// <summary>Keeps the statements of <paramref name="connection"/> prepared until the cache is disposed.</summary>
    public static SqliteStatementCache Attach(SqliteConnection connection)
    {
        var cache = new SqliteStatementCache(connection);
        Caches.AddOrUpdate(connection, cache);
        return cache;
    }

    /// <summary>A prepared command for <paramref name="sql"/> when the connection has a cache and the statement is free; otherwise <c>null</c>.</summary>
    public static DbCommand? TryRent(DbConnection connection, string sql, DbTransaction? transaction) =>
        Caches.TryGetValue(connection, out var cache) ? cache.Rent(sql, transaction as SqliteTransaction) : null;

    /// <summary>Finalizes every statement (after a failed statement, whose state is not trusted again).</summary>
    public void Forget()
    {
        foreach (var command in _commands.Values)
        {
            command.Discard();
        }

        _commands.Clear();
    }

    public void Dispose()
    {
        _disposed = true;
        Caches.Remove(_connection);
        Forget();
    }

    private ReusableCommand? Rent(string sql, SqliteTransaction? transaction)
    {
        if (_disposed)
        {
            return null;
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxStatements)
            {
                return null;
            }

            command = new ReusableCommand(sql, _connection);
            _commands.Add(sql, command);
        }
        else if (command.Lent)
        {
            return null;
        }

        command.Lent = true;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>A command whose <see cref="IDisposable.Dispose"/> hands it back with its statements still prepared.</summary>
    private sealed class ReusableCommand(string sql, SqliteConnection connection) : SqliteCommand(sql, connection)
    {
        private bool _discarded;

        public bool Lent { get; set; }

        /// <summary>Disposes the command for good.</summary>
        public void Discard()
        {
            _discarded = true;
            Dispose();
        }

#pragma warning disable CA2215 // handed back, not disposed: the base is disposed by Discard
        protected override void Dispose(bool disposing)
        {
            if (disposing && !_discarded)
            {
                Parameters.Clear(); // every parameter is bound anew by the next caller; a missing one fails loudly
                Transaction = null;
                Lent = false;
                return;
            }

            base.Dispose(disposing);
        }
#pragma warning restore CA2215
    }
}
