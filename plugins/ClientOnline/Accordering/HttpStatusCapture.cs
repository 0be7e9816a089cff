using System.Runtime.CompilerServices;
using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// Remembers the HTTP status of a call's response, so that a failure can say "HTTP 500" instead of WCF's words about
/// content types. WCF hands its <see cref="HttpClientHandler"/> to the <c>Func</c> this behavior adds to the binding
/// parameters; the status goes into the box the calling code put in <see cref="Current"/>.
/// </summary>
internal sealed class HttpStatusCapture : IEndpointBehavior
{
    /// <summary>The box of the call in progress on this async flow.</summary>
    public static readonly AsyncLocal<StrongBox<int?>?> Current = new();

    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters)
    {
        ArgumentNullException.ThrowIfNull(bindingParameters);
        bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(inner => new Handler(inner)));
    }

    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime)
    {
    }

    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
    {
    }

    public void Validate(ServiceEndpoint endpoint)
    {
    }

    private sealed class Handler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (Current.Value is { } box)
            {
                box.Value = (int)response.StatusCode;
            }

            return response;
        }
    }
}
