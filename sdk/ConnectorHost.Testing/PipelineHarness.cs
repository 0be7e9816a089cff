using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Queues;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Queues;
using ConnectorHost.State;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Testing;

/// <summary>
/// Runs a plugin's components through the host's real runners (SDK-6), without a host process: a document source and
/// a target through the document pipeline's runner and its ledger (key, submit once, poll, put away), a sync task
/// through the sync pipeline's runner (instructions stored and mailed once), a queue handler through the host's queue
/// runner. Everything runs on the <see cref="TestComponentContext"/>: its real SQLite store, its recording mailer and
/// its fake clock, which the test moves between runs. Pair a source under test with a <see cref="RecordingTarget"/>
/// (or a sandbox of the portal), or a target under test with a source of your own.
/// </summary>
/// <example>
/// <code>
/// await using var context = await TestComponentContext.CreateAsync("acme-invoices");
/// var harness = new PipelineHarness(context);
/// var target = new RecordingTarget();
/// var pipeline = harness.Documents(context.Create(new InvoiceSourceFactory(), "folder: in"), target);
/// await pipeline.RunOnceAsync();              // scanned, keyed, submitted once
/// target.Decide(target.Submissions[0], SubmissionState.Approved);
/// await pipeline.RunOnceAsync();              // polled and put away
/// </code>
/// </example>
public sealed class PipelineHarness
{
    /// <summary>Creates the harness on a test context.</summary>
    /// <param name="context">
    /// The context the components were created with; its store must be the host's (one made by
    /// <see cref="TestComponentContext.CreateAsync"/>), as the runners keep their ledger there.
    /// </param>
    /// <exception cref="ArgumentException">The context's store is not a host state store.</exception>
    public PipelineHarness(TestComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        Store = context.State as IHostStateStore ?? throw new ArgumentException(
            $"The context's state store ({context.State.GetType().Name}) is not the host's; create the context with TestComponentContext.CreateAsync (or around a SqliteStateStore).",
            nameof(context));
    }

    /// <summary>The context: store, clock, mailer, logs.</summary>
    public TestComponentContext Context { get; }

    private IHostStateStore Store { get; }

    /// <summary>A document pipeline: <paramref name="source"/> → the host's runner and ledger → <paramref name="target"/> → put away by the source.</summary>
    /// <param name="source">The document source (the one under test, or one of the test's own).</param>
    /// <param name="target">The target (the one under test, a <see cref="RecordingTarget"/>, or one talking to a sandbox).</param>
    /// <param name="options">The pipeline's settings as the YAML would give them; the defaults, polling on every run, when null.</param>
    /// <returns>The pipeline, to run again and again.</returns>
    public DocumentPipelineHarness Documents(IDocumentSource source, IAccordeerTarget target, DocumentPipelineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new DocumentPipelineOptions();
        var definition = new PipelineDefinition(Context.PipelineName, new ManualSchedule(), null, null, null)
        {
            MaxAttempts = options.MaxAttempts,
            FirstRetryDelay = options.FirstRetryDelay,
            MaxRetryDelay = options.MaxRetryDelay,
            MaxInFlight = options.MaxInFlight,
            PollEvery = options.PollEvery,
        };
        var runner = new DocumentPipelineRunner(
            definition, source, target, Store.Documents, Context.Mail, Context.Clock, Context.LoggerFactory.CreateLogger<DocumentPipelineRunner>(), Store.Audit);
        return new DocumentPipelineHarness(runner, Store, Context.PipelineName);
    }

    /// <summary>A sync pipeline: the task through the host's runner; a result that needs a person becomes a stored instruction, mailed once.</summary>
    /// <param name="task">The sync task.</param>
    /// <returns>The pipeline, to run again and again.</returns>
    public SyncPipelineHarness Sync(ISyncTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var runner = new SyncPipelineRunner(Context.PipelineName, task, Context.Mail, Store, Context.Clock, Context.LoggerFactory.CreateLogger<SyncPipelineRunner>());
        return new SyncPipelineHarness(runner, Store, task as IAsyncDisposable);
    }

