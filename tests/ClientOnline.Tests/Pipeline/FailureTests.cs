using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Configuration;
using ConnectorHost.Pipelines;
using ConnectorHost.Tests.Mail;
using ConnectorHost.Plugins.ClientOnline.Accordering;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using ConnectorHost.State;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace ConnectorHost.Plugins.ClientOnline.Tests.Pipeline;

/// <summary>What happens when the portal fails or refuses: retries with back-off, finally failed, refused credentials.</summary>
public sealed class FailureTests(ITestOutputHelper output)
{
    [Fact]
    [Trait("Req", "CO-12")]
    public async Task HTTP_500_on_every_call_is_retried_with_back_off_then_finally_failed_with_the_last_error_and_a_mail()
    {
        using var smtp = new SmtpServerFixture();
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = (FakeTimeProvider)h.PipelineClock;
        await h.SetFaultsAsync(new FaultSettings { Http500 = new FaultRule { Share = 1 } });
        h.DropPdf("12345678_jaarrekening.pdf");
        var runner = h.Runner(h.CreateSource(), h.CreateTarget(), maxAttempts: 3, mailer: h.CreateSmtpMailer(smtp.Port));

        var (first, _) = await runner.RunOnceAsync(CancellationToken.None);
        first.ShouldBe(RunOutcome.PartlyFailed);
        var entry = (await h.LedgerAsync()).ShouldHaveSingleItem();
        (entry.Status, entry.Attempts).ShouldBe((LedgerStatus.Retrying, 1));
        output.WriteLine(entry.Reason);
        entry.Reason.ShouldNotBeNull().ShouldContain(h.Portal.ServiceUrl.ToString());
        entry.Reason.ShouldContain("500");

        await runner.RunOnceAsync(CancellationToken.None); // within the back-off: no attempt
        (await h.LedgerAsync()).Single().Attempts.ShouldBe(1);
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_jaarrekening.pdf"]); // untouched while retrying

        clock.Advance(TimeSpan.FromSeconds(30));
        await runner.RunOnceAsync(CancellationToken.None);
        (await h.LedgerAsync()).Single().Attempts.ShouldBe(2);
        clock.Advance(TimeSpan.FromSeconds(60));
        await runner.RunOnceAsync(CancellationToken.None);

        var failed = (await h.LedgerAsync()).Single();
        (failed.Status, failed.Attempts).ShouldBe((LedgerStatus.FinallyFailed, 3));
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_jaarrekening.pdf", "12345678_jaarrekening.pdf.reason.txt"]);
        var reason = await File.ReadAllTextAsync(Path.Combine(h.Error, "12345678_jaarrekening.pdf.reason.txt"));
        reason.ShouldContain("Definitief mislukt");
        reason.ShouldContain("finally failed after 3 attempts; last error:");
        reason.ShouldContain("500");
        using var mail = await MimeKit.MimeMessage.LoadAsync(smtp.WaitForSingleMail());
        mail.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("office@example.nl");
        mail.TextBody.ShouldNotBeNull().ShouldContain("12345678_jaarrekening.pdf");
        h.Portal.State.Submissions.ShouldBeEmpty();
    }

    [Fact]
    [Trait("Req", "CO-12")]
    public async Task By_default_a_failed_send_is_tried_10_times_then_definitief_mislukt_with_an_alert_mail_through_SMTP()
    {
        new PipelineOptions().MaxAttempts.ShouldBe(10, "a pipeline without maxAttempts in the YAML");
        using var smtp = new SmtpServerFixture();
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = (FakeTimeProvider)h.PipelineClock;
        await h.SetFaultsAsync(new FaultSettings { Http500 = new FaultRule { Share = 1 } });
        h.DropPdf("12345678_jaarrekening.pdf");
        var runner = h.RunnerWithDefaults(h.CreateSmtpMailer(smtp.Port));

        for (var attempt = 1; attempt < 10; attempt++)
        {
            await runner.RunOnceAsync(CancellationToken.None);
            var entry = (await h.LedgerAsync()).ShouldHaveSingleItem();
            (entry.Status, entry.Attempts).ShouldBe((LedgerStatus.Retrying, attempt), $"after attempt {attempt}");
            clock.Advance(TimeSpan.FromMinutes(30)); // the longest back-off: the next attempt is due
        }

        Directory.GetFiles(smtp.NewMailFolder).ShouldBeEmpty("no alert before the last attempt");
        await runner.RunOnceAsync(CancellationToken.None);

        var failed = (await h.LedgerAsync()).ShouldHaveSingleItem();
        (failed.Status, failed.Attempts).ShouldBe((LedgerStatus.FinallyFailed, 10));
        ClientOnlineHarness.FilesIn(h.Error).ShouldBe(["12345678_jaarrekening.pdf", "12345678_jaarrekening.pdf.reason.txt"]);
        using var mail = await MimeKit.MimeMessage.LoadAsync(smtp.WaitForSingleMail());
        mail.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("office@example.nl");
        var body = mail.TextBody.ShouldNotBeNull();
        body.ShouldContain("12345678_jaarrekening.pdf");
        body.ShouldContain("after 10 attempts");
        Directory.GetFiles(h.Root, "*.eml", SearchOption.AllDirectories).ShouldBeEmpty("the alert went through SMTP, not to a pickup folder");
    }

