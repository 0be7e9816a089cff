using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Mail;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Pipelines;

/// <summary>One run of a sync pipeline: runs the task and acts on its result.</summary>
internal sealed partial class SyncPipelineRunner(
    string name,
    ISyncTask task,
    IMailer mailer,
    IAuditLog audit,
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
                using (logger.BeginScope(new Dictionary<string, object> { ["Dossier"] = instruction.Dossier }))
                {
                    LogInstruction(name, instruction.Dossier, instruction.Severity, instruction.Text);
                }

                await audit.WriteAsync(new AuditEntry($"pipeline:{name}", "instruction-created", $"dossier:{instruction.Dossier}", $"{instruction.Severity} {instruction.Cause}: {instruction.Text}"), cancellationToken).ConfigureAwait(false);
                await mailer.SendAsync(MailTemplates.InstructionCreated, InstructionCreatedMail.From(instruction, clock.GetLocalNow().DateTime), null, cancellationToken).ConfigureAwait(false);
                return (RunOutcome.PartlyFailed, result.Summary);
            default:
                return (RunOutcome.Succeeded, result.Summary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pipeline {Pipeline} hit a passing failure: {Reason}. It is tried again at the next run.")]
    private partial void LogTransient(string pipeline, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pipeline {Pipeline} needs a person for dossier {Dossier} ({Severity}): {Instruction}")]
    private partial void LogInstruction(string pipeline, string dossier, InstructionSeverity severity, string instruction);
}
