using System.Net;
using System.ServiceModel;
using System.Text;
using System.Xml.Linq;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using static ConnectorHost.Plugins.ClientOnline.Tests.SandboxTestKit;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>The sandbox portal over real SOAP: a hand-written envelope, the WCF client, faults and idempotency.</summary>
[Trait("Sandbox", "ClientOnline")]
public sealed class SandboxSoapTests
{
    private static readonly XNamespace Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    private static readonly XNamespace Co = AccorderingNamespace.Value;

    [Fact]
    public async Task A_non_dotnet_client_submits_with_a_hand_written_soap_envelope_over_plain_http()
    {
        await using var portal = await StartAsync();
        using var http = new HttpClient();
        const string envelope = """
            <?xml version="1.0" encoding="utf-8"?>
            <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:co="http://www.clientonline.nl/soap/2010/accordering">
              <soapenv:Header/>
              <soapenv:Body>
                <co:SubmitDocument>
                  <co:request>
                    <co:UserName>demo</co:UserName>
                    <co:Password>demo</co:Password>
                    <co:IdempotencyKey>4f2a9c0e-hand-written</co:IdempotencyKey>
                    <co:FileName>12345678_jaarrekening.pdf</co:FileName>
                    <co:Content>JVBERi0xLjQKJSBoYW5kLXdyaXR0ZW4K</co:Content>
                    <co:ClientNumber>12345678</co:ClientNumber>
                    <co:ClientNumberKind>KvK</co:ClientNumberKind>
                    <co:DocumentType>jaarrekening</co:DocumentType>
                    <co:PeriodFrom>2024-01-01T00:00:00</co:PeriodFrom>
                    <co:PeriodTo>2024-12-31T00:00:00</co:PeriodTo>
                    <co:Notify>true</co:Notify>
                  </co:request>
                </co:SubmitDocument>
              </soapenv:Body>
            </soapenv:Envelope>
            """;
        using var content = new StringContent(envelope, Encoding.UTF8, "text/xml");
        content.Headers.Add("SOAPAction", "\"http://www.clientonline.nl/soap/2010/accordering/AccorderingService/SubmitDocument\"");

        using var response = await http.PostAsync(portal.ServiceUrl, content);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var result = body.Root!.Element(Soap + "Body")!.Element(Co + "SubmitDocumentResponse")!.Element(Co + "SubmitDocumentResult")!;
        result.Element(Co + "Status")!.Value.ShouldBe("Pending");
        result.Element(Co + "Reference")!.Value.ShouldBe("CO-000001");
        result.Element(Co + "AlreadyReceived")!.Value.ShouldBe("false");
        result.Element(Co + "Deadline")!.Value.ShouldNotBeNullOrEmpty();
        var stored = portal.State.Submissions.ShouldHaveSingleItem();
        stored.ClientName.ShouldBe("Demo BV");
        stored.Size.ShouldBe(24);
        portal.State.Content("CO-000001").ShouldBe("%PDF-1.4\n% hand-written\n"u8.ToArray());
    }

    [Fact]
    public async Task The_wcf_client_round_trips_submit_find_status_and_withdraw()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();

        var submitted = await client.Service.SubmitDocumentAsync(Request("key-roundtrip", content: content));

        submitted.Status.ShouldBe(SubmissionStatus.Pending);
        submitted.Reference.ShouldBe("CO-000001");
        submitted.AlreadyReceived.ShouldBeFalse();
        submitted.Reason.ShouldBeNull();
        portal.State.Content(submitted.Reference).ShouldBe(content);

        var found = (await client.Service.FindSubmissionAsync("demo", "demo", "key-roundtrip")).ShouldNotBeNull();
        found.Reference.ShouldBe(submitted.Reference);
        found.IdempotencyKey.ShouldBe("key-roundtrip");
        found.FileName.ShouldBe("12345678_jaarrekening.pdf");
        found.DocumentType.ShouldBe("jaarrekening");
        found.Deadline.ShouldBe(submitted.Deadline);

        var status = await client.Service.GetSubmissionStatusAsync("demo", "demo", submitted.Reference);
        status.Status.ShouldBe(SubmissionStatus.Pending);

