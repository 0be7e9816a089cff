using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>A task as the platform delivers it.</summary>
/// <param name="Id">The platform's id.</param>
/// <param name="Kind">What to do, for example <c>process-booking-proposal</c>.</param>
/// <param name="Dossier">The dossier.</param>
/// <param name="Payload">The task's data, JSON as text.</param>
/// <param name="DeliveredAt">When the platform delivered it.</param>
internal sealed record PendingTask(string Id, string Kind, string Dossier, string Payload, DateTimeOffset DeliveredAt);

/// <summary>A result reported to the platform.</summary>
/// <param name="Status"><c>done</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Cause">The cause of a failure.</param>
/// <param name="Message">The instruction or another message.</param>
/// <param name="Severity"><c>Orange</c> or <c>Red</c> for a failure.</param>
internal sealed record TaskResult(string Status, string? Cause = null, string? Message = null, string? Severity = null);

/// <summary>How a run in the package ended.</summary>
internal enum RunOutcomeKind
{
    /// <summary>Done.</summary>
    Done,

    /// <summary>A passing failure: the package or the network was not available.</summary>
    Transient,

    /// <summary>The package refused the task with a cause.</summary>
    Failed,

    /// <summary>The API key was refused: nothing can run until it is fixed.</summary>
    Refused,
}

/// <summary>The outcome of one run in the package.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Cause">The cause code of a failure.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="Details">The failure's details (year, journal, vatCode, …).</param>
internal sealed record RunOutcome(RunOutcomeKind Kind, string? Cause, string Message, IReadOnlyDictionary<string, string> Details)
{
    private static readonly Dictionary<string, string> None = [];

    public static RunOutcome Done() => new(RunOutcomeKind.Done, null, "done", None);

    public static RunOutcome Transient(string message) => new(RunOutcomeKind.Transient, CauseTable.PackageUnavailable, message, None);
}

/// <summary>The platform refused the office's API key.</summary>
internal sealed class PlatformAuthenticationException(string message) : Exception(message);

/// <summary>
/// The accounting platform over HTTP/JSON: fetch pending tasks (an idempotent GET, retried with back-off and a
/// time-out per attempt), report results and run tasks in the package (POSTs, never retried here: a failed report is
/// made again when the platform offers the task again, a failed run is retried by the queue with back-off).
/// </summary>
internal sealed class PlatformClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly string _office;
    private readonly TimeSpan _requestTimeout;
    private readonly ResiliencePipeline<HttpResponseMessage> _getPipeline;

    public PlatformClient(Uri platformUrl, string office, string apiKey, TimeSpan requestTimeout, TimeSpan fetchRetryDelay, HttpMessageHandler? handler = null)
    {
        var baseUrl = platformUrl.AbsoluteUri.EndsWith('/') ? platformUrl : new Uri(platformUrl.AbsoluteUri + "/");
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUrl,
            Timeout = Timeout.InfiniteTimeSpan, // per call below, so that a time-out is told apart from a shutdown
        };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        this._office = Uri.EscapeDataString(office);
        this._requestTimeout = requestTimeout;
        _getPipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 3,
                Delay = fetchRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests),
            })
            .AddTimeout(requestTimeout)
            .Build();
    }

    /// <summary>Fetches the office's pending tasks, in order of delivery.</summary>
    /// <exception cref="PlatformAuthenticationException">The API key was refused.</exception>
    /// <exception cref="HttpRequestException">The platform could not be reached or answered an error.</exception>
    public async Task<IReadOnlyList<PendingTask>> GetPendingAsync(CancellationToken cancellationToken)
    {
        using var response = await _getPipeline.ExecuteAsync(
            async token => await _http.GetAsync(new Uri($"api/offices/{_office}/tasks?pending", UriKind.Relative), token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new PlatformAuthenticationException(
                $"The platform refused the API key of office {Uri.UnescapeDataString(_office)} (HTTP {(int)response.StatusCode}). Check the apiKey setting.");
        }

        response.EnsureSuccessStatusCode();
        var tasks = await response.Content.ReadFromJsonAsync<List<PendingTask>>(Json, cancellationToken).ConfigureAwait(false);
        return tasks ?? [];
    }

    /// <summary>Reports a task's result to the platform.</summary>
    /// <returns><c>null</c> when it was accepted, otherwise why not.</returns>
    public async Task<string?> ReportAsync(string taskId, TaskResult result, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(
                new Uri($"api/offices/{_office}/tasks/{Uri.EscapeDataString(taskId)}/result", UriKind.Relative), result, Json, timeout.Token)
                .ConfigureAwait(false);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return e is OperationCanceledException ? $"no answer within {_requestTimeout}" : e.Message;
        }
    }

    /// <summary>Runs a task in the accounting package.</summary>
    public async Task<RunOutcome> RunAsync(string dossier, string taskId, string kind, string payload, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await _http.PostAsJsonAsync(
                new Uri($"api/package/{Uri.EscapeDataString(dossier)}/run", UriKind.Relative),
                new { taskId, kind, payload },
                Json,
                timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return RunOutcome.Done();
            }

            var status = (int)response.StatusCode;
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new RunOutcome(RunOutcomeKind.Refused, null, $"The package refused the API key (HTTP {status}). Check the apiKey setting.", new Dictionary<string, string>());
            }

            var error = await ReadErrorAsync(response, timeout.Token).ConfigureAwait(false);
            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            {
                return error is { Cause: { } c } && c != CauseTable.PackageUnavailable && status == 500
                    ? Failed(error, status)
                    : RunOutcome.Transient(error?.Message ?? $"HTTP {status} {response.ReasonPhrase}");
            }

            return Failed(error, status);
        }
        catch (HttpRequestException e)
        {
            return RunOutcome.Transient($"The package could not be reached: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RunOutcome.Transient($"The package did not answer within {_requestTimeout}.");
        }
    }

    public void Dispose() => _http.Dispose();

    private static RunOutcome Failed(PackageError? error, int status) =>
        error is { Cause: { Length: > 0 } cause }
            ? new RunOutcome(RunOutcomeKind.Failed, cause, error.Message ?? cause, error.Details ?? new Dictionary<string, string>())
            : new RunOutcome(RunOutcomeKind.Failed, CauseTable.Unknown, error?.Message ?? $"HTTP {status.ToString(CultureInfo.InvariantCulture)} without a cause", new Dictionary<string, string>());

    private static async Task<PackageError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<PackageError>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private sealed record PackageError(string? Cause, string? Message, Dictionary<string, string>? Details);
}