    [Fact]
    [Trait("Req", "CO-12")]
    public async Task A_dropped_connection_then_a_good_call_submits_once()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var clock = (FakeTimeProvider)h.PipelineClock;
        await h.SetFaultsAsync(new FaultSettings { DropConnection = new FaultRule { NextCalls = 1 } });
        h.DropPdf("12345678_jaarrekening.pdf");
        var runner = h.Runner();

        await runner.RunOnceAsync(CancellationToken.None);
        (await h.LedgerAsync()).Single().Status.ShouldBe(LedgerStatus.Retrying);
        clock.Advance(TimeSpan.FromSeconds(30));
        await runner.RunOnceAsync(CancellationToken.None);

        (await h.SingleSubmissionAsync()).Status.ToString().ShouldBe("Pending");
        (await h.LedgerAsync()).Single().Status.ShouldBe(LedgerStatus.Pending);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_run_moves_nothing_and_counts_no_attempt()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        h.DropPdf("12345678_jaarrekening.pdf");
        var runner = h.Runner(h.CreateSource(), h.CreateTarget(h.TargetSettings(password: "wrong")));

        var (outcome, summary) = await runner.RunOnceAsync(CancellationToken.None);

        outcome.ShouldBe(RunOutcome.Failed);
        summary.ShouldContain("refused the credentials");
        h.Portal.State.Submissions.ShouldBeEmpty();
        ClientOnlineHarness.FilesIn(h.PdfIn).ShouldBe(["12345678_jaarrekening.pdf"]);
        ClientOnlineHarness.FilesIn(h.Error).ShouldBeEmpty();
        (await h.LedgerAsync()).Single().Attempts.ShouldBe(0);
    }

    [Fact]
    public async Task The_target_maps_refused_credentials_to_TargetAuthenticationException_naming_user_and_endpoint()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var target = h.CreateTarget(h.TargetSettings(password: "wrong"));

        var ex = await Should.ThrowAsync<TargetAuthenticationException>(() => target.FindAsync("k", CancellationToken.None));

        ex.Message.ShouldContain("refused user name 'demo'");
        ex.Message.ShouldContain(h.Portal.ServiceUrl.ToString());
        ex.Message.ShouldNotContain("wrong");
    }

    [Fact]
    [Trait("Req", "CO-12")]
    public async Task Unreachable_timeout_and_SOAP_fault_are_transient_failures_saying_what_and_where()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var submission = new DocumentSubmission("key-1", "12345678_a.pdf", "%PDF-1.4"u8.ToArray(), new DocumentMetadata { ClientNumber = "12345678", ClientNumberKind = ClientNumberKind.KvK, DocumentType = "jaarrekening" });

        var unreachable = h.TargetSettings();
        unreachable.Endpoint = new Uri($"http://127.0.0.1:{FreePort()}/soap/2010/accordering");
        var down = await Should.ThrowAsync<TransientFailureException>(() => h.CreateTarget(unreachable).SubmitAsync(submission, CancellationToken.None));
        down.Message.ShouldContain("could not be reached for SubmitDocument");
        down.Message.ShouldContain(unreachable.Endpoint.ToString());

        await h.SetFaultsAsync(new FaultSettings { LatencyMs = 3000, Latency = new FaultRule { NextCalls = 1 } });
        var slow = await Should.ThrowAsync<TransientFailureException>(() => h.CreateTarget(h.TargetSettings(timeout: TimeSpan.FromSeconds(1))).SubmitAsync(submission, CancellationToken.None));
        slow.Message.ShouldContain("did not answer SubmitDocument within 1 s");

        await h.SetFaultsAsync(new FaultSettings { SoapFault = new FaultRule { NextCalls = 1 } });
        var fault = await Should.ThrowAsync<TransientFailureException>(() => h.CreateTarget().SubmitAsync(submission, CancellationToken.None));
        fault.Message.ShouldContain("answered SubmitDocument with a SOAP fault: Injected SOAP fault");

        h.Portal.State.Submissions.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_idempotent_look_up_is_tried_again_within_the_call()
    {
        await using var h = await ClientOnlineHarness.StartAsync();
        var target = h.CreateTarget();
        var submission = new DocumentSubmission("key-2", "12345678_a.pdf", "%PDF-1.4"u8.ToArray(), new DocumentMetadata { ClientNumber = "12345678", ClientNumberKind = ClientNumberKind.KvK, DocumentType = "jaarrekening" });
        var submitted = await target.SubmitAsync(submission, CancellationToken.None);
        await h.SetFaultsAsync(new FaultSettings { Http500 = new FaultRule { NextCalls = 1 } });

        var found = await target.FindAsync("key-2", CancellationToken.None);

        found.ShouldNotBeNull().PortalReference.ShouldBe(submitted.PortalReference);
        h.Portal.Faults.Calls.ShouldBe(2);
        (await target.FindAsync("unknown-key", CancellationToken.None)).ShouldBeNull();
        AccorderingTarget.FindRetryDelays.Length.ShouldBe(2);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
