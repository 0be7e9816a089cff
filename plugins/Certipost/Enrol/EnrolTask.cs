using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// <c>certipost.enrol</c>: each run recomputes the eligible list and, with <c>autoSend</c>, sends the complete
/// relations. <see cref="Enrolment"/> offers the same operations to code, and the admin commands (list, send,
/// relations, set-status, audit) offer them on the command line and the dashboard.
/// </summary>
public sealed partial class EnrolTask : ISyncTask, IAdminCommands, IDisposable
{
    private readonly CertipostClient _client;
    private readonly bool _autoSend;
    private readonly string _who;
    private readonly ILogger _logger;
    private readonly EnrolTaskCommands _commands;

    internal EnrolTask(CertipostEnrolment enrolment, CertipostClient client, bool autoSend, string who, EnrolTaskCommands commands, ILogger logger)
    {
        _commands = commands;
        Enrolment = enrolment;
        _client = client;
        _autoSend = autoSend;
        _who = who;
        _logger = logger;
    }

    /// <summary>Compute, send and change statuses from code.</summary>
    public CertipostEnrolment Enrolment { get; }

    /// <inheritdoc />
    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_autoSend)
            {
                var list = await Enrolment.ComputeAsync(_who, cancellationToken).ConfigureAwait(false);
                return SyncResult.Success(
                    $"{list.Eligible.Count} eligible for Certipost, {list.Incomplete.Count} incomplete{Incomplete(list.Incomplete)}; not sent (autoSend is off: review and send from the list)");
            }

            var sent = await Enrolment.SendAsync(_who, cancellationToken).ConfigureAwait(false);
            return SyncResult.Success(
                (sent.Sent.Count == 0 ? "Nothing to send to Certipost" : $"{sent.Sent.Count} relations enrolled at Certipost in batch {sent.CertipostAuditId}")
                + $", {sent.Incomplete.Count} incomplete{Incomplete(sent.Incomplete)}");
        }
        catch (RelationSourceException e)
        {
            LogFailed(e.Message);
            return SyncResult.NeedsPerson(new Instruction("certipost", InstructionSeverity.Orange, $"The relations could not be read: {e.Message}", "certipost-source"));
        }
        catch (CertipostBatchRefusedException e)
        {
            return SyncResult.NeedsPerson(new Instruction(
                "certipost",
                InstructionSeverity.Orange,
                $"Certipost refused the batch of opt-ins; nothing was enrolled and no status changed. Fix the relations and send again. {e.Message}",
                "certipost-batch-refused"));
        }
        catch (CertipostAuthenticationException e)
        {
            return SyncResult.NeedsPerson(new Instruction("certipost", InstructionSeverity.Red, e.Message, "certipost-authentication"));
        }
        catch (CertipostUnavailableException e)
        {
            return SyncResult.Transient(e.Message);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<AdminCommand> Commands => _commands.Commands;

    /// <inheritdoc />
    public Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken) =>
        ((IAdminCommands)_commands).RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static string Incomplete(IReadOnlyList<IncompleteRelation> incomplete) =>
        incomplete.Count == 0 ? string.Empty : $" ({string.Join(" | ", incomplete.Take(10))}{(incomplete.Count > 10 ? " | ..." : string.Empty)})";

    [LoggerMessage(Level = LogLevel.Error, Message = "The Certipost relations could not be read: {Reason}")]
    private partial void LogFailed(string reason);
}