    /// <summary>
    /// A queue pipeline: the handler through the host's queue runner (tasks stored before any runs, FIFO per dossier,
    /// back-off, a failure blocks its dossier with an instruction, mailed once), itself run as a sync pipeline.
    /// </summary>
    /// <param name="handler">The queue handler.</param>
    /// <param name="settings">The queue's settings (workers, back-off, mail); the defaults when null.</param>
    /// <returns>The pipeline, to run again and again; dispose it to stop the queue's workers.</returns>
    public SyncPipelineHarness Queue(IQueueTaskHandler handler, QueueSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Sync(new QueueRunner(handler, settings ?? new QueueSettings(), Context));
    }
}

/// <summary>The settings of a document pipeline run by <see cref="PipelineHarness.Documents"/>, as the YAML gives them.</summary>
public sealed record DocumentPipelineOptions
{
    /// <summary>Attempts before a document finally fails (<c>maxAttempts</c>).</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The first retry delay (<c>firstRetryDelay</c>); it doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest retry delay (<c>maxRetryDelay</c>).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How many portal calls are in flight at once (<c>maxInFlight</c>).</summary>
    public int MaxInFlight { get; init; } = 8;

    /// <summary>How often pending documents are polled (<c>pollEvery</c>); zero (every run) by default, so a test sees a decision at the next run.</summary>
    public TimeSpan PollEvery { get; init; } = TimeSpan.Zero;
}

/// <summary>How one run of a pipeline ended.</summary>
/// <param name="Outcome">Succeeded, partly failed or failed.</param>
/// <param name="Summary">The run's summary line, as the host logs it.</param>
public sealed record PipelineRun(RunOutcome Outcome, string Summary);

/// <summary>A document pipeline of <see cref="PipelineHarness"/>: the same runner for every run, as in the host.</summary>
public sealed class DocumentPipelineHarness
{
    private readonly IPipelineRunner _runner;
    private readonly IHostStateStore _store;
    private readonly string _pipeline;

    internal DocumentPipelineHarness(IPipelineRunner runner, IHostStateStore store, string pipeline)
    {
        _runner = runner;
        _store = store;
        _pipeline = pipeline;
    }

    /// <summary>One run: scan, key, submit what is new, poll what is pending, put away what is decided.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The run's outcome and summary.</returns>
    public async Task<PipelineRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var (outcome, summary) = await _runner.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        return new PipelineRun(outcome, summary);
    }

    /// <summary>The pipeline's ledger: every document with its key, status, portal reference and reason.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entries, oldest first.</returns>
    public Task<IReadOnlyList<LedgerEntry>> LedgerAsync(CancellationToken cancellationToken = default) =>
        _store.Documents.ListAsync(new LedgerQuery(_pipeline, Limit: int.MaxValue), cancellationToken);
}

/// <summary>A sync (or queue) pipeline of <see cref="PipelineHarness"/>: the same runner for every run, as in the host.</summary>
public sealed class SyncPipelineHarness : IAsyncDisposable
{
    private readonly IPipelineRunner _runner;
    private readonly IStateStore _store;
    private readonly IAsyncDisposable? _owned;

    internal SyncPipelineHarness(IPipelineRunner runner, IStateStore store, IAsyncDisposable? owned)
    {
        _runner = runner;
        _store = store;
        _owned = owned;
    }

    /// <summary>One run of the task.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The run's outcome and summary (with the instruction's id when it needs a person).</returns>
    public async Task<PipelineRun> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var (outcome, summary) = await _runner.RunOnceAsync(cancellationToken).ConfigureAwait(false);
        return new PipelineRun(outcome, summary);
    }

    /// <summary>The open instructions in the store, as the monitoring page shows them.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The instructions, oldest first.</returns>
    public Task<IReadOnlyList<StoredInstruction>> OpenInstructionsAsync(CancellationToken cancellationToken = default) =>
        _store.Instructions.ListAsync(openOnly: true, cancellationToken);

    /// <summary>Stops what the pipeline holds (a queue's workers).</summary>
    /// <returns>A task that completes when it is stopped.</returns>
    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
