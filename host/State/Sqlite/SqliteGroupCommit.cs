using Microsoft.Data.Sqlite;

namespace ConnectorHost.State.Sqlite;

/// <summary>
/// Group commit: write work that arrives while a transaction is being committed waits for it and then runs, all
/// together, in the next <c>BEGIN IMMEDIATE</c> transaction, each piece inside its own savepoint. A piece that throws
/// rolls back to its savepoint and fails alone; the others commit. Every caller hears back only after the commit is
/// durable, so "recorded before the call" still holds per document, while concurrent documents share one fsync.
/// A piece written under a pipeline's lease (<see cref="WriteFence"/>) checks that lease inside its savepoint.
/// A burst of commits runs on one connection whose statements stay prepared (<see cref="SqliteStatementCache"/>),
/// so the ledger's writes are not parsed again for every document; the connection is closed once no write has come for
/// <see cref="KeepOpenWhileIdle"/>.
/// </summary>
internal sealed class SqliteGroupCommit(SqliteConnectionFactory connections)
{
    /// <summary>How long the writer connection stays open without writes (documents arrive a few milliseconds apart).</summary>
    internal static readonly TimeSpan KeepOpenWhileIdle = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private List<IPiece> _waiting = [];
    private bool _committing;

    /// <summary>The connection the commits run on: touched by the committing loop, or under the gate while none runs.</summary>
    private Writer? _writer;

    /// <summary>Closes the writer once it has been idle for <see cref="KeepOpenWhileIdle"/>.</summary>
    private Timer? _idleClose;

    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        var piece = new Piece<T>(work);
        bool lead;
        lock (_gate)
        {
            _waiting.Add(piece);
            lead = !_committing;
            _committing = true;
        }

        if (lead)
        {
            // The leader commits the first batch on its own thread (SQLite's calls complete synchronously): a write
            // that finds no commit running takes no thread hop, and its result is ready when this returns.
            _ = CommitWhileWaitingAsync(leading: true);
        }

        return piece.Result;
    }

    private async Task CommitWhileWaitingAsync(bool leading)
    {
        var first = true;
        while (true)
        {
            List<IPiece> batch;
            lock (_gate)
            {
                if (_waiting.Count > 0 && leading && !first)
                {
                    // More came while the leader committed: they go on on the thread pool, and the leader's caller goes on.
                    _ = Task.Run(() => CommitWhileWaitingAsync(leading: false), CancellationToken.None);
                    return;
                }

                if (_waiting.Count == 0)
                {
                    _committing = false;
                    if (_writer is not null)
                    {
                        _idleClose ??= new Timer(static state => ((SqliteGroupCommit)state!).CloseIfIdle(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                        _idleClose.Change(KeepOpenWhileIdle, Timeout.InfiniteTimeSpan);
                    }

                    return;
                }

                batch = _waiting;
                _waiting = [];
                first = false;
            }

            try
            {
                var writer = _writer ??= await Writer.OpenAsync(connections).ConfigureAwait(false);
                using (var transaction = writer.Connection.BeginTransaction(deferred: false))
                {
                    foreach (var piece in batch)
                    {
                        await piece.RunAsync(writer, transaction).ConfigureAwait(false);
                    }

                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
#pragma warning disable CA1031 // the commit's failure is every piece's failure; each caller gets it
            catch (Exception ex)
#pragma warning restore CA1031
            {
                CloseWriter(); // a connection whose commit failed is not trusted again
                foreach (var piece in batch)
                {
                    piece.Fail(ex);
                }

                continue;
            }

            foreach (var piece in batch)
            {
                piece.Committed();
            }
        }
    }

    /// <summary>Idle: the connection goes back to the pool, its prepared statements with it.</summary>
    private void CloseIfIdle()
    {
        lock (_gate)
        {
            if (!_committing)
            {
                CloseWriter();
            }
        }
    }

    private void CloseWriter()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private interface IPiece
    {
        Task RunAsync(Writer writer, SqliteTransaction transaction);

        void Fail(Exception failure);

        void Committed();
    }

    private sealed class Piece<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work) : IPiece
    {
        private readonly WriteFence? _fence = WriteFence.Current; // the writer's lease, checked for this piece alone
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _value;
        private Exception? _failure;

        public Task<T> Result => _result.Task;

        public async Task RunAsync(Writer writer, SqliteTransaction transaction)
        {
            var connection = writer.Connection;
            await ExecuteAsync(connection, transaction, "SAVEPOINT piece;").ConfigureAwait(false);
            try
            {
                if (_fence is not null)
                {
                    await SqlitePipelineLeases.CheckFenceAsync(connection, transaction, _fence, CancellationToken.None).ConfigureAwait(false);
                }

                _value = await work(connection, transaction).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, "RELEASE piece;").ConfigureAwait(false);
            }
#pragma warning disable CA1031 // this piece fails alone; its caller gets the exception after the commit
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _failure = ex;
                writer.Statements.Forget(); // a statement that failed is prepared afresh
                await ExecuteAsync(connection, transaction, "ROLLBACK TO piece; RELEASE piece;").ConfigureAwait(false);
            }
        }

        public void Fail(Exception failure) => _result.TrySetException(failure);

        public void Committed()
        {
            if (_failure is not null)
            {
                _result.TrySetException(_failure);
            }
            else
            {
                _result.TrySetResult(_value!);
            }
        }

        private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
        {
            using var command = connection.Command(sql, transaction);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One connection for a burst of group commits, with its statements kept prepared between the commits.</summary>
    private sealed class Writer : IDisposable
    {
        private Writer(SqliteConnection connection)
        {
            Connection = connection;
            Statements = SqliteStatementCache.Attach(connection);
        }

        public SqliteConnection Connection { get; }

        public SqliteStatementCache Statements { get; }

        public static async Task<Writer> OpenAsync(SqliteConnectionFactory connections) =>
            new(await connections.OpenAsync(CancellationToken.None).ConfigureAwait(false));

        public void Dispose()
        {
            Statements.Dispose();
            Connection.Dispose();
        }
    }
}
