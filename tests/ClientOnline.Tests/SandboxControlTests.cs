using System.Net;
using System.ServiceModel;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using static ConnectorHost.Plugins.ClientOnline.Tests.SandboxTestKit;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>The control API, the HTML page and the fault injection of the sandbox portal.</summary>
[Trait("Sandbox", "ClientOnline")]
public sealed class SandboxControlTests
{
    [Fact]
    public async Task The_portal_binds_127_0_0_1_and_seeds_the_demo_clients()
    {
        await using var portal = await StartAsync();
        using var http = Http(portal);

        portal.BaseUrl.Host.ShouldBe("127.0.0.1");
        portal.BaseUrl.Port.ShouldBeGreaterThan(0);
        var clients = await http.GetJsonAsync<List<PortalClient>>("/control/clients");
        clients.ShouldContain(c => c.Name == "Demo BV" && c.KvkNumber == "12345678");
        clients.Count.ShouldBe(SandboxPortal.DemoClients.Count);
    }

    [Fact]
    public async Task Without_seed_data_there_are_no_clients_and_added_clients_are_found()
    {
        await using var portal = await StartAsync(o => o.SeedDemoData = false);
        using var http = Http(portal);
        using var client = Wcf(portal);
        (await http.GetJsonAsync<List<PortalClient>>("/control/clients")).ShouldBeEmpty();

        using var added = await http.SendJsonAsync(HttpMethod.Post, "/control/clients", new ClientInput("Nieuw BV", KvkNumber: "11223344", Rsin: "112233445"));
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var card = await added.ReadJsonAsync<PortalClient>();
        card.HiddenId.ShouldNotBeNullOrEmpty();
        using var duplicate = await http.SendJsonAsync(HttpMethod.Post, "/control/clients", new ClientInput("Ander BV", KvkNumber: "11223344"));
        duplicate.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using var nameless = await http.SendJsonAsync(HttpMethod.Post, "/control/clients", new ClientInput(null, KvkNumber: "99887766"));
        nameless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var answer = await client.Service.SubmitDocumentAsync(Request("k-new", clientNumber: "11223344", fileName: "11223344_jaarrekening.pdf"));
        answer.Status.ShouldBe(SubmissionStatus.Pending);
        (await http.GetJsonAsync<List<PortalSubmission>>("/control/submissions")).ShouldHaveSingleItem().ClientHiddenId.ShouldBe(card.HiddenId);
    }

    [Fact]
    public async Task The_control_api_withdraws_and_answers_404_for_unknown_references()
    {
        await using var portal = await StartAsync();
        using var http = Http(portal);
        using var client = Wcf(portal);
        var submitted = await client.Service.SubmitDocumentAsync(Request("k-w"));

        using var withdraw = await http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submitted.Reference}/withdraw", new ReasonInput("Dubbel."));
        using var unknown = await http.SendJsonAsync(HttpMethod.Post, "/control/submissions/CO-424242/approve");
        using var rejectWithoutReason = await http.SendJsonAsync(HttpMethod.Post, $"/control/submissions/{submitted.Reference}/reject", new ReasonInput(""));

