using System.Net;
using ConnectorHost.Abstractions.Sync;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>One opt-in as Certipost takes it.</summary>
internal sealed record OptInDto(
    string Type,
    string CustomerReference,
    string Name,
    string VatNumber,
    string Email,
    string Language,
    string Street,
    string PostalCode,
    string City,
    string CountryCode);

internal sealed record OptInBatchDto(string SenderReference, IReadOnlyList<OptInDto> OptIns);

internal sealed record OptInBatchAcceptedDto(string AuditId, int Accepted);

internal sealed record OptInBatchRefusedDto(string? Error, IReadOnlyList<string>? Reasons);

/// <summary>One customer on Certipost's daily list.</summary>
internal sealed record EnrolmentDto(string CustomerReference, string? VatNumber, string Status, DateTimeOffset? EnrolledAt, DateTimeOffset? UnsubscribedAt);

/// <summary>The daily list, or a page of it; <paramref name="Total"/> is the whole list's (null from a service that does not page).</summary>
internal sealed record EnrolmentListDto(DateTimeOffset GeneratedAt, IReadOnlyList<EnrolmentDto> Customers, int? Total = null);

/// <summary>
/// Certipost's e-invoicing API over HTTP/JSON: opt-in batches and the daily list of enrolled customers, read by page.
/// Every call goes through the pipeline's <see cref="CallGate"/> (OF-1): at most <c>maxInFlight</c> at once, and a 429
/// or 503 holds back every call of the pipeline for its <c>Retry-After</c> (else a second). A page of the list is
/// read again after such a pause (at most <see cref="PageAttempts"/> times); a batch is not: it keeps its reference,
/// and the next send repeats it, which Certipost answers as before.
/// </summary>
internal sealed class CertipostClient : IDisposable
{
    /// <summary>How often one page of the daily list is asked before the run gives up (the next run reads it again).</summary>
    public const int PageAttempts = 4;

    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient _http;
    private readonly CallGate _gate;
    private readonly int _pageSize;

    public CertipostClient(CertipostConnectionSettings settings, int maxInFlight = 1, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _gate = new CallGate(maxInFlight, clock);
        _pageSize = settings.PageSize;
        BatchSize = settings.BatchSize;
        var baseUrl = settings.BaseUrl ?? throw new ArgumentException("Certipost's baseUrl is missing.", nameof(settings));
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/"),
            Timeout = settings.Timeout,
        };
        _http.DefaultRequestHeaders.Add(ApiKeyHeader, settings.ApiKey);
    }

    /// <summary>Opt-ins per batch.</summary>
    public int BatchSize { get; }

    /// <summary>The pipeline's calls: how many at once, the most so far.</summary>
    public CallGate Gate => _gate;

    /// <summary>Sends one batch; Certipost takes all of it or none.</summary>
    public async Task<OptInBatchAcceptedDto> SendOptInsAsync(OptInBatchDto batch, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(
            () => _http.PostAsJsonAsync(new Uri("api/v1/optins", UriKind.Relative), batch, Json, cancellationToken),
            "send the opt-in batch",
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            var refused = await ReadAsync<OptInBatchRefusedDto>(response, cancellationToken).ConfigureAwait(false);
            throw new CertipostBatchRefusedException(refused?.Error ?? "Certipost refused the batch.", refused?.Reasons ?? []);
        }

        await EnsureSuccessAsync(response, "send the opt-in batch", cancellationToken).ConfigureAwait(false);
        return await ReadAsync<OptInBatchAcceptedDto>(response, cancellationToken).ConfigureAwait(false)
            ?? throw new CertipostUnavailableException("Certipost accepted the batch but its answer was empty.");
    }

    /// <summary>
    /// The list of enrolled customers: its first page, then the other pages up to <c>maxInFlight</c> at once, each
    /// asked as of the first page's moment. When the list's total differs between pages (a customer removed while it
    /// was read), it is read again, at most three times.
    /// </summary>
    public async Task<EnrolmentListDto> GetEnrolmentsAsync(CancellationToken cancellationToken)
    {
        for (var reading = 1; ; reading++)
        {
            var first = await GetPageAsync(1, null, cancellationToken).ConfigureAwait(false);
            if (first.Total is not { } total || total <= first.Customers.Count)
            {
                return first;
            }

            var pages = (total + _pageSize - 1) / _pageSize;
            var rest = await Task.WhenAll(Enumerable.Range(2, pages - 1).Select(page => GetPageAsync(page, first.GeneratedAt, cancellationToken))).ConfigureAwait(false);
            var customers = first.Customers.Concat(rest.SelectMany(r => r.Customers)).ToList();
            if (rest.All(r => r.Total == total) && customers.Count == total)
            {
                return new EnrolmentListDto(first.GeneratedAt, customers, total);
            }

            if (reading == 3)
            {
                throw new CertipostUnavailableException($"Certipost's list of enrolled customers changed while it was read page by page ({pages} pages of {_pageSize}), three times in a row; the next run reads it again.");
            }
        }
    }

    private async Task<EnrolmentListDto> GetPageAsync(int page, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var what = $"fetch page {page} of the list of enrolled customers";
        var query = $"api/v1/enrolments?page={page}&pageSize={_pageSize}" + (asOf is { } at ? "&asOf=" + Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)) : string.Empty);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await CallAsync(() => _http.GetAsync(new Uri(query, UriKind.Relative), cancellationToken), what, cancellationToken).ConfigureAwait(false);
                await EnsureSuccessAsync(response, what, cancellationToken).ConfigureAwait(false);
                return await ReadAsync<EnrolmentListDto>(response, cancellationToken).ConfigureAwait(false)
                    ?? throw new CertipostUnavailableException("Certipost's list of enrolled customers was empty.");
            }
            catch (CertipostUnavailableException) when (attempt < PageAttempts)
            {
                // A page is only read: ask it again, after the pause a 429 or 503 set for the whole pipeline (or a second).
                if (_gate.PausedUntil <= DateTimeOffset.UtcNow)
                {
                    _gate.PauseFor(TimeSpan.FromSeconds(1));
                }
            }
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }

    private async Task<HttpResponseMessage> CallAsync(Func<Task<HttpResponseMessage>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            HttpResponseMessage response;
            using (await _gate.EnterAsync(cancellationToken).ConfigureAwait(false))
            {
                response = await call().ConfigureAwait(false);
            }

            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                // Shared back-pressure (OF-1): every call of the pipeline waits, not only this one.
                _gate.PauseFor(response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow) ?? TimeSpan.FromSeconds(1));
            }

            return response;
        }
        catch (HttpRequestException e)
        {
            throw new CertipostUnavailableException($"Could not {what}: Certipost cannot be reached ({e.Message}).", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CertipostUnavailableException($"Could not {what}: Certipost did not answer in time.", e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CertipostAuthenticationException($"Certipost refused the API key ({(int)response.StatusCode}) when trying to {what}. Check 'certipost.apiKey'.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new CertipostUnavailableException($"Could not {what}: Certipost answered {(int)response.StatusCode} {response.ReasonPhrase}. {Shorten(body)}".TrimEnd());
        }
    }

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new CertipostUnavailableException($"Certipost's answer ({(int)response.StatusCode}) is not the expected JSON: {e.Message}", e);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