        var withdrawn = await client.Service.WithdrawSubmissionAsync("demo", "demo", submitted.Reference, "Wrong year.");
        withdrawn.Status.ShouldBe(SubmissionStatus.Withdrawn);
        withdrawn.Reason.ShouldBe("Wrong year.");
        withdrawn.DecidedAt.ShouldNotBeNull();
        (await client.Service.WithdrawSubmissionAsync("demo", "demo", submitted.Reference, null)).Status.ShouldBe(SubmissionStatus.Withdrawn);
    }

    [Fact]
    public async Task FindSubmission_answers_null_for_a_key_never_received()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        (await client.Service.FindSubmissionAsync("demo", "demo", "never-sent")).ShouldBeNull();
    }

    [Fact]
    public async Task A_wrong_password_gives_the_typed_authentication_fault_on_every_operation()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var submit = await Should.ThrowAsync<FaultException<AuthenticationFault>>(
            () => client.Service.SubmitDocumentAsync(Request("key-1", password: "wrong")));
        submit.Detail.UserName.ShouldBe("demo");
        submit.Detail.Message.ShouldContain("user name or password");
        await Should.ThrowAsync<FaultException<AuthenticationFault>>(() => client.Service.FindSubmissionAsync("demo", "wrong", "key-1"));
        await Should.ThrowAsync<FaultException<AuthenticationFault>>(() => client.Service.GetSubmissionStatusAsync("other", "demo", "CO-000001"));
        await Should.ThrowAsync<FaultException<AuthenticationFault>>(() => client.Service.WithdrawSubmissionAsync("demo", "", "CO-000001", null));
        portal.State.Submissions.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_reference_gives_the_typed_not_found_fault()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var fault = await Should.ThrowAsync<FaultException<SubmissionNotFoundFault>>(
            () => client.Service.GetSubmissionStatusAsync("demo", "demo", "CO-999999"));

        fault.Detail.Reference.ShouldBe("CO-999999");
    }

    [Fact]
    public async Task The_same_idempotency_key_twice_gives_one_submission()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var first = await client.Service.SubmitDocumentAsync(Request("same-key"));
        var second = await client.Service.SubmitDocumentAsync(Request("same-key", content: "%PDF-1.4 other bytes"u8.ToArray()));

        second.Reference.ShouldBe(first.Reference);
        second.Status.ShouldBe(first.Status);
        second.Deadline.ShouldBe(first.Deadline);
        first.AlreadyReceived.ShouldBeFalse();
        second.AlreadyReceived.ShouldBeTrue();
        portal.State.Submissions.ShouldHaveSingleItem().Reference.ShouldBe(first.Reference);
        portal.State.Content(first.Reference).ShouldBe("%PDF-1.4 test"u8.ToArray());
    }

    [Fact]
    public async Task The_same_key_submitted_in_parallel_still_gives_one_submission()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.Service.SubmitDocumentAsync(Request("parallel-key"))));

        answers.Select(a => a.Reference).Distinct().ShouldHaveSingleItem();
        answers.Count(a => !a.AlreadyReceived).ShouldBe(1);
        portal.State.Submissions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_number_no_client_has_is_client_not_found()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var answer = await client.Service.SubmitDocumentAsync(Request("key-nf", clientNumber: "87654321", fileName: "87654321_jaarrekening.pdf"));

        answer.Status.ShouldBe(SubmissionStatus.ClientNotFound);
        answer.Reason.ShouldBe("The portal has no client with KvK number 87654321.");
        answer.Deadline.ShouldBeNull();
    }

    [Fact]
    public async Task The_hidden_id_finds_the_client()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var answer = await client.Service.SubmitDocumentAsync(Request("key-hidden", clientNumber: "900001", kind: ClientNumberKind.HiddenId));

        answer.Status.ShouldBe(SubmissionStatus.Pending);
        portal.State.FindByReference(answer.Reference).ShouldNotBeNull().ClientName.ShouldBe("Demo BV");
    }

    [Fact]
    public async Task A_request_without_content_is_a_fault_naming_what_is_missing()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);

        var fault = await Should.ThrowAsync<FaultException>(
            () => client.Service.SubmitDocumentAsync(Request("key-empty", content: [])));

        fault.Message.ShouldContain("Content");
        portal.State.Submissions.ShouldBeEmpty();
    }
}