        (await withdraw.ReadJsonAsync<PortalSubmission>()).Status.ShouldBe(SubmissionStatus.Withdrawn);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        rejectWithoutReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.Service.FindSubmissionAsync("demo", "demo", "k-w")).ShouldNotBeNull().Status.ShouldBe(SubmissionStatus.Withdrawn);
    }

    [Fact]
    public async Task A_person_approves_and_rejects_on_the_html_page()
    {
        await using var portal = await StartAsync();
        using var http = Http(portal);
        using var client = Wcf(portal);
        var first = await client.Service.SubmitDocumentAsync(Request("k-page-1"));
        var second = await client.Service.SubmitDocumentAsync(Request("k-page-2", fileName: "12345678_<b>notulen</b>.pdf"));

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        page.ShouldContain($"action=\"/ui/submissions/{first.Reference}/approve\"");
        page.ShouldContain($"action=\"/ui/submissions/{second.Reference}/reject\"");
        page.ShouldContain("12345678_&lt;b&gt;notulen&lt;/b&gt;.pdf");
        page.ShouldNotContain("<b>notulen</b>");

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseUrl };
        using var approve = await noRedirect.PostAsync(new Uri($"/ui/submissions/{first.Reference}/approve", UriKind.Relative), new FormUrlEncodedContent([]));
        using var reject = await noRedirect.PostAsync(
            new Uri($"/ui/submissions/{second.Reference}/reject", UriKind.Relative),
            new FormUrlEncodedContent([new("reason", "Verkeerde notulen")]));

        approve.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        reject.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        portal.State.FindByReference(first.Reference)!.Status.ShouldBe(SubmissionStatus.Approved);
        portal.State.Dossier("900001").ShouldHaveSingleItem().Reference.ShouldBe(first.Reference);
        var rejected = portal.State.FindByReference(second.Reference)!;
        rejected.Status.ShouldBe(SubmissionStatus.Rejected);
        rejected.Reason.ShouldBe("Verkeerde notulen");
        (await http.GetStringAsync(new Uri("/", UriKind.Relative))).ShouldNotContain("/approve\"");
    }

    [Fact]
    public async Task Injected_http_500_fails_the_next_calls_then_the_portal_answers_again()
    {
        await using var portal = await StartAsync();
        using var http = Http(portal);
        using var put = await http.SendJsonAsync(HttpMethod.Put, "/control/faults", new FaultSettings { Http500 = new FaultRule { NextCalls = 2 } });
        put.StatusCode.ShouldBe(HttpStatusCode.OK);

        for (var i = 0; i < 2; i++)
        {
            using var failing = Wcf(portal);
            await Should.ThrowAsync<CommunicationException>(() => failing.Service.FindSubmissionAsync("demo", "demo", "k"));
        }

        using var client = Wcf(portal);
        (await client.Service.FindSubmissionAsync("demo", "demo", "k")).ShouldBeNull();
        (await http.GetJsonAsync<FaultStatus>("/control/faults")).Calls.ShouldBe(3);
    }

    [Fact]
    public async Task An_injected_soap_fault_arrives_as_a_fault_and_nothing_is_stored()
    {
        await using var portal = await StartAsync();
        portal.Faults.Configure(new FaultSettings { SoapFault = new FaultRule { NextCalls = 1 } });
        using var client = Wcf(portal);

        var fault = await Should.ThrowAsync<FaultException>(() => client.Service.SubmitDocumentAsync(Request("k-sf")));

        fault.Message.ShouldContain("Injected SOAP fault");
        portal.State.Submissions.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_injected_dropped_connection_is_a_communication_error()
    {
        await using var portal = await StartAsync();
        portal.Faults.Configure(new FaultSettings { DropConnection = new FaultRule { Share = 1 } });
        using var client = Wcf(portal);

        var error = await Should.ThrowAsync<Exception>(() => client.Service.SubmitDocumentAsync(Request("k-drop")));

        error.ShouldBeAssignableTo<CommunicationException>();
        portal.State.Submissions.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_injected_wrong_password_answer_is_the_typed_fault_despite_right_credentials()
    {
        await using var portal = await StartAsync();
        portal.Faults.Configure(new FaultSettings { WrongPassword = new FaultRule { NextCalls = 1 } });
        using var client = Wcf(portal);

        await Should.ThrowAsync<FaultException<AuthenticationFault>>(() => client.Service.SubmitDocumentAsync(Request("k-wp")));
        (await client.Service.SubmitDocumentAsync(Request("k-wp"))).AlreadyReceived.ShouldBeFalse();
    }

    [Fact]
    public async Task Injected_latency_delays_the_answer_by_at_least_the_latency_and_still_answers()
    {
        await using var portal = await StartAsync();
        using var client = Wcf(portal);
        (await client.Service.SubmitDocumentAsync(Request("k-warm"))).Status.ShouldBe(SubmissionStatus.Pending); // the channel is open before the measured call
        portal.Faults.Configure(new FaultSettings { LatencyMs = 800, Latency = new FaultRule { NextCalls = 1 } });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var slow = await client.Service.SubmitDocumentAsync(Request("k-slow", fileName: "12345678_traag.pdf"));
        watch.Stop();

        slow.Status.ShouldBe(SubmissionStatus.Pending);
        // A lower bound only (load can make any call slower, nothing makes a delayed one faster): the delay was applied.
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(800 - 16)); // the timer may fire within its 15.6 ms tick of the stopwatch
        portal.Faults.Calls.ShouldBe(1, "one call was decided since the latency was set");
    }

    [Fact]
    public void A_seed_makes_the_choice_of_failing_calls_the_same_every_time()
    {
        static string Run(int seed)
        {
            var injector = new FaultInjector(InjectedFault.SoapFault, InjectedFault.WrongPassword);
            injector.Configure(new FaultSettings
            {
                Seed = seed,
                Http500 = new FaultRule { Share = 0.3 },
                DropConnection = new FaultRule { Share = 0.1 },
                WrongPassword = new FaultRule { Share = 0.2 },
            });
            return string.Concat(Enumerable.Range(0, 200).Select(_ => injector.Next().Fault switch
            {
                InjectedFault.None => '.',
                InjectedFault.Http500 => '5',
                InjectedFault.DropConnection => 'x',
                InjectedFault.WrongPassword => 'p',
                _ => '?',
            }));
        }

        var first = Run(42);

        Run(42).ShouldBe(first);
        Run(43).ShouldNotBe(first);
        first.ShouldContain('.');
        first.ShouldContain('5');
        first.ShouldContain('x');
        first.ShouldContain('p');
    }

    [Fact]
    public async Task Fault_settings_out_of_range_are_refused()
    {
        await using var portal = await StartAsync();
        using var http = Http(portal);

        using var put = await http.SendJsonAsync(HttpMethod.Put, "/control/faults", new FaultSettings { Http500 = new FaultRule { Share = 1.5 } });

        put.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).ShouldContain("http500.share must be between 0 and 1");
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_refused_and_nothing_is_stored()
    {
        await using var portal = await StartAsync(o => o.MaxRequestBodyBytes = 16 * 1024);
        using var client = Wcf(portal);

        await Should.ThrowAsync<CommunicationException>(
            () => client.Service.SubmitDocumentAsync(Request("k-big", content: new byte[32 * 1024])));

        portal.State.Submissions.ShouldBeEmpty();
        new SandboxPortalOptions().MaxRequestBodyBytes.ShouldBe(64L * 1024 * 1024);
    }

    [Fact]
    public async Task Faults_never_touch_the_wsdl()
    {
        await using var portal = await StartAsync();
        portal.Faults.Configure(new FaultSettings { Http500 = new FaultRule { Share = 1 } });
        using var http = new HttpClient();

        (await http.GetStringAsync(portal.WsdlUrl)).ShouldContain("AccorderingService");
    }
}
