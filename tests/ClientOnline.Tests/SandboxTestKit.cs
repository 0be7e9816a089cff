using System.Net.Http.Json;
using System.ServiceModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>Starts sandbox portals and talks to them the way the plugin and a person will.</summary>
internal static class SandboxTestKit
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static Task<SandboxPortal> StartAsync(Action<SandboxPortalOptions>? configure = null)
    {
        var options = new SandboxPortalOptions { MinimumLogLevel = LogLevel.None };
        configure?.Invoke(options);
        return SandboxPortal.StartAsync(options);
    }

    /// <summary>A WCF client over BasicHttpBinding (SOAP 1.1), as RECIPES.md describes.</summary>
    public static WcfClient Wcf(SandboxPortal portal) => new(portal.ServiceUrl);

    public static HttpClient Http(SandboxPortal portal) => new() { BaseAddress = portal.BaseUrl };

    public static SubmitDocumentRequest Request(
        string key,
        string clientNumber = "12345678",
        ClientNumberKind kind = ClientNumberKind.KvK,
        string documentType = "jaarrekening",
        string fileName = "12345678_jaarrekening.pdf",
        byte[]? content = null,
        string password = "demo") => new()
        {
            UserName = "demo",
            Password = password,
            IdempotencyKey = key,
            FileName = fileName,
            Content = content ?? "%PDF-1.4 test"u8.ToArray(),
            ClientNumber = clientNumber,
            ClientNumberKind = kind,
            DocumentType = documentType,
            PeriodFrom = new DateTime(2024, 1, 1),
            PeriodTo = new DateTime(2024, 12, 31),
            Notify = true,
        };

    public static async Task<T> GetJsonAsync<T>(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static async Task<HttpResponseMessage> SendJsonAsync(this HttpClient http, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return await http.SendAsync(request);
    }

    public static async Task<T> ReadJsonAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(Json))!;
}

/// <summary>A channel from a <see cref="ChannelFactory{TChannel}"/>, closed (or aborted) on dispose.</summary>
internal sealed class WcfClient : IDisposable
{
    private readonly ChannelFactory<IAccorderingService> _factory;

    public WcfClient(Uri serviceUrl)
    {
        var binding = new BasicHttpBinding(BasicHttpSecurityMode.None)
        {
            MaxReceivedMessageSize = 64L << 20,
            MaxBufferSize = 64 << 20,
        };
        binding.ReaderQuotas.MaxArrayLength = int.MaxValue;
        _factory = new ChannelFactory<IAccorderingService>(binding, new EndpointAddress(serviceUrl));
        Service = _factory.CreateChannel();
    }

    public IAccorderingService Service { get; }

    public void Dispose()
    {
        var channel = (ICommunicationObject)Service;
        if (channel.State == CommunicationState.Faulted)
        {
            channel.Abort();
        }
        else
        {
            try
            {
                channel.Close();
            }
            catch (CommunicationException)
            {
                channel.Abort();
            }
        }

        if (_factory.State == CommunicationState.Faulted)
        {
            _factory.Abort();
        }
        else
        {
            _factory.Close();
        }
    }
}
