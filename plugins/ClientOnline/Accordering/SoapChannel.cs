using System.Runtime.CompilerServices;
using System.ServiceModel;
using System.ServiceModel.Channels;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// The WCF client of a ClientOnline service (accordering, beheer): one <see cref="ChannelFactory{TChannel}"/> over BasicHttpBinding
/// (SOAP 1.1; transport security for https) and one channel shared by the calls in flight (an HTTP request channel
/// takes concurrent calls; a channel per call cost a proxy, a channel stack, an open and a close each time: at 10,000
/// status polls a run that was a third of the host's CPU). A channel that faulted is aborted and replaced at the next
/// call. Failures are turned into the host's exceptions by <see cref="SoapFailures"/>. With a
/// <see cref="CallGate"/> (the pipeline's <c>maxInFlight</c>), at most that many calls are in flight, and an HTTP 429
/// or 503 holds every call of the pipeline back for <see cref="BackPressurePause"/>, not only the one that got it.
/// </summary>
internal sealed class SoapChannel<TService> : IDisposable
    where TService : class
{
    /// <summary>How long a 429 or 503 holds back every call of the pipeline (the SOAP answer carries no Retry-After we read).</summary>
    public static readonly TimeSpan BackPressurePause = TimeSpan.FromSeconds(1);

    private readonly ChannelFactory<TService> _factory;
    private readonly CallGate? _gate;
    private readonly Lock _channelLock = new();
    private TService? _channel;

    public SoapChannel(Uri endpoint, TimeSpan timeout, CallGate? gate = null)
    {
        _gate = gate;
        Endpoint = endpoint;
        Timeout = timeout;
        var security = endpoint.Scheme == Uri.UriSchemeHttps ? BasicHttpSecurityMode.Transport : BasicHttpSecurityMode.None;
        var binding = new BasicHttpBinding(security)
        {
            MaxReceivedMessageSize = 64L << 20,
            MaxBufferSize = 64 << 20,
            OpenTimeout = timeout,
            SendTimeout = timeout,
            ReceiveTimeout = timeout,
            CloseTimeout = TimeSpan.FromSeconds(10),

            // The request is written to the connection as it is encoded (the document's base64 in chunks), not built as
            // one buffer first: a 45 MB PDF then costs its own bytes and little more while it is submitted.
            TransferMode = TransferMode.StreamedRequest,
        };
        binding.ReaderQuotas.MaxArrayLength = int.MaxValue;
        binding.ReaderQuotas.MaxStringContentLength = int.MaxValue;
        _factory = new ChannelFactory<TService>(binding, new EndpointAddress(endpoint));
        _factory.Endpoint.EndpointBehaviors.Add(new HttpStatusCapture());
    }

    public Uri Endpoint { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The calls in flight and the shared pause, when the channel has a gate.</summary>
    public CallGate? Gate => _gate;

    /// <summary>Calls one operation on the shared channel.</summary>
    /// <param name="operation">The operation's name, for messages.</param>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Aborts the call.</param>
    /// <returns>The answer.</returns>
    public async Task<T> CallAsync<T>(string operation, Func<TService, Task<T>> call, CancellationToken cancellationToken)
    {
        using var place = _gate is null ? null : await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var service = Channel();
        var status = new StrongBox<int?>();
        HttpStatusCapture.Current.Value = status;
        try
        {
            // A cancelled call is left to end by itself (the shared channel is not aborted for one call); stopping
            // the host closes the factory, which aborts what is still in flight.
            return await call(service).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            if (status.Value is 429 or 503)
            {
                _gate?.PauseFor(BackPressurePause);
            }

            throw SoapFailures.Map(operation, Endpoint, Timeout, status.Value, ex);
        }
        finally
        {
            HttpStatusCapture.Current.Value = null;
        }
    }

    /// <summary>The shared channel, opened; a new one when the last faulted or was closed.</summary>
    private TService Channel()
    {
        lock (_channelLock)
        {
            if (_channel is ICommunicationObject { State: CommunicationState.Created or CommunicationState.Opening or CommunicationState.Opened })
            {
                return _channel;
            }

            (_channel as ICommunicationObject)?.Abort();
            var channel = _factory.CreateChannel();
            ((ICommunicationObject)channel!).Open();
            _channel = channel;
            return channel;
        }
    }

    public void Dispose()
    {
        _gate?.Dispose();
        if (_factory.State == CommunicationState.Opened)
        {
            try
            {
                _factory.Close();
                return;
            }
            catch (Exception ex) when (ex is CommunicationException or TimeoutException)
            {
                // fall through to Abort
            }
        }

        _factory.Abort();
    }
}
