using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>An answer of CaseWare Cloud that is not a passing failure: 2xx, or a 4xx refusal with the API's reason.</summary>
internal readonly record struct ApiAnswer(HttpStatusCode Status, string Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The API's own reason (its <c>Message</c>), or the status when it gave none.</summary>
    public string Reason
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        if (property.Name.Equals("Message", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                        {
                            return property.Value.GetString()!;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // not JSON: the body itself, shortened, is the best reason there is
            }

            var text = Body.Trim();
            return text.Length == 0 ? $"HTTP {(int)Status} {Status}" : $"HTTP {(int)Status}: {(text.Length <= 300 ? text : text[..300] + "...")}";
        }
    }

    public T Read<T>() => JsonSerializer.Deserialize<T>(Body, CaseWareCloudClient.Json)
        ?? throw new CaseWareCloudUnavailableException($"CaseWare Cloud answered {(int)Status} with an empty body where {typeof(T).Name} was expected.");
}

/// <summary>CaseWare Cloud cannot be reached, keeps failing or asks to wait too long; the next run resumes.</summary>
internal class CaseWareCloudUnavailableException : Exception
{
    public CaseWareCloudUnavailableException(string message)
        : base(message)
    {
    }

    public CaseWareCloudUnavailableException(string message, Exception? inner)
        : base(message, inner)
    {
    }
}

/// <summary>A call that creates something failed in a way that may have been carried out: look before trying again.</summary>
internal sealed class CaseWareCloudUncertainException(string message, Exception? inner) : CaseWareCloudUnavailableException(message, inner);

/// <summary>CaseWare Cloud refuses the API key.</summary>
internal sealed class CaseWareCloudAuthenticationException(string message) : Exception(message);

