using System.Net.Http.Headers;
using System.Runtime.Serialization;
using System.Security;
using System.ServiceModel;
using System.Text;
using System.Xml;
using ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// The portal's <c>FindSubmission</c> as one plain HTTP POST of its SOAP 1.1 envelope (the contract's document/literal
/// form, as the WCF proxy writes it), the answer's <see cref="SubmissionInfo"/> read element by element for what a poll
/// needs (<see cref="PortalStatus"/>). An idle run asks this 10,000 times with 10,000 pending; through WCF's channel stack each
/// call also cost a message, an encoder's reader and writer, a time-out timer and several thread hops, most of the
/// host's processor time per status call. Its failures are told as <see cref="SoapFailures"/> tells the proxy's: a
/// refused user name or password as <see cref="Abstractions.Documents.TargetAuthenticationException"/>, anything else
/// as a passing failure. Submissions stay on the WCF proxy (streamed, large).
/// </summary>
internal sealed class StatusLookUp : IDisposable
{
    private const string Operation = "FindSubmission";

    private const string Action = AccorderingNamespace.Value + "/AccorderingService/" + Operation;

    private const string QuotedAction = "\"" + Action + "\"";

    private const string Soap11 = "http://schemas.xmlsoap.org/soap/envelope/";

    private static readonly DataContractSerializer AuthenticationDetail = new(typeof(AuthenticationFault));

    private static readonly MediaTypeHeaderValue TextXml = new("text/xml") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly byte[] _head;
    private readonly byte[] _tail;

    /// <param name="endpoint">The accordering service's address.</param>
    /// <param name="timeout">How long one call may take.</param>
    /// <param name="userName">The office's portal account.</param>
    /// <param name="password">Its password.</param>
    public StatusLookUp(Uri endpoint, TimeSpan timeout, string userName, string password)
    {
        Endpoint = endpoint;
        Timeout = timeout;
        // No redirects (a redirected SOAP post is told as an answer that is not SOAP) and no cookies: two handlers less per call.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false, UseCookies = false }) { Timeout = timeout };
        _head = Encoding.UTF8.GetBytes(
            $"""<s:Envelope xmlns:s="{Soap11}"><s:Body><{Operation} xmlns="{AccorderingNamespace.Value}"><userName>{Escape(userName)}</userName><password>{Escape(password)}</password><idempotencyKey>""");
        _tail = Encoding.UTF8.GetBytes($"</idempotencyKey></{Operation}></s:Body></s:Envelope>");
    }

    public Uri Endpoint { get; }

    public TimeSpan Timeout { get; }

