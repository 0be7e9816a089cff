using ConnectorHost.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Mail;

public sealed class SmtpDeliveryTests : IClassFixture<SmtpServerFixture>, IDisposable
{
    private const string Password = "Geheim-Wachtwoord-7319!";
    private readonly SmtpServerFixture _server;
    private readonly TempFolder _folder = new();

    public SmtpDeliveryTests(SmtpServerFixture server)
    {
        this._server = server;
        Greeting.WriteAll(_folder);
    }

    public void Dispose() => _folder.Dispose();

    private Mailer CreateMailer(SmtpMailSettings smtp)
    {
        var settings = new MailSettings { Delivery = MailDelivery.Smtp, From = "connectorhost@kantoor.nl", Smtp = smtp };
        return new Mailer(settings, Greeting.Renderer(_folder), new SmtpDelivery(smtp), NullLogger<Mailer>.Instance);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task Smtp_delivery_reaches_a_real_smtp_server()
    {
        var mailer = CreateMailer(new SmtpMailSettings { Host = "127.0.0.1", Port = _server.Port, Security = SmtpSecurity.None, TimeoutSeconds = 30 });

        await mailer.SendAsync(Greeting.Name, Greeting.Model, ["administratie@kantoor.nl"], CancellationToken.None);

        using var message = await MimeMessage.LoadAsync(_server.WaitForSingleMail());
        message.Subject.ShouldBe(Greeting.ExpectedSubject);
        message.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("administratie@kantoor.nl");
        message.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("connectorhost@kantoor.nl");
        message.TextBody.ShouldNotBeNull().ReplaceLineEndings("\n").ShouldBe(Greeting.ExpectedText);
        message.HtmlBody.ShouldBe(Greeting.ExpectedHtml);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task Nothing_listening_gives_an_error_naming_host_and_port_without_the_password()
    {
        var port = SmtpServerFixture.FreePort();
        var mailer = CreateMailer(new SmtpMailSettings
        {
            Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, UserName = "office", Password = Password, TimeoutSeconds = 10,
        });

        var error = await Should.ThrowAsync<MailDeliveryException>(
            () => mailer.SendAsync(Greeting.Name, Greeting.Model, ["a@kantoor.nl"], CancellationToken.None));

        error.Message.ShouldContain($"127.0.0.1:{port}");
        error.Message.ShouldContain("while connecting");
        error.Message.ShouldNotContain(Password);
        error.ToString().ShouldNotContain(Password);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task A_failing_login_names_the_server_and_the_user_without_the_password()
    {
        // aiosmtpd without an authenticator offers no AUTH: the login step fails.
        var mailer = CreateMailer(new SmtpMailSettings
        {
            Host = "127.0.0.1", Port = _server.Port, Security = SmtpSecurity.None, UserName = "office", Password = Password, TimeoutSeconds = 30,
        });

        var error = await Should.ThrowAsync<MailDeliveryException>(
            () => mailer.SendAsync(Greeting.Name, Greeting.Model, ["a@kantoor.nl"], CancellationToken.None));

        error.Message.ShouldContain($"127.0.0.1:{_server.Port}");
        error.Message.ShouldContain("while logging in as 'office'");
        error.ToString().ShouldNotContain(Password);
    }
}
