using System.Globalization;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// <c>accountingtasks.queue</c>: what is specific to the accounting platform in the host's queue (workers, leases,
/// back-off, instruction mails and the reminder are the host's, see <see cref="IQueueTaskHandler"/>). It fetches the
/// office's pending tasks from the platform, runs one task in the accounting package and maps its outcome: done, a
/// passing failure (retried with back-off, then <see cref="CauseTable.PackageUnavailable"/>), a failure with the
/// instruction of its cause from <see cref="CauseTable"/>, or a refused key (the run stops); and it reports each
/// task's end to the platform.
/// </summary>
internal sealed class TaskQueue : IQueueTaskHandler, IDisposable
{
    /// <summary>The first wait before a failed fetch of pending tasks is tried again (then doubling, 3 retries).</summary>
    internal static readonly TimeSpan DefaultFetchRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly PlatformClient _platform;
    private readonly string _queue;
    private readonly string _office;

    public TaskQueue(TaskQueueSettings settings, IComponentContext context, TimeSpan? fetchRetryDelay = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        _queue = context.PipelineName;
        _office = settings.Office;
        _platform = new PlatformClient(
            settings.PlatformUrl ?? throw new ArgumentException("platformUrl is required.", nameof(settings)),
            settings.Office,
            settings.ApiKey,
            settings.RequestTimeout,
            fetchRetryDelay ?? DefaultFetchRetryDelay,
            handler);
    }

    public async Task<IReadOnlyList<NewTask>> FetchAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PendingTask> pending;
        try
        {
            pending = await _platform.GetPendingAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformAuthenticationException e)
        {
            throw new QueueOriginException(e.Message, e) { StopsRun = true };
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or System.Text.Json.JsonException)
        {
            throw new QueueOriginException($"The platform could not be reached for new tasks of office {_office}: {e.Message}", e);
        }

        return [.. pending.Select(t => new NewTask(_queue, t.Id, t.Dossier, t.Kind, t.Payload, t.DeliveredAt))];
    }

    public async Task<QueueTaskResult> RunAsync(QueuedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var outcome = await _platform.RunAsync(task.Dossier, task.ExternalId, task.Kind, task.Payload, cancellationToken).ConfigureAwait(false);
        return outcome.Kind switch
        {
            RunOutcomeKind.Done => QueueTaskResult.Done(),
            RunOutcomeKind.Refused => QueueTaskResult.StopRun(outcome.Message),
            RunOutcomeKind.Transient => QueueTaskResult.RetryLater(outcome.Message, InstructionFor(task, outcome)),
            _ => QueueTaskResult.Failed(InstructionFor(task, outcome)),
        };
    }

    public async Task ReportAsync(QueuedTask task, QueueTaskReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(report);
        var result = report switch
        {
            { Status: QueuedTaskStatus.Done } => new TaskResult("done"),
            { Status: QueuedTaskStatus.Cancelled } => new TaskResult("cancelled"),
            { Instruction: { } i } => new TaskResult("failed", i.Cause, i.Text, i.Severity.ToString()),
            _ => new TaskResult("failed", Message: task.LastError),
        };
        if (await _platform.ReportAsync(task.ExternalId, result, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw new QueueOriginException(problem);
        }
    }

    public void Dispose() => _platform.Dispose();

    /// <summary>The instruction of a failure, from <see cref="CauseTable"/>, with the failure's details and the task's facts.</summary>
    private static Abstractions.Sync.Instruction InstructionFor(QueuedTask task, RunOutcome outcome)
    {
        var values = new Dictionary<string, string>(outcome.Details, StringComparer.Ordinal)
        {
            ["dossier"] = task.Dossier,
            ["kind"] = task.Kind,
            ["attempts"] = task.Attempts.ToString(CultureInfo.InvariantCulture),
            ["cause"] = outcome.Cause ?? CauseTable.Unknown,
            ["message"] = outcome.Message,
        };
        return CauseTable.InstructionFor(task.Dossier, outcome.Cause ?? CauseTable.Unknown, values);
    }
}
