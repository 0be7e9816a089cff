using System.Collections.Concurrent;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Tests.Queues;

/// <summary>A queue handler for the runner's tests: fetches what the test put in, runs by the test's script, records reports.</summary>
internal sealed class ScriptedHandler : IQueueTaskHandler
{
    public List<NewTask> Offered { get; } = [];

    public Exception? FetchFailure { get; set; }

    public Func<QueuedTask, CancellationToken, Task<QueueTaskResult>> Run { get; set; } = (_, _) => Task.FromResult(QueueTaskResult.Done());

    public ConcurrentQueue<QueuedTask> Runs { get; } = new();

    public ConcurrentQueue<(string Task, QueueTaskReport Report)> Reports { get; } = new();

    /// <summary>Called before a report is taken; throws to refuse it (the origin does not take it).</summary>
    public Action<QueuedTask, QueueTaskReport> BeforeReport { get; set; } = (_, _) => { };

    public Task<IReadOnlyList<NewTask>> FetchAsync(CancellationToken cancellationToken) =>
        FetchFailure is { } failure ? Task.FromException<IReadOnlyList<NewTask>>(failure) : Task.FromResult<IReadOnlyList<NewTask>>([.. Offered]);

    public Task<QueueTaskResult> RunAsync(QueuedTask task, CancellationToken cancellationToken)
    {
        Runs.Enqueue(task);
        return Run(task, cancellationToken);
    }

    public Task ReportAsync(QueuedTask task, QueueTaskReport report, CancellationToken cancellationToken)
    {
        BeforeReport(task, report);
        Reports.Enqueue((task.ExternalId, report));
        return Task.CompletedTask;
    }
}
