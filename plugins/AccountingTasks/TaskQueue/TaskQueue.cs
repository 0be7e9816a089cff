using System.Globalization;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// <c>accountingtasks.queue</c>: one run fetches the platform's pending tasks into the state store first (so that
/// nothing fetched is lost when the host dies), then lets <c>workers</c> workers claim and run them against the
/// package: FIFO per dossier, different dossiers in parallel, one dossier never on two workers (the store's leases).
/// A passing failure is retried with back-off; any other failure blocks the dossier with an accountant instruction
/// from <see cref="CauseTable"/>. Then it mails new instructions, reports cancelled tasks and sends the biweekly
/// reminder when it is due. The queue in the store is the pipeline's name.
/// </summary>
internal sealed partial class TaskQueue : ISyncTask, IDisposable
{
    /// <summary>Record collection: instructions already mailed (key <c>queue:instructionId</c>).</summary>
    internal const string MailedCollection = "accountingtasks.mailed";

    /// <summary>Record collection: cancelled tasks already reported to the platform (key <c>queue:externalId</c>).</summary>
    internal const string ReportedCancelCollection = "accountingtasks.reported-cancel";

    /// <summary>Record collection: the last reminder sent (key: the queue; data: the date).</summary>
    internal const string ReminderCollection = "accountingtasks.reminder";

    /// <summary>How old (in days, by date) the oldest open instruction must be for the reminder to go out.</summary>
    internal const int ReminderMinimumAgeDays = 5;

    private const int ReminderIntervalDays = 14;

    private readonly TaskQueueSettings settings;
    private readonly IComponentContext context;
    private readonly PlatformClient platform;
    private readonly ILogger logger;
    private readonly string queue;
    private readonly TimeZoneInfo officeZone;
    private readonly string workerPrefix;

    /// <summary>The first wait before a failed fetch of pending tasks is tried again (then doubling, 3 retries).</summary>
    internal static readonly TimeSpan DefaultFetchRetryDelay = TimeSpan.FromMilliseconds(500);

