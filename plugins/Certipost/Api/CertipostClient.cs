using System.Net;
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

internal sealed record EnrolmentListDto(DateTimeOffset GeneratedAt, IReadOnlyList<EnrolmentDto> Customers);

/// <summary>Certipost's e-invoicing API over HTTP/JSON: opt-in batches and the daily list of enrolled customers.</summary>
internal sealed class CertipostClient : IDisposable
{
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient _http;

    public CertipostClient(CertipostConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var baseUrl = settings.BaseUrl ?? throw new ArgumentException("Certipost's baseUrl is missing.", nameof(settings));
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl.ToString().TrimEnd('/') + "/"),
            Timeout = settings.Timeout,
        };
        _http.DefaultRequestHeaders.Add(ApiKeyHeader, settings.ApiKey);
    }

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

    /// <summary>The list of enrolled customers.</summary>
    public async Task<EnrolmentListDto> GetEnrolmentsAsync(CancellationToken cancellationToken)
    {
        using var response = await CallAsync(
            () => _http.GetAsync(new Uri("api/v1/enrolments", UriKind.Relative), cancellationToken),
            "fetch the list of enrolled customers",
            cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, "fetch the list of enrolled customers", cancellationToken).ConfigureAwait(false);
        return await ReadAsync<EnrolmentListDto>(response, cancellationToken).ConfigureAwait(false)
            ?? throw new CertipostUnavailableException("Certipost's list of enrolled customers was empty.");
    }

    public void Dispose() => _http.Dispose();

    private static async Task<HttpResponseMessage> CallAsync(Func<Task<HttpResponseMessage>> call, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
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
