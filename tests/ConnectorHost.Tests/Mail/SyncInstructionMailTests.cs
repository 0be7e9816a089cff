using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;
using ConnectorHost.Pipelines;
using ConnectorHost.Tests.State;
using ConnectorHost.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace ConnectorHost.Tests.Mail;

/// <summary>
/// The instruction mail of a plain sync task (any plugin's, not the accounting queue's): the host's
/// <see cref="SyncPipelineRunner"/> renders the default template and delivers it through a real SMTP server.
/// </summary>
public sealed class SyncInstructionMailTests : IClassFixture<SmtpServerFixture>, IDisposable
{
    private readonly SmtpServerFixture _server;
    private readonly TempStateDatabase _db = new();

    public SyncInstructionMailTests(SmtpServerFixture server) => this._server = server;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_sync_task_that_needs_support_gets_its_instruction_mailed_through_SMTP_and_audited()
    {
        var store = await _db.OpenMigratedAsync();
        var mailer = SmtpTestMailer.Create(_server, Path.GetDirectoryName(_db.Path)!, _db.Clock);
        var instruction = new Instruction("D300", InstructionSeverity.Red, "Relatie 1004 heeft geen btw-nummer: vul het in en verstuur opnieuw.", "missing-vat");
        var runner = new SyncPipelineRunner("certipost", new NeedsSupport(instruction), mailer, store, _db.Clock, NullLogger<SyncPipelineRunner>.Instance);

        var (outcome, _) = await runner.RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(RunOutcome.PartlyFailed);
        using var mail = await MimeMessage.LoadAsync(_server.WaitForSingleMail());
        mail.Subject.ShouldBe("[red] Support needed for dossier D300");
        mail.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("administratie@kantoor.nl");
        mail.TextBody.ShouldNotBeNull().ShouldContain("Relatie 1004 heeft geen btw-nummer: vul het in en verstuur opnieuw.");
        (await store.Audit.ListAsync("dossier:D300", 10, CancellationToken.None)).ShouldContain(e => e.Who == "pipeline:certipost" && e.Action == "instruction-created" && e.Details.Contains("missing-vat", StringComparison.Ordinal));
    }

    /// <summary>The one fake here: a sync task that always needs a person, so the runner's own work is what is tested.</summary>
    private sealed class NeedsSupport(Instruction instruction) : ISyncTask
    {
        public Task<SyncResult> RunAsync(CancellationToken cancellationToken) => Task.FromResult(SyncResult.NeedsPerson(instruction));
    }
}
