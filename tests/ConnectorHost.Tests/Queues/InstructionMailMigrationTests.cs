using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;
using ConnectorHost.Queues;
using ConnectorHost.State.Postgres;
using ConnectorHost.State.Sqlite;
using ConnectorHost.Testing;
using ConnectorHost.Tests.State;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Queues;

/// <summary>
/// H-8, one "mailed once" mark for every instruction: a database of a host before schema step 6, whose queue kept its
/// marks in <c>accountingtasks.mailed</c> (key <c>queue:id</c>), is migrated so that nothing is mailed again, and the
/// queue's instructions made after the upgrade are mailed once through the same path as a sync pipeline's.
/// </summary>
public abstract class InstructionMailMigrationTests : StateStoreContract
{
    private const string Queue = "accounting-tasks";

    [Fact]
    [Trait("Req", "H-8")]
    public async Task An_instruction_the_queue_mailed_before_the_upgrade_is_not_mailed_again_and_a_new_one_is_mailed_once()
    {
        await CreateSchemaVersion5Async();
        var old = Db.Open(); // the schema of the host before step 6
        var handler = new ScriptedHandler();
        handler.Offered.Add(new NewTask(Queue, "A1", "A", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        handler.Offered.Add(new NewTask(Queue, "B1", "B", "run", "{}", TempStateDatabase.Start.AddHours(-1)));
        handler.Run = (task, _) => Task.FromResult(task.ExternalId == "A1"
            ? QueueTaskResult.Failed(new Instruction("A", InstructionSeverity.Orange, "Boekjaar 2023 is afgesloten: heropen de periode.", "wrong-period"))
            : QueueTaskResult.Done());
        var oldMailer = Mailer();
        await using (var runner = Runner(old, handler, oldMailer))
        {
            await runner.RunAsync(CancellationToken.None);
        }

        oldMailer.Sent.ShouldHaveSingleItem();
        var mailed = (await old.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        // What the host before step 6 left: the queue's own mark, under its own name and key.
        var id = mailed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await old.Records.DeleteAsync(InstructionMailOnce.Collection, id, CancellationToken.None)).ShouldBeTrue();
        await old.Records.PutAsync(new StoredRecord("accountingtasks.mailed", $"{Queue}:{id}", "mailed", "A"), CancellationToken.None);

        var upgraded = await Db.OpenMigratedAsync();

        (await upgraded.Records.ListAsync("accountingtasks.mailed", CancellationToken.None)).ShouldBeEmpty();
        (await upgraded.Records.GetAsync(InstructionMailOnce.Collection, id, CancellationToken.None)).ShouldNotBeNull().Data.ShouldBe("A");
        handler.Run = (task, _) => Task.FromResult(QueueTaskResult.Failed(new Instruction(task.Dossier, InstructionSeverity.Red, "De database gaf een fout: support moet ingrijpen.", "database-error")));
        handler.Offered.Add(new NewTask(Queue, "C1", "C", "run", "{}", TempStateDatabase.Start));
        var mailer = Mailer();
        await using (var runner = Runner(upgraded, handler, mailer))
        {
            (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("1 failed with an instruction, 1 instruction mails");
            (await runner.RunAsync(CancellationToken.None)).Summary.ShouldEndWith("0 instruction mails");
        }

        mailer.Sent.ShouldHaveSingleItem().Subject.ShouldBe("[red] Support needed for dossier C");
    }

    /// <summary>Makes the database as a host before schema step 6 left it.</summary>
    protected abstract Task CreateSchemaVersion5Async();

    private static RecordingMailer Mailer() => new(Path.Combine(RepoRoot.Find(), "config", "templates"));

    private QueueRunner Runner(IStateStore store, IQueueTaskHandler handler, RecordingMailer mailer) =>
        new(handler, new QueueSettings { Workers = 1, FirstReminderDate = new DateOnly(2023, 11, 6) }, new TestComponentContext(store, Db.Clock, Queue, mail: mailer));
}

public sealed class SqliteInstructionMailMigrationTests : InstructionMailMigrationTests
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => Task.FromResult<IStateTestDatabase>(new TempStateDatabase());

    protected override async Task CreateSchemaVersion5Async() =>
        (await new SqliteMigrations(new SqliteConnectionFactory(((TempStateDatabase)Db).Path), Db.Clock, [.. SqliteSchema.Migrations.Take(5)]).MigrateAsync(CancellationToken.None)).ShouldBe(5);
}

public sealed class PostgresInstructionMailMigrationTests(PostgresTestServer server) : InstructionMailMigrationTests, IClassFixture<PostgresTestServer>
{
    protected override Task<IStateTestDatabase> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override async Task CreateSchemaVersion5Async() =>
        (await new PostgresMigrations(new PostgresConnectionFactory(((TempPostgresDatabase)Db).ConnectionString), Db.Clock, [.. PostgresSchema.Migrations.Take(5)]).MigrateAsync(CancellationToken.None)).ShouldBe(5);
}
