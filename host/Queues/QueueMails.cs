using System.Globalization;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Mail;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Queues;

/// <summary>
/// The mails of a queue: one per new instruction (AT-7) and the biweekly reminder of open instructions (AT-8), both
/// derived from the store, so a mail that failed or was cut off by a crash goes out at the next run, and none twice.
/// The times in the mails and the reminder's Monday are in the office's time zone.
/// </summary>
internal sealed partial class QueueMails(QueueSettings settings, IComponentContext context, ILogger logger)
{
    /// <summary>How old (in days, by date) the oldest open instruction must be for the reminder to go out.</summary>
    internal const int ReminderMinimumAgeDays = 5;

    private readonly TimeZoneInfo _officeZone = settings.FindOfficeZone();

    private string Queue => context.PipelineName;

    private IReadOnlyList<string>? MailTo => settings.MailTo.Count == 0 ? null : settings.MailTo;

    /// <summary>AT-7: mails every open instruction of the queue not mailed yet.</summary>
    /// <returns>How many mails went out.</returns>
    public async Task<int> MailNewInstructionsAsync(CancellationToken cancellationToken)
    {
        var mailed = 0;
        foreach (var instruction in await OpenInstructionsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await InstructionMailOnce.MailAsync(
                    context.State, context.Mail, instruction.Id, instruction.Instruction, Local(instruction.CreatedAt), MailTo, cancellationToken).ConfigureAwait(false))
                {
                    mailed++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMailFailed(instruction.Id, instruction.Instruction.Dossier, Queue, e.Message);
            }
        }

        return mailed;
    }

    /// <summary>
    /// AT-8: on a reminder Monday (<c>firstReminderDate</c> + a multiple of 14 days, in the office's time zone), one
    /// mail listing all open instructions of this queue, only when the oldest was made 5 or more days before (on
    /// Monday 20.11 an instruction of 16.11 is too young, one of 15.11 is not). The date of the reminder sent is kept
    /// in the record store, so it goes out once.
    /// </summary>
    public async Task SendReminderIfDueAsync(CancellationToken cancellationToken)
    {
        var now = TimeZoneInfo.ConvertTime(context.Clock.GetUtcNow(), _officeZone);
        var today = DateOnly.FromDateTime(now.DateTime);
        if (!settings.IsReminderDay(today))
        {
            return;
        }

        var todayText = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = await context.State.Records.GetAsync(QueueRecords.Reminder, Queue, cancellationToken).ConfigureAwait(false);
        if (last?.Data == todayText)
        {
            return;
        }

        var open = await OpenInstructionsAsync(cancellationToken).ConfigureAwait(false);
        if (open.Count == 0)
        {
            return;
        }

        var oldest = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(open.Min(i => i.CreatedAt), _officeZone).DateTime);
        if (today.DayNumber - oldest.DayNumber < ReminderMinimumAgeDays)
        {
            LogReminderSkipped(Queue, open.Count, oldest);
            return;
        }

        var model = new InstructionsReminderMail(now.DateTime, [.. open.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(MailModel)]);
        await context.Mail.SendAsync(InstructionsReminderMail.Template, model, MailTo, cancellationToken).ConfigureAwait(false);
        await context.State.Records.PutAsync(new StoredRecord(QueueRecords.Reminder, Queue, "sent", todayText), cancellationToken).ConfigureAwait(false);
        LogReminderSent(Queue, open.Count, oldest);
    }

    /// <summary>The open instructions of this queue's failed tasks, oldest first.</summary>
    private async Task<IReadOnlyList<StoredInstruction>> OpenInstructionsAsync(CancellationToken cancellationToken)
    {
        var failed = await context.State.Tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Failed], Limit: 100_000), cancellationToken).ConfigureAwait(false);
        var ids = failed.Where(t => t.InstructionId is not null).Select(t => t.InstructionId!.Value).ToHashSet();
        if (ids.Count == 0)
        {
            return [];
        }

        var open = await context.State.Instructions.ListAsync(openOnly: true, cancellationToken).ConfigureAwait(false);
        return [.. open.Where(i => ids.Contains(i.Id))];
    }

    private InstructionCreatedMail MailModel(StoredInstruction stored) => InstructionCreatedMail.From(stored.Instruction, Local(stored.CreatedAt));

    private DateTime Local(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, _officeZone).DateTime;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mail instruction {Instruction} of dossier {Dossier} (queue {Queue}): {Reason}. The next run tries again.")]
    private partial void LogMailFailed(long instruction, string dossier, string queue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue}: reminder sent, {Count} open instructions, the oldest of {Oldest}.")]
    private partial void LogReminderSent(string queue, int count, DateOnly oldest);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queue {Queue}: no reminder today, the oldest of {Count} open instructions is of {Oldest}, less than 5 days ago.")]
    private partial void LogReminderSkipped(string queue, int count, DateOnly oldest);
}
