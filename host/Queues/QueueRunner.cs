using System.Globalization;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Queues;

/// <summary>
/// The host's runner of a queue pipeline: the <see cref="ISyncTask"/> the host makes of a plugin's
/// <see cref="IQueueTaskHandler"/>, so that the scheduler, the pipeline lease and its write fence (H-5..H-7) and the
/// dashboard treat it as any sync task. One run fetches the origin's tasks into the state store first (so that nothing
/// fetched is lost when the host dies), then runs what can run now (<see cref="QueueWork"/>: FIFO per dossier,
/// different dossiers in parallel, one dossier never on two workers), mails new instructions, reports tasks a person
/// cancelled to the origin, and sends the biweekly reminder when it is due. The store's queue is the pipeline's name.
/// The runner owns its handler and disposes it.
/// </summary>
internal sealed partial class QueueRunner : ISyncTask, IAsyncDisposable, IDisposable
{
    private readonly IQueueTaskHandler _handler;
    private readonly QueueSettings _settings;
    private readonly IComponentContext _context;
    private readonly ILogger _logger;
    private readonly QueueMails _mails;
    private readonly UnreportedTasks _unreported;
    private readonly string _worker;

    /// <summary>Makes the runner of a handler.</summary>
    /// <param name="handler">The plugin's handler.</param>
    /// <param name="settings">The component's validated settings.</param>
    /// <param name="context">The pipeline's context: its name is the queue.</param>
    public QueueRunner(IQueueTaskHandler handler, QueueSettings settings, IComponentContext context)
    {
        _handler = handler;
        _settings = settings;
        _context = context;
        _logger = context.LoggerFactory.CreateLogger<QueueRunner>();
        _mails = new QueueMails(settings, context, _logger);
        _unreported = new UnreportedTasks(context.State.Records, context.State.Tasks, handler, context.PipelineName, _logger);
        _worker = $"{Environment.MachineName}/{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}/{Queue}/{Guid.NewGuid().ToString("N")[..8]}";
    }

    private string Queue => _context.PipelineName;

    private ITaskQueue Tasks => _context.State.Tasks;

    /// <summary>Creates a component and, when it is a queue handler, the runner that runs it.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="settings">The bound and validated settings.</param>
    /// <param name="context">The pipeline's context.</param>
    /// <returns>The component as created, and the sync task the host runs (the component itself or its queue runner).</returns>
    public static (object Component, ISyncTask Task) CreateSyncTask(IComponentFactory factory, object settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var component = factory.Create(settings, context);
        return component switch
        {
            IQueueTaskHandler handler when settings is QueueSettings queueSettings => (component, new QueueRunner(handler, queueSettings, context)),
            IQueueTaskHandler => throw new InvalidOperationException(
                $"{factory.TypeName} is a queue handler but its settings ({factory.SettingsType.Name}) do not derive from QueueSettings; the plugin must be fixed."),
            ISyncTask task => (component, task),
            _ => throw new InvalidOperationException($"{factory.TypeName} made a {component?.GetType().Name ?? "null"}, neither a sync task nor a queue handler; the plugin must be fixed."),
        };
    }

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        var counts = new QueueRunCounts();
        string? originProblem = null;
        try
        {
            await FetchAsync(counts, cancellationToken).ConfigureAwait(false);
        }
        catch (QueueOriginException e) when (e.StopsRun)
        {
            LogStopped(Queue, e.Message);
            return SyncResult.Transient(e.Message);
        }
        catch (QueueOriginException e)
        {
            // The tasks already in the store still run; the next run fetches again.
            originProblem = e.Message;
            LogFetchFailed(Queue, e.Message);
        }

        await new QueueWork(Tasks, _handler, _settings, Queue, _worker, _context.Clock, _logger, counts, _unreported).RunAsync(cancellationToken).ConfigureAwait(false);
        if (counts.StopMessage is { } stopped)
        {
            return SyncResult.Transient(stopped);
        }

        counts.Mailed = await _mails.MailNewInstructionsAsync(cancellationToken).ConfigureAwait(false);
        await ReportCancelledAsync(cancellationToken).ConfigureAwait(false);
        await _unreported.ReportAgainAsync(_context.MaxInFlight, cancellationToken).ConfigureAwait(false);
        await _mails.SendReminderIfDueAsync(cancellationToken).ConfigureAwait(false);

        var summary = counts.Summary();
        return originProblem is null ? SyncResult.Success(summary) : SyncResult.Transient($"{originProblem}; {summary}");
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_handler is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (_handler is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    /// <summary>Stores the fetched tasks; reports again the end of a task the origin still offers but that is finished here.</summary>
    private async Task FetchAsync(QueueRunCounts counts, CancellationToken cancellationToken)
    {
        var fetched = await _handler.FetchAsync(cancellationToken).ConfigureAwait(false);
        counts.Fetched = fetched.Count;
        var added = await Tasks.EnqueueManyAsync(
            [.. fetched.Select(t => t.Queue == Queue ? t : t with { Queue = Queue })], cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < fetched.Count; i++)
        {
            if (added[i])
            {
                counts.New++;
                continue;
            }

            // Known already: when it is finished here, its report was lost; report it again.
            var known = (await Tasks.ListAsync(new TaskQuery(Queue, Limit: 1) { ExternalId = fetched[i].ExternalId }, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault();
            if (known?.Status is QueuedTaskStatus.Done or QueuedTaskStatus.Cancelled or QueuedTaskStatus.Failed)
            {
                await _unreported.ReportAgainAsync(known, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>AT-10: a task a person cancelled in the store is reported to the origin as cancelled, once.</summary>
    private async Task ReportCancelledAsync(CancellationToken cancellationToken)
    {
        var cancelled = await Tasks.ListAsync(new TaskQuery(Queue, Statuses: [QueuedTaskStatus.Cancelled], Limit: 1000), cancellationToken).ConfigureAwait(false);
        foreach (var task in cancelled)
        {
            var key = $"{Queue}:{task.ExternalId}";
            if (await _context.State.Records.GetAsync(QueueRecords.ReportedCancel, key, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            if (await QueueReports.ReportAsync(_handler, task, new QueueTaskReport(QueuedTaskStatus.Cancelled), _logger, cancellationToken).ConfigureAwait(false))
            {
                await _context.State.Records.PutAsync(new StoredRecord(QueueRecords.ReportedCancel, key, "reported", task.Dossier), cancellationToken).ConfigureAwait(false);
                await _unreported.ForgetAsync(task, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Queue {Queue} stopped: {Message} The run stops; tasks stay where they are.")]
    private partial void LogStopped(string queue, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue} could not fetch new tasks: {Reason}. The tasks already fetched run; the next run fetches again.")]
    private partial void LogFetchFailed(string queue, string reason);
}