    public TaskQueue(TaskQueueSettings settings, IComponentContext context, TimeSpan? fetchRetryDelay = null, HttpMessageHandler? handler = null)
    {
        this.settings = settings;
        this.context = context;
        officeZone = settings.OfficeZone;
        queue = context.PipelineName;
        platform = new PlatformClient(
            settings.PlatformUrl ?? throw new ArgumentException("platformUrl is required.", nameof(settings)),
            settings.Office,
            settings.ApiKey,
            settings.RequestTimeout,
            fetchRetryDelay ?? DefaultFetchRetryDelay,
            handler);
        logger = context.LoggerFactory.CreateLogger<TaskQueue>();
        workerPrefix = $"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{queue}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    private ITaskQueue Tasks => context.State.Tasks;

    private IReadOnlyList<string>? MailTo => settings.MailTo.Count == 0 ? null : settings.MailTo;

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        var counts = new Counts();
        string? platformProblem = null;
        try
        {
            await FetchAsync(counts, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformAuthenticationException e)
        {
            LogRefused(e.Message);
            return SyncResult.Transient(e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or System.Text.Json.JsonException)
        {
            // The tasks already in the store still run; the next run fetches again.
            platformProblem = $"The platform could not be reached for new tasks: {e.Message}";
            LogFetchFailed(settings.Office, e.Message);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(1, settings.Workers)
            .Select(i => WorkAsync($"{workerPrefix}/w{i.ToString(CultureInfo.InvariantCulture)}", counts, stop, cancellationToken))
            .ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (counts.RefusedMessage is { } refused)
        {
            return SyncResult.Transient(refused);
        }

        await MailNewInstructionsAsync(counts, cancellationToken).ConfigureAwait(false);
        await ReportCancelledAsync(cancellationToken).ConfigureAwait(false);
        await SendReminderIfDueAsync(cancellationToken).ConfigureAwait(false);

        var summary = string.Create(
            CultureInfo.InvariantCulture,
            $"{counts.Fetched} tasks fetched ({counts.New} new), {counts.Done} done, {counts.Retried} to retry, {counts.Failed} failed with an instruction, {counts.Mailed} instruction mails");
        return platformProblem is null ? SyncResult.Success(summary) : SyncResult.Transient($"{platformProblem}; {summary}");
    }

    public void Dispose() => platform.Dispose();

    /// <summary>Copies the pending tasks into the store; re-reports the result of a task the platform still offers but that is finished here.</summary>
    private async Task FetchAsync(Counts counts, CancellationToken cancellationToken)
    {
        var pending = await platform.GetPendingAsync(cancellationToken).ConfigureAwait(false);
        counts.Fetched = pending.Count;
        var added = await Tasks.EnqueueManyAsync(
            [.. pending.Select(t => new NewTask(queue, t.Id, t.Dossier, t.Kind, t.Payload, t.DeliveredAt))], cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < pending.Count; i++)
        {
            var task = pending[i];
            if (added[i])
            {
                counts.New++;
                continue;
            }

            // Known already: when it is finished here, its report was lost; report it again.
            var known = (await Tasks.ListAsync(new TaskQuery(queue, Limit: 1) { ExternalId = task.Id }, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault();
            var result = known?.Status switch
            {
                QueuedTaskStatus.Done => new TaskResult("done"),
                QueuedTaskStatus.Cancelled => new TaskResult("cancelled"),
                QueuedTaskStatus.Failed => new TaskResult("failed", Message: known.LastError),
                _ => null,
            };
            if (result is not null)
            {
                await ReportAsync(task.Id, result, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WorkAsync(string worker, Counts counts, CancellationTokenSource stop, CancellationToken shutdown)
    {
        // Yield first so that the workers start side by side.
        await Task.Yield();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var lease = await Tasks.ClaimNextAsync(queue, worker, settings.LeaseDuration, stop.Token).ConfigureAwait(false);
                if (lease is null)
                {
                    return;
                }

                using (logger.BeginScope(new Dictionary<string, object> { ["Dossier"] = lease.Task.Dossier, ["Task"] = lease.Task.ExternalId }))
                {
                    await RunOneAsync(lease, counts, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (!shutdown.IsCancellationRequested)
        {
            // Another worker stopped the run (a refused API key); this worker's task was given back.
        }
    }

    private async Task RunOneAsync(TaskLease lease, Counts counts, CancellationTokenSource stop)
    {
        var task = lease.Task;
        RunOutcome outcome;
        var heartbeat = new TaskLeaseHeartbeat(Tasks, lease, settings.LeaseDuration, context.Clock);
        await using (heartbeat.ConfigureAwait(false))
        {
            using var running = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, heartbeat.Lost);
            try
            {
                outcome = await platform.RunAsync(task.Dossier, task.ExternalId, task.Kind, task.Payload, running.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (heartbeat.Lost.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                LogLeaseLost(task.ExternalId, task.Dossier);
                return;
            }
            catch (OperationCanceledException)
            {
                // Shutdown: give the task back at once, so that the next start (or another connector) runs it.
                await Tasks.RetryLaterAsync(heartbeat.Lease, context.Clock.GetUtcNow(), "stopped by shutdown", CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            lease = heartbeat.Lease;
        }

        switch (outcome.Kind)
        {
            case RunOutcomeKind.Done:
                if (await Tasks.CompleteAsync(lease, CancellationToken.None).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref counts.Done);
                    await ReportAsync(task.ExternalId, new TaskResult("done"), CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    LogLeaseLost(task.ExternalId, task.Dossier);
                }

                break;

            case RunOutcomeKind.Transient when task.Attempts <= settings.MaxTransientRetries:
                var notBefore = context.Clock.GetUtcNow() + RetryDelay(task.Attempts);
                if (await Tasks.RetryLaterAsync(lease, notBefore, outcome.Message, CancellationToken.None).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref counts.Retried);
                    LogRetry(task.ExternalId, task.Dossier, outcome.Message, notBefore);
                }

                break;

            case RunOutcomeKind.Refused:
                // Nothing can run with a refused key: give the task back untouched and stop this run.
                await Tasks.RetryLaterAsync(lease, context.Clock.GetUtcNow(), outcome.Message, CancellationToken.None).ConfigureAwait(false);
                counts.RefusedMessage = outcome.Message;
                LogRefused(outcome.Message);
                await stop.CancelAsync().ConfigureAwait(false);
                break;

            default:
                await FailAsync(lease, outcome, counts).ConfigureAwait(false);
                break;
        }
    }

    private async Task FailAsync(TaskLease lease, RunOutcome outcome, Counts counts)
    {
        var task = lease.Task;
        var values = new Dictionary<string, string>(outcome.Details, StringComparer.Ordinal)
        {
            ["dossier"] = task.Dossier,
            ["kind"] = task.Kind,
            ["attempts"] = task.Attempts.ToString(CultureInfo.InvariantCulture),
            ["cause"] = outcome.Cause ?? CauseTable.Unknown,
            ["message"] = outcome.Message,
        };
        var instruction = CauseTable.InstructionFor(task.Dossier, outcome.Cause ?? CauseTable.Unknown, values);
        var instructionId = await Tasks.FailAndBlockAsync(lease, instruction, CancellationToken.None).ConfigureAwait(false);
        if (instructionId is null)
        {
            LogLeaseLost(task.ExternalId, task.Dossier);
            return;
        }

        Interlocked.Increment(ref counts.Failed);
        LogFailed(task.ExternalId, task.Dossier, instruction.Severity, instruction.Cause, instruction.Text);
        await ReportAsync(
            task.ExternalId,
            new TaskResult("failed", instruction.Cause, instruction.Text, instruction.Severity.ToString()),
            CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> attempts: doubling, capped.</summary>
    internal TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.FirstRetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return delay;
    }

    private async Task ReportAsync(string taskId, TaskResult result, CancellationToken cancellationToken)
    {
        var problem = await platform.ReportAsync(taskId, result, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            LogReportFailed(taskId, result.Status, problem);
        }
    }

    /// <summary>The open instructions of this queue's failed tasks, oldest first.</summary>
    private async Task<IReadOnlyList<StoredInstruction>> OpenInstructionsAsync(CancellationToken cancellationToken)
    {
        var failed = await Tasks.ListAsync(new TaskQuery(queue, Statuses: [QueuedTaskStatus.Failed], Limit: 100_000), cancellationToken).ConfigureAwait(false);
        var ids = failed.Where(t => t.InstructionId is not null).Select(t => t.InstructionId!.Value).ToHashSet();
        if (ids.Count == 0)
        {
            return [];
        }

        var open = await context.State.Instructions.ListAsync(openOnly: true, cancellationToken).ConfigureAwait(false);
        return [.. open.Where(i => ids.Contains(i.Id))];
    }

    /// <summary>
    /// AT-7: one mail per new instruction. Derived from the store (open instructions not yet marked as mailed), so a
    /// mail that failed or was cut off by a crash goes out at the next run.
    /// </summary>
    private async Task MailNewInstructionsAsync(Counts counts, CancellationToken cancellationToken)
    {
        foreach (var instruction in await OpenInstructionsAsync(cancellationToken).ConfigureAwait(false))
        {
            var key = $"{queue}:{instruction.Id.ToString(CultureInfo.InvariantCulture)}";
            if (await context.State.Records.GetAsync(MailedCollection, key, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            try
            {
                await context.Mail.SendAsync(InstructionCreatedMail.Template, MailModel(instruction), MailTo, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMailFailed(instruction.Id, instruction.Instruction.Dossier, e.Message);
                continue;
            }

            await context.State.Records.PutAsync(
                new StoredRecord(MailedCollection, key, "mailed", instruction.Instruction.Dossier), cancellationToken).ConfigureAwait(false);
            counts.Mailed++;
        }
    }

    /// <summary>AT-10: a task a person cancelled in the store is reported to the platform as cancelled, once.</summary>
    private async Task ReportCancelledAsync(CancellationToken cancellationToken)
    {
        var cancelled = await Tasks.ListAsync(new TaskQuery(queue, Statuses: [QueuedTaskStatus.Cancelled], Limit: 1000), cancellationToken).ConfigureAwait(false);
        foreach (var task in cancelled)
        {
            var key = $"{queue}:{task.ExternalId}";
            if (await context.State.Records.GetAsync(ReportedCancelCollection, key, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            if (await platform.ReportAsync(task.ExternalId, new TaskResult("cancelled"), cancellationToken).ConfigureAwait(false) is { } problem)
            {
                LogReportFailed(task.ExternalId, "cancelled", problem);
                continue;
            }

            await context.State.Records.PutAsync(new StoredRecord(ReportedCancelCollection, key, "reported", task.Dossier), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// AT-8: on a reminder Monday (<c>firstReminderDate</c> + a multiple of 14 days, in the office's time zone), one
    /// mail listing all open instructions of this queue, only when the oldest was made 5 or more days before (the
    /// seed's example: on Monday 20.11 an instruction of 16.11 is too young, one of 15.11 is not). The date of the
    /// reminder sent is kept in the record store, so it goes out once.
    /// </summary>
    private async Task SendReminderIfDueAsync(CancellationToken cancellationToken)
    {
        var zone = officeZone;
        var now = TimeZoneInfo.ConvertTime(context.Clock.GetUtcNow(), zone);
        var today = DateOnly.FromDateTime(now.DateTime);
        var sinceAnchor = today.DayNumber - settings.FirstReminderDate.DayNumber;
        if (sinceAnchor < 0 || sinceAnchor % ReminderIntervalDays != 0)
        {
            return;
        }

        var todayText = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = await context.State.Records.GetAsync(ReminderCollection, queue, cancellationToken).ConfigureAwait(false);
        if (last?.Data == todayText)
        {
            return;
        }

        var open = await OpenInstructionsAsync(cancellationToken).ConfigureAwait(false);
        if (open.Count == 0)
        {
            return;
        }

        var oldest = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(open.Min(i => i.CreatedAt), zone).DateTime);
        if (today.DayNumber - oldest.DayNumber < ReminderMinimumAgeDays)
        {
            LogReminderSkipped(open.Count, oldest);
            return;
        }

        var model = new InstructionsReminderMail(now.DateTime, [.. open.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(MailModel)]);
        await context.Mail.SendAsync(InstructionsReminderMail.Template, model, MailTo, cancellationToken).ConfigureAwait(false);
        await context.State.Records.PutAsync(new StoredRecord(ReminderCollection, queue, "sent", todayText), cancellationToken).ConfigureAwait(false);
        LogReminderSent(open.Count, oldest);
    }

    private InstructionCreatedMail MailModel(StoredInstruction stored) => new(
        stored.Instruction.Dossier,
        stored.Instruction.Severity,
        stored.Instruction.Text,
        stored.Instruction.Cause,
        TimeZoneInfo.ConvertTime(stored.CreatedAt, officeZone).DateTime);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message} The run stops; tasks stay where they are.")]
    private partial void LogRefused(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fetch new tasks of office {Office}: {Reason}. The tasks already fetched run; the next run fetches again.")]
    private partial void LogFetchFailed(string office, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task} of dossier {Dossier}: the lease was lost to another worker; its result is ignored.")]
    private partial void LogLeaseLost(string task, string dossier);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Task {Task} of dossier {Dossier} hit a passing failure: {Reason}. It is tried again from {NotBefore}.")]
    private partial void LogRetry(string task, string dossier, string reason, DateTimeOffset notBefore);

    [LoggerMessage(Level = LogLevel.Error, Message = "Task {Task} failed; dossier {Dossier} is blocked until the instruction is resolved ({Severity}, {Cause}): {Instruction}")]
    private partial void LogFailed(string task, string dossier, InstructionSeverity severity, string cause, string instruction);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not report task {Task} as {Status} to the platform: {Reason}. It is reported again when the platform offers the task again.")]
    private partial void LogReportFailed(string task, string status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mail instruction {Instruction} of dossier {Dossier}: {Reason}. The next run tries again.")]
    private partial void LogMailFailed(long instruction, string dossier, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder sent: {Count} open instructions, the oldest of {Oldest}.")]
    private partial void LogReminderSent(int count, DateOnly oldest);

    [LoggerMessage(Level = LogLevel.Information, Message = "No reminder today: the oldest of {Count} open instructions is of {Oldest}, less than 5 days ago.")]
    private partial void LogReminderSkipped(int count, DateOnly oldest);

    private sealed class Counts
    {
        public int Fetched;
        public int New;
        public int Done;
        public int Retried;
        public int Failed;
        public int Mailed;
        public volatile string? RefusedMessage;
    }
}
