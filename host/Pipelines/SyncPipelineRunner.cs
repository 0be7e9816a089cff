using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>
/// One run of a sync pipeline: runs the task and acts on its result. A run that needs a person (H-8) becomes a
/// stored instruction with the pipeline as its subject, one per pipeline and cause while it is open: on the
/// monitoring page, resolvable from the dashboard and the command line, audited and mailed once (a mail that could
/// not go out is tried again at the next run that needs the person).
/// </summary>
internal sealed partial class SyncPipelineRunner(
    string name,
    ISyncTask task,
    IMailer mailer,
    IStateStore state,
    TimeProvider clock,
    ILogger<SyncPipelineRunner> logger) : IPipelineRunner
{
    public string Name => name;

    public IDisposable? Watch(Action wake) => null;

    public async Task<(RunOutcome Outcome, string Summary)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var result = await task.RunAsync(cancellationToken).ConfigureAwait(false);
        switch (result.Kind)
        {
            case SyncResultKind.Transient:
                LogTransient(name, result.Summary);
                return (RunOutcome.Failed, result.Summary);
            case SyncResultKind.NeedsInstruction when result.Instruction is { } instruction:
                var recorded = await state.Instructions.RecordAsync(name, instruction, cancellationToken).ConfigureAwait(false);
                using (logger.BeginScope(new Dictionary<string, object> { ["Dossier"] = instruction.Dossier }))
                {
                    if (recorded.IsNew)
                    {
                        LogInstruction(name, recorded.Id, instruction.Dossier, instruction.Severity, instruction.Text);
                        await state.Audit.WriteAsync(
                            new AuditEntry($"pipeline:{name}", "instruction-created", $"dossier:{instruction.Dossier}", $"instruction {recorded.Id}: {instruction.Severity} {instruction.Cause}: {instruction.Text}"),
                            cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        LogStillOpen(name, recorded.Id, instruction.Cause);
                    }
                }

                await MailOnceAsync(recorded.Id, instruction, cancellationToken).ConfigureAwait(false);
                return (RunOutcome.PartlyFailed, $"{result.Summary} (instruction {recorded.Id})");
            default:
                return (RunOutcome.Succeeded, result.Summary);
        }
    }

    private Task MailOnceAsync(long id, Instruction instruction, CancellationToken cancellationToken) =>
        InstructionMailOnce.MailAsync(state, mailer, id, instruction, clock.GetLocalNow().DateTime, null, cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} hit a passing failure: {Reason}. It is tried again at the next run.")]
    private partial void LogTransient(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} needs a person for dossier {Dossier} ({Severity}): {Instruction}. Instruction {Id} is on the monitoring page; resolve it there or with 'connectorhost resolve {Id}' once done.")]
    private partial void LogInstruction(string pipeline, long id, string dossier, InstructionSeverity severity, string instruction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} still needs a person ({Cause}): instruction {Id} is still open, so no new instruction is made and its mail is not repeated. Resolve it once done.")]
    private partial void LogStillOpen(string pipeline, long id, string cause);
}
