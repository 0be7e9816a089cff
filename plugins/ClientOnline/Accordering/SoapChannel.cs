using System.Runtime.CompilerServices;
using System.ServiceModel;
using System.ServiceModel.Channels;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// The WCF client of a ClientOnline service (accordering, beheer): one <see cref="ChannelFactory{TChannel}"/> over BasicHttpBinding
/// (SOAP 1.1; transport security for https), a channel per call, closed after a good call and aborted after a
/// failed one. Failures are turned into the host's exceptions by <see cref="SoapFailures"/>. With a
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

    /// <summary>Calls one operation on a fresh channel.</summary>
    /// <param name="operation">The operation's name, for messages.</param>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Aborts the call.</param>
    /// <returns>The answer.</returns>
    public async Task<T> CallAsync<T>(string operation, Func<TService, Task<T>> call, CancellationToken cancellationToken)
    {
        using var place = _gate is null ? null : await _gate.EnterAsync(cancellationToken).ConfigureAwait(false);
        var service = _factory.CreateChannel();
        var channel = (IClientChannel)service!;
        var status = new StrongBox<int?>();
        HttpStatusCapture.Current.Value = status;
        try
        {
            var result = await call(service).WaitAsync(cancellationToken).ConfigureAwait(false);
            await CloseAsync(channel).ConfigureAwait(false);
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            channel.Abort();
            throw;
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            channel.Abort();
            if (status.Value is 429 or 503)
            {
                _gate?.PauseFor(BackPressurePause);
            }

            throw SoapFailures.Map(operation, Endpoint, Timeout, status.Value, ex);
        }
        catch
        {
            channel.Abort();
            throw;
        }
        finally
        {
            HttpStatusCapture.Current.Value = null;
        }
    }

    /// <summary>Closes a channel after a good call; a failure to close does not undo the call's answer.</summary>
    private static async Task CloseAsync(IClientChannel channel)
    {
        try
        {
            await Task.Factory.FromAsync(channel.BeginClose, channel.EndClose, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            channel.Abort();
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