    /// <summary>The submission the portal holds under <paramref name="idempotencyKey"/>, or <c>null</c>.</summary>
    public async Task<PortalStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        int? status = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = Envelope(idempotencyKey) };
            request.Headers.TryAddWithoutValidation("SOAPAction", QuotedAction);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!IsXml(response) || body.Length == 0)
            {
                throw new CommunicationException($"the answer was HTTP {status} {response.Content.Headers.ContentType?.MediaType ?? "without a body"}");
            }

            return Read(body);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException ex)
        {
            // HttpClient's time-out; its inner exceptions (the aborted socket read) are left out, or it would read as unreachable.
            throw SoapFailures.Map(Operation, Endpoint, Timeout, status, new TimeoutException(ex.Message));
        }
        catch (HttpRequestException ex)
        {
            throw SoapFailures.Map(Operation, Endpoint, Timeout, status, new CommunicationException(ex.Message, ex));
        }
        catch (Exception ex) when (ex is XmlException or SerializationException)
        {
            throw SoapFailures.Map(Operation, Endpoint, Timeout, status, new CommunicationException($"the answer is not {Operation}'s SOAP answer: {ex.Message}", ex));
        }
        catch (CommunicationException ex)
        {
            throw SoapFailures.Map(Operation, Endpoint, Timeout, status, ex);
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool IsXml(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type
        && (type.Equals("text/xml", StringComparison.OrdinalIgnoreCase) || type.Equals("application/soap+xml", StringComparison.OrdinalIgnoreCase));

    private ByteArrayContent Envelope(string idempotencyKey)
    {
        var key = Encoding.UTF8.GetBytes(Escape(idempotencyKey));
        var bytes = new byte[_head.Length + key.Length + _tail.Length];
        _head.CopyTo(bytes, 0);
        key.CopyTo(bytes, _head.Length);
        _tail.CopyTo(bytes, _head.Length + key.Length);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = TextXml;
        return content;
    }

    /// <summary>The answer's body: the result, or the fault as the exception the WCF proxy throws for it.</summary>
    internal static PortalStatus? Read(byte[] body)
    {
        using var reader = XmlDictionaryReader.CreateTextReader(body, XmlDictionaryReaderQuotas.Max);
        return Answer(reader);
    }

    private static PortalStatus? Answer(XmlDictionaryReader reader)
    {
        reader.MoveToContent();
        reader.ReadStartElement("Envelope", Soap11);
        if (reader.IsStartElement("Header", Soap11))
        {
            reader.Skip();
        }

        reader.ReadStartElement("Body", Soap11);
        if (reader.IsStartElement("Fault", Soap11))
        {
            throw Fault(reader);
        }

        if (!reader.IsStartElement(Operation + "Response", AccorderingNamespace.Value))
        {
            throw new XmlException($"the body holds {reader.LocalName} instead of {Operation}Response");
        }

        if (reader.IsEmptyElement)
        {
            return null; // no result element: the portal never received the key (the proxy reads it so too)
        }

        reader.ReadStartElement();
        reader.MoveToContent();
        return reader.IsStartElement(Operation + "Result", AccorderingNamespace.Value) ? Submission(reader) : null;
    }

    /// <summary>
    /// The result's reference, status and reason (what a poll needs; the rest is skipped), read element by element:
    /// a data contract serializer's read cost more than the HTTP call around it. An element missing that the contract
    /// requires is an error, as it is for the serializer.
    /// </summary>
    private static PortalStatus? Submission(XmlDictionaryReader reader)
    {
        if (IsNil(reader) || reader.IsEmptyElement)
        {
            return null; // nil: the portal never received the key
        }

        string? reference = null;
        string? reason = null;
        SubmissionStatus? status = null;
        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.NamespaceURI != AccorderingNamespace.Value)
            {
                reader.Skip();
                continue;
            }

            switch (reader.LocalName)
            {
                case nameof(SubmissionInfo.Reference):
                    reference = reader.ReadElementContentAsString();
                    break;
                case nameof(SubmissionInfo.Status):
                    var text = reader.ReadElementContentAsString();
                    status = Enum.TryParse<SubmissionStatus>(text, ignoreCase: false, out var known) && Enum.IsDefined(known)
                        ? known
                        : throw new XmlException($"the status '{text}' is not one of the contract's");
                    break;
                case nameof(SubmissionInfo.Reason) when IsNil(reader):
                    reader.Skip();
                    break;
                case nameof(SubmissionInfo.Reason):
                    reason = reader.ReadElementContentAsString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return reference is not null && status is { } s
            ? new PortalStatus(reference, s, reason)
            : throw new XmlException($"the result lacks its {(reference is null ? "Reference" : "Status")}");
    }

    private static bool IsNil(XmlDictionaryReader reader) =>
        reader.GetAttribute("nil", "http://www.w3.org/2001/XMLSchema-instance") is { } nil && XmlConvert.ToBoolean(nil);

    /// <summary>A SOAP 1.1 fault: <c>faultcode</c>, <c>faultstring</c>, and the authentication detail when it is one.</summary>
    private static FaultException Fault(XmlDictionaryReader reader)
    {
        var reason = "the portal gave no reason";
        AuthenticationFault? authentication = null;
        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.IsStartElement("faultstring", string.Empty))
            {
                reason = reader.ReadElementContentAsString();
            }
            else if (reader.IsStartElement("detail", string.Empty) && !reader.IsEmptyElement)
            {
                reader.ReadStartElement();
                reader.MoveToContent();
                if (reader.IsStartElement(nameof(AuthenticationFault), AccorderingNamespace.Value))
                {
                    authentication = (AuthenticationFault?)AuthenticationDetail.ReadObject(reader);
                }

                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    reader.Skip();
                    reader.MoveToContent();
                }

                reader.ReadEndElement();
            }
            else
            {
                reader.Skip();
            }
        }

        return authentication is not null
            ? new FaultException<AuthenticationFault>(authentication, reason)
            : new FaultException(reason);
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}

/// <summary>What the portal answered about a submission: its reference, where it stands and why.</summary>
/// <param name="Reference">The portal's reference.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Reason">Why it was refused, rejected, withdrawn or not matched; <c>null</c> otherwise.</param>
internal sealed record PortalStatus(string Reference, SubmissionStatus Status, string? Reason);
