using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Sandbox;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>
/// The status look-up the polls go through (a plain HTTP POST of FindSubmission's envelope, not the WCF proxy) against
/// the sandbox portal: the same answers as the proxy's, and its failures told as the proxy's are.
/// </summary>
public sealed class StatusLookUpTests
{
    [Fact]
    [Trait("Req", "CO-8")]
    [Trait("Req", "OF-2")]
    public async Task The_look_up_finds_a_submission_by_key_and_answers_null_for_a_key_never_received()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var submitted = await h.CreateTarget().SubmitAsync(Submission("key-<&>\"'"), CancellationToken.None);
        using var lookUp = LookUp(h);

        var found = (await lookUp.FindAsync("key-<&>\"'", CancellationToken.None)).ShouldNotBeNull();

        found.Reference.ShouldBe(submitted.PortalReference);
        found.Status.ShouldBe(Contracts.SubmissionStatus.Pending);
        found.Reason.ShouldBeNull();
        (await lookUp.FindAsync("never-sent", CancellationToken.None)).ShouldBeNull();

        await h.DecideAsync(submitted.PortalReference!, "reject", "Verkeerde versie & <jaar>");
        var rejected = (await lookUp.FindAsync("key-<&>\"'", CancellationToken.None)).ShouldNotBeNull();
        rejected.Status.ShouldBe(Contracts.SubmissionStatus.Rejected);
        rejected.Reason.ShouldBe("Verkeerde versie & <jaar>");
        rejected.Reference.ShouldBe(submitted.PortalReference);
    }

    [Fact]
    [Trait("Req", "CO-12")]
    public async Task Refused_credentials_unreachable_timeout_SOAP_fault_and_HTTP_503_are_told_as_the_proxy_tells_them()
    {
        await using var h = await ClientOnlineHarness.StartAsync();

        using var wrong = new StatusLookUp(h.Portal.ServiceUrl, TimeSpan.FromSeconds(20), "demo", "wrong");
        var refused = await Should.ThrowAsync<TargetAuthenticationException>(() => wrong.FindAsync("k", CancellationToken.None));
        refused.Message.ShouldContain("refused user name 'demo'");
        refused.Message.ShouldNotContain("wrong");

        var nowhere = new Uri($"http://127.0.0.1:{FreePort()}/soap/2010/accordering");
        using var unreachable = new StatusLookUp(nowhere, TimeSpan.FromSeconds(20), "demo", "demo");
        var down = await Should.ThrowAsync<TransientFailureException>(() => unreachable.FindAsync("k", CancellationToken.None));
        down.Message.ShouldContain($"ClientOnline at {nowhere} could not be reached for FindSubmission");

        await h.SetFaultsAsync(new FaultSettings { LatencyMs = 3000, Latency = new FaultRule { NextCalls = 1 } });
        using var impatient = new StatusLookUp(h.Portal.ServiceUrl, TimeSpan.FromSeconds(1), "demo", "demo");
        var slow = await Should.ThrowAsync<TransientFailureException>(() => impatient.FindAsync("k", CancellationToken.None));
        slow.Message.ShouldContain("did not answer FindSubmission within 1 s");

        using var lookUp = LookUp(h);
        await h.SetFaultsAsync(new FaultSettings { SoapFault = new FaultRule { NextCalls = 1 } });
        var fault = await Should.ThrowAsync<TransientFailureException>(() => lookUp.FindAsync("k", CancellationToken.None));
        fault.Message.ShouldContain("answered FindSubmission with a SOAP fault: Injected SOAP fault");

        await h.SetFaultsAsync(new FaultSettings { Http503 = new FaultRule { NextCalls = 1 } });
        var busy = await Should.ThrowAsync<TransientFailureException>(() => lookUp.FindAsync("k", CancellationToken.None));
        busy.Message.ShouldContain("answered FindSubmission with HTTP 503 (ServiceUnavailable) instead of a SOAP answer");

        (await lookUp.FindAsync("k", CancellationToken.None)).ShouldBeNull("the faults were for one call each");
    }

    [Fact]
    [Trait("Req", "CO-8")]
    public void Answers_read_one_after_another_are_each_told_as_their_own_also_after_a_fault_and_a_cut_answer()
    {
        // The answer's elements in another order than the proxy writes them, a nil reason, an escaped reason, a fault,
        // a cut answer and a response without a result, read one after another on one thread.
        const string ns = Contracts.AccorderingNamespace.Value;
        static byte[] Envelope(string body) => System.Text.Encoding.UTF8.GetBytes(
            $"""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{body}</s:Body></s:Envelope>""");
        var approved = Envelope($"""<FindSubmissionResponse xmlns="{ns}"><FindSubmissionResult xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Reason i:nil="true"/><Reference>CO-1</Reference><Status>Approved</Status></FindSubmissionResult></FindSubmissionResponse>""");
        var rejected = Envelope($"""<FindSubmissionResponse xmlns="{ns}"><FindSubmissionResult><Reason>Verkeerd &amp; oud</Reason><Reference>CO-2</Reference><Status>Rejected</Status></FindSubmissionResult></FindSubmissionResponse>""");
        var fault = Envelope("""<s:Fault><faultcode>s:Server</faultcode><faultstring>Onderhoud</faultstring></s:Fault>""");
        var cut = Envelope($"""<FindSubmissionResponse xmlns="{ns}"><FindSubmissionResult><Reference>CO-3</Ref""")[..^40];
        var unknown = Envelope($"""<FindSubmissionResponse xmlns="{ns}"/>""");

        var first = StatusLookUp.Read(approved).ShouldNotBeNull();
        first.ShouldBe(new PortalStatus("CO-1", Contracts.SubmissionStatus.Approved, null));
        Should.Throw<System.ServiceModel.FaultException>(() => StatusLookUp.Read(fault)).Message.ShouldBe("Onderhoud");
        Should.Throw<System.Xml.XmlException>(() => StatusLookUp.Read(cut));
        StatusLookUp.Read(rejected).ShouldBe(new PortalStatus("CO-2", Contracts.SubmissionStatus.Rejected, "Verkeerd & oud"));
        StatusLookUp.Read(unknown).ShouldBeNull();
        StatusLookUp.Read(approved).ShouldBe(first);
    }

    private static StatusLookUp LookUp(ClientOnlineHarness h) => new(h.Portal.ServiceUrl, TimeSpan.FromSeconds(20), "demo", "demo");

    private static DocumentSubmission Submission(string key) =>
        new(key, "12345678_a.pdf", "%PDF-1.4"u8.ToArray(), new DocumentMetadata { ClientNumber = "12345678", ClientNumberKind = ClientNumberKind.KvK, DocumentType = "jaarrekening" });

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
