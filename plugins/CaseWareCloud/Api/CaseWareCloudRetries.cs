using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>One try of a call: CaseWare Cloud's answer, or the passing failure and the wait a 429 asked for.</summary>
/// <param name="Answer">A 2xx or 4xx answer other than 429; null after a 5xx, a time-out, a dropped connection or a 429.</param>
/// <param name="Failure">What went wrong, for messages; null with an answer.</param>
/// <param name="Exception">The exception behind the failure, if any.</param>
/// <param name="RetryAfter">The wait a 429 asked for; null otherwise.</param>
internal readonly record struct CallOutcome(ApiAnswer? Answer, string? Failure, Exception? Exception, TimeSpan? RetryAfter)
{
    /// <summary>A 5xx, a time-out, a dropped connection or a 429: worth trying again.</summary>
    public bool Passing => Answer is null;
}

/// <summary>
/// The retries of CaseWare Cloud calls, with Polly, from the connection's settings: a passing failure (5xx, time-out,
/// dropped connection) is tried again after <c>firstRetryDelay</c>, doubled after each further one and at most a
/// minute; a 429 waits its Retry-After instead; a create that may have been carried out is looked up and tried again
/// after the same back-off. A call is made at most <c>maxAttempts</c> times; each retry is logged with what and when.
/// </summary>
internal sealed partial class CaseWareCloudRetries
{
    /// <summary>The longest back-off between two tries.</summary>
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromMinutes(1);

    private static readonly ResiliencePropertyKey<string> WhatKey = new("casewarecloud.what");

    private readonly ResiliencePipeline<CallOutcome> _calls;
    private readonly ResiliencePipeline _uncertain;
    private readonly ILogger _logger;

    /// <param name="settings">maxAttempts and firstRetryDelay.</param>
    /// <param name="clock">Where the waits are timed: the system's, or a test's that records them.</param>
    /// <param name="logger">Where each retry is logged.</param>
    public CaseWareCloudRetries(CaseWareCloudConnectionSettings settings, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _logger = logger;
        var retries = settings.MaxAttempts - 1;
        var calls = new ResiliencePipelineBuilder<CallOutcome> { TimeProvider = clock };
        var uncertain = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (retries > 0)
        {
            calls.AddRetry(new RetryStrategyOptions<CallOutcome>
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = settings.FirstRetryDelay,
                MaxDelay = MaxBackOff,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result.Passing),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result.RetryAfter),
                OnRetry = args =>
                {
                    LogCallRetry(args.Context.Properties.GetValue(WhatKey, "call CaseWare Cloud"), args.Outcome.Result, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
            uncertain.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = settings.FirstRetryDelay,
                MaxDelay = MaxBackOff,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder().Handle<CaseWareCloudUncertainException>(),
                OnRetry = args =>
                {
                    _logger.LogUncertain(args.Context.Properties.GetValue(WhatKey, "create a record"), args.Outcome.Exception!.Message);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _calls = calls.Build();
        _uncertain = uncertain.Build();
    }

    /// <summary>Makes a call, trying it again after a passing failure or a 429, at most <c>maxAttempts</c> times.</summary>
    /// <param name="what">What the call does, for the log: "create entity 1001".</param>
    /// <param name="call">One try; it throws what must not be retried.</param>
    /// <param name="cancellationToken">Stops the call and the waits.</param>
    /// <returns>The last try's outcome: an answer, or the passing failure that remained after the last attempt.</returns>
    public Task<CallOutcome> CallAsync(string what, Func<CancellationToken, ValueTask<CallOutcome>> call, CancellationToken cancellationToken) =>
        RunAsync(_calls, what, call, cancellationToken);

    /// <summary>
    /// Runs a create that may have been carried out when it failed (<see cref="CaseWareCloudUncertainException"/>):
    /// logged, then after the back-off run again, which looks the record up first; at most <c>maxAttempts</c> times.
    /// </summary>
    /// <typeparam name="T">What the create gives.</typeparam>
    /// <param name="what">What is sent, for the log: "send client 1001 (Client 1 BV)".</param>
    /// <param name="create">One try: look up, else create.</param>
    /// <param name="cancellationToken">Stops the tries and the waits.</param>
    /// <returns>What the successful try gave.</returns>
    public Task<T> UncertainAsync<T>(string what, Func<CancellationToken, ValueTask<T>> create, CancellationToken cancellationToken) =>
        RunAsync(_uncertain, what, create, cancellationToken);

    private static Task<T> RunAsync<T>(ResiliencePipeline pipeline, string what, Func<CancellationToken, ValueTask<T>> work, CancellationToken cancellationToken) =>
        WithContextAsync(what, cancellationToken, context => pipeline.ExecuteAsync(static (c, w) => w(c.CancellationToken), context, work));

    private static Task<CallOutcome> RunAsync(ResiliencePipeline<CallOutcome> pipeline, string what, Func<CancellationToken, ValueTask<CallOutcome>> work, CancellationToken cancellationToken) =>
        WithContextAsync(what, cancellationToken, context => pipeline.ExecuteAsync(static (c, w) => w(c.CancellationToken), context, work));

    // A pooled context that carries "what" to the retry's log line.
    private static async Task<T> WithContextAsync<T>(string what, CancellationToken cancellationToken, Func<ResilienceContext, ValueTask<T>> execute)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WhatKey, what);
        try
        {
            return await execute(context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void LogCallRetry(string what, CallOutcome outcome, int attempt, TimeSpan wait)
    {
        if (outcome.RetryAfter is not null)
        {
            LogThrottled(what, wait);
        }
        else
        {
            LogRetry(what, outcome.Failure ?? "no answer", attempt, wait);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CaseWare Cloud says too many requests (429) when trying to {What}; waiting {Wait} as its Retry-After asks")]
    private partial void LogThrottled(string what, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {What}: {Failure} (attempt {Attempt}); trying again in {Wait}")]
    private partial void LogRetry(string what, string failure, int attempt, TimeSpan wait);
}
