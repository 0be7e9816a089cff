using System.Data.Common;
using ConnectorHost.State;
using ConnectorHost.State.Sqlite;
using Microsoft.Data.Sqlite;

namespace ConnectorHost.Tests.State;

/// <summary>The prepared statements the group commit's connection keeps between commits (one class, a real SQLite file).</summary>
public sealed class SqliteStatementCacheTests : IAsyncLifetime
{
    private const string Insert = "INSERT INTO t (id, name) VALUES (@id, @name) RETURNING name;";

    private readonly TempStateDatabase _db = new();
    private SqliteConnection _connection = null!;

    public async Task InitializeAsync()
    {
        var factory = new SqliteConnectionFactory(_db.Path);
        factory.EnsureFolder();
        _connection = await factory.OpenAsync(CancellationToken.None);
        using var create = _connection.Command("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _db.Dispose();
    }

    [Fact]
    public async Task A_statement_handed_back_is_lent_again_prepared_and_runs_with_the_new_parameters()
    {
        using var cache = SqliteStatementCache.Attach(_connection);

        var first = await InsertAsync(1, "een");
        var second = await InsertAsync(2, "twee");

        second.Command.ShouldBeSameAs(first.Command);
        (first.Name, second.Name).ShouldBe(("een", "twee"));
        (await NamesAsync()).ShouldBe(["een", "twee"]);
    }

    [Fact]
    public async Task A_statement_still_in_use_is_not_lent_twice()
    {
        using var cache = SqliteStatementCache.Attach(_connection);

        using var lent = _connection.Command(Insert);
        using var other = _connection.Command(Insert);

        other.ShouldNotBeSameAs(lent);
        SqliteStatementCache.TryRent(_connection, Insert, null).ShouldBeNull();
    }

    [Fact]
    public async Task A_parameter_left_out_on_reuse_fails_loudly_instead_of_keeping_the_last_value()
    {
        using var cache = SqliteStatementCache.Attach(_connection);
        await InsertAsync(1, "een");

        using var command = _connection.Command(Insert);
        command.AddInteger("@id", 2);

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => command.ExecuteNonQueryAsync());
        failure.Message.ShouldContain("@name");
        (await NamesAsync()).ShouldBe(["een"]);
    }

    [Fact]
    public async Task Without_a_cache_and_after_it_is_disposed_every_command_is_a_new_one()
    {
        using (var plain = _connection.Command(Insert))
        using (var again = _connection.Command(Insert))
        {
            again.ShouldNotBeSameAs(plain);
        }

        var cache = SqliteStatementCache.Attach(_connection);
        var lent = (await InsertAsync(1, "een")).Command;
        cache.Dispose();

        SqliteStatementCache.TryRent(_connection, Insert, null).ShouldBeNull();
        using var after = _connection.Command(Insert);
        after.ShouldNotBeSameAs(lent);
    }

    private async Task<(DbCommand Command, string Name)> InsertAsync(int id, string name)
    {
        DbCommand used;
        string returned;
        using (var command = _connection.Command(Insert))
        {
            command.AddInteger("@id", id);
            command.AddText("@name", name);
            returned = (string)(await command.ExecuteScalarAsync())!;
            used = command;
        }

        return (used, returned);
    }

    private async Task<List<string>> NamesAsync()
    {
        using var select = _connection.Command("SELECT name FROM t ORDER BY id;");
        return await select.ReadAllAsync(r => r.GetString(0), CancellationToken.None);
    }
}