/// <summary>
/// CaseWare Cloud's API v2 over HTTP/JSON. Gets a Bearer token from <c>auth/token</c> when it needs one and a new one
/// once when a call says 401 (tokens live 30 minutes). A 429 waits the Retry-After; a 5xx, a time-out or a dropped
/// connection is tried again with back-off, up to <c>maxAttempts</c> (<see cref="CaseWareCloudRetries"/>, Polly); except
/// for calls that create something, which are not repeated blindly: the caller looks first
/// (<see cref="CaseWareCloudUncertainException"/>, <see cref="CreateLookingFirstAsync"/>). Counts its calls. At most the
/// pipeline's <c>maxInFlight</c> calls are in flight at once (<see cref="Gate"/>); a 429 or a 503 pauses all of them
/// (the Retry-After, or the first retry delay), not only the call that got it.
/// </summary>
internal sealed partial class CaseWareCloudClient : IDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private readonly HttpClient _http;
    private readonly CaseWareCloudConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly CaseWareCloudRetries _retries;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private readonly CallGate _gate;
    private string? _token;
    private long _calls;
    private long _writeCalls;

    /// <param name="settings">Where CaseWare Cloud is, the API key, the time-out and the retries.</param>
    /// <param name="logger">Where token renewals and retries are logged.</param>
    /// <param name="retryClock">Where the waits between tries are timed; the system's unless a test records them.</param>
    /// <param name="maxInFlight">The pipeline's <c>maxInFlight</c>: calls at the same time.</param>
    public CaseWareCloudClient(CaseWareCloudConnectionSettings settings, ILogger logger, TimeProvider? retryClock = null, int maxInFlight = IComponentContext.DefaultMaxInFlight)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseUrl = settings.BaseUrl ?? throw new ArgumentException("CaseWare Cloud's baseUrl is missing.", nameof(settings));
        _settings = settings;
        _logger = logger;
        _retries = new CaseWareCloudRetries(settings, retryClock ?? TimeProvider.System, logger);
        _gate = new CallGate(maxInFlight, retryClock ?? TimeProvider.System);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/ms/caseware-cloud/api/v2/"),
            Timeout = settings.Timeout,
        };
    }

    /// <summary>The API calls made, every attempt counted.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>The POST, PUT and DELETE calls made, not counting <c>auth/token</c>.</summary>
    public long WriteCalls => Interlocked.Read(ref _writeCalls);

    public Uri ApiUrl => _http.BaseAddress!;

    /// <summary>The calls in flight and the shared pause of the pipeline.</summary>
    public CallGate Gate => _gate;

    /// <summary>
    /// Runs a create that may have been carried out when it failed (<see cref="CaseWareCloudUncertainException"/>):
    /// logged, and after the back-off run again (it looks the record up first), at most <c>maxAttempts</c> times.
    /// </summary>
    /// <typeparam name="T">What the create gives.</typeparam>
    /// <param name="what">What is sent, for the log: "send client 1001 (Client 1 BV)".</param>
    /// <param name="create">One try: look up, else create.</param>
    /// <param name="cancellationToken">Stops the tries and the waits.</param>
    /// <returns>What the successful try gave.</returns>
    public Task<T> CreateLookingFirstAsync<T>(string what, Func<CancellationToken, ValueTask<T>> create, CancellationToken cancellationToken) =>
        _retries.UncertainAsync(what, create, cancellationToken);

    /// <summary>Makes one call; passing failures are retried as the class says.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">Relative to <c>api/v2/</c>.</param>
    /// <param name="body">The JSON body, or null.</param>
    /// <param name="what">What the call does, for messages: "create entity 1001".</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A 2xx or 4xx answer (401 and 429 are handled here).</returns>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, object? body, string what, CancellationToken cancellationToken)
    {
        var repeatable = method != HttpMethod.Post;
        var renewed = false;
        var outcome = await _retries.CallAsync(
            what,
            async token =>
            {
                while (true)
                {
                    var bearer = await TokenAsync(token).ConfigureAwait(false);
                    var tried = await CallAsync(method, path, body, bearer, token).ConfigureAwait(false);
                    if (tried.Answer is { Status: HttpStatusCode.Unauthorized } unauthorized)
                    {
                        if (renewed)
                        {
                            throw new CaseWareCloudAuthenticationException(
                                $"CaseWare Cloud refused a token it had just issued when trying to {what} ({unauthorized.Reason}). Check that the API key of 'caseWareCloud.clientId' may use the API.");
                        }

                        LogTokenExpired(what);
                        renewed = true;
                        InvalidateToken(bearer);
                        continue;
                    }

                    if (tried.RetryAfter is { } wait && wait > _settings.MaxRetryAfter)
                    {
                        throw new CaseWareCloudUnavailableException($"CaseWare Cloud asks to wait {wait} before the next call (429, rate limit), longer than 'maxRetryAfter' ({_settings.MaxRetryAfter}). The next run resumes.");
                    }

                    return tried.Passing && tried.RetryAfter is null && !repeatable
                        ? throw new CaseWareCloudUncertainException($"Could not {what}: {tried.Failure}.", tried.Exception)
                        : tried;
                }
            },
            cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Answer: { } answer } => answer,
            { RetryAfter: not null } => throw new CaseWareCloudUnavailableException($"Could not {what}: CaseWare Cloud still said 429 (too many requests) after {_settings.MaxAttempts} attempts. The next run resumes."),
            _ => throw new CaseWareCloudUnavailableException($"Could not {what}: {outcome.Failure}, {_settings.MaxAttempts} times. Is CaseWare Cloud down? The next run resumes where this one stopped.", outcome.Exception),
        };
    }

    public void Dispose()
    {
        _http.Dispose();
        _tokenGate.Dispose();
        _gate.Dispose();
    }

    private async Task<CallOutcome> CallAsync(
        HttpMethod method, string path, object? body, string? token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        Interlocked.Increment(ref _calls);
        if (method != HttpMethod.Get && token is not null)
        {
            Interlocked.Increment(ref _writeCalls);
        }

        try
        {
            using var place = await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var answer = new ApiAnswer(response.StatusCode, text);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfterOf(response);
                _gate.PauseFor(wait); // the whole pipeline waits, not only this call
                return new CallOutcome(null, "429 too many requests", null, wait);
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                _gate.PauseFor(_settings.FirstRetryDelay);
            }

            return (int)response.StatusCode >= 500
                ? new CallOutcome(null, $"CaseWare Cloud answered {(int)response.StatusCode} ({answer.Reason})", null, null)
                : new CallOutcome(answer, null, null, null);
        }
        catch (HttpRequestException e)
        {
            return new CallOutcome(null, $"CaseWare Cloud cannot be reached ({e.Message})", e, null);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new CallOutcome(null, $"CaseWare Cloud did not answer within {_settings.Timeout}", e, null);
        }
    }

    private TimeSpan RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null);
        if (wait is null && response.Headers.TryGetValues("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            wait = TimeSpan.FromSeconds(seconds);
        }

        return wait is { } w && w > TimeSpan.Zero ? w : _settings.FirstRetryDelay;
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _token) is { } token)
        {
            return token;
        }

        await _tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is { } fresh)
            {
                return fresh;
            }

            var body = new { _settings.ClientId, _settings.ClientSecret, _settings.Language };
            var outcome = await _retries.CallAsync(
                "get a token", async token => await CallAsync(HttpMethod.Post, "auth/token", body, null, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            if (outcome.Answer is { IsSuccess: true } ok)
            {
                using var document = JsonDocument.Parse(ok.Body);
                var value = document.RootElement.TryGetProperty("Token", out var t) ? t.GetString() : null;
                _token = string.IsNullOrEmpty(value)
                    ? throw new CaseWareCloudUnavailableException("CaseWare Cloud's auth/token answered without a Token.")
                    : value;
                return _token;
            }

            if (outcome.Answer is { } refused)
            {
                throw new CaseWareCloudAuthenticationException(
                    $"CaseWare Cloud refused the API key with ClientId '{_settings.ClientId}' ({(int)refused.Status}: {refused.Reason}). Check 'caseWareCloud.clientId' and 'caseWareCloud.clientSecret' (Settings, API keys in CaseWare Cloud).");
            }

            throw new CaseWareCloudUnavailableException($"Could not get a token from CaseWare Cloud: {outcome.Failure}, {_settings.MaxAttempts} times. The next run tries again.", outcome.Exception);
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    private void InvalidateToken(string? token) => Interlocked.CompareExchange(ref _token, null, token);

    [LoggerMessage(Level = LogLevel.Information, Message = "The CaseWare Cloud token expired while trying to {What}; getting a new one")]
    private partial void LogTokenExpired(string what);
}
