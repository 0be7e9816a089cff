using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;
using ConnectorHost.Pipelines;
using ConnectorHost.Tests.State;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace ConnectorHost.Tests.Mail;

/// <summary>
/// H-8, one instruction path: a sync task that needs a person on every run (a wrong key, say) gets one stored
/// instruction with its pipeline as subject, audited and mailed once through a real SMTP server, not one mail per
/// run; once resolved, the next failing run is a new instruction with its own mail.
/// </summary>
public sealed class PipelineInstructionTests : IClassFixture<SmtpServerFixture>, IDisposable
{
    private readonly SmtpServerFixture _server;
    private readonly TempStateDatabase _db = new();

    public PipelineInstructionTests(SmtpServerFixture server) => this._server = server;

    public void Dispose() => _db.Dispose();

    [Fact]
    [Trait("Req", "H-8")]
    public async Task A_run_that_needs_a_person_three_times_is_one_stored_instruction_and_one_mail_until_resolved()
    {
        var store = await _db.OpenMigratedAsync();
        var mailer = SmtpTestMailer.Create(_server, Path.GetDirectoryName(_db.Path)!, _db.Clock);
        var instruction = new Instruction("certipost", InstructionSeverity.Red, "Certipost refuses the API key: put the right key in the configuration.", "certipost-key-refused");
        var runner = new SyncPipelineRunner("certipost-daily", new NeedsSupport(instruction), mailer, store, _db.Clock, NullLogger<SyncPipelineRunner>.Instance);

        for (var run = 0; run < 3; run++)
        {
            (await runner.RunOnceAsync(CancellationToken.None)).Outcome.ShouldBe(RunOutcome.PartlyFailed);
            _db.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        var open = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        open.Instruction.ShouldBe(instruction);
        open.TaskId.ShouldBeNull();
        Mails().ShouldHaveSingleItem();
        using (var mail = await MimeMessage.LoadAsync(Mails()[0]))
        {
            mail.Subject.ShouldBe("[red] Support needed for dossier certipost");
        }

        (await store.Audit.ListAsync("dossier:certipost", 10, CancellationToken.None)).Count(e => e.Action == "instruction-created").ShouldBe(1);

        (await store.Instructions.ResolveAsync(open.Id, "dashboard:anna", CancellationToken.None)).ShouldBeTrue();
        await runner.RunOnceAsync(CancellationToken.None); // the key is still wrong: a new instruction, a new mail

        var again = (await store.Instructions.ListAsync(openOnly: true, CancellationToken.None)).ShouldHaveSingleItem();
        again.Id.ShouldNotBe(open.Id);
        Mails().Length.ShouldBe(2);
    }

    private string[] Mails() => Directory.Exists(_server.NewMailFolder) ? Directory.GetFiles(_server.NewMailFolder) : [];

    /// <summary>The one fake here: a sync task that always needs a person, so the runner's own work is what is tested.</summary>
    private sealed class NeedsSupport(Instruction instruction) : ISyncTask
    {
        public Task<SyncResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(SyncResult.NeedsPerson(instruction));
    }
}
