using ConnectorHost.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Mail;

public sealed class PickupDeliveryTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 15, 0, 123, TimeSpan.Zero));
    private readonly ListLogger<Mailer> _logger = new();

    public PickupDeliveryTests() => Greeting.WriteAll(_folder);

    public void Dispose() => _folder.Dispose();

    private string Outbox => _folder.Combine("outbox");

    private Mailer CreateMailer(MailSettings? settings = null) =>
        new(settings ?? new MailSettings { From = "ConnectorHost <ch@kantoor.nl>" }, Greeting.Renderer(_folder), new PickupFolderDelivery(Outbox, _time), _logger, _time);

    [Fact]
    [Trait("Req", "H-3")]
    public async Task Pickup_delivery_writes_a_parseable_eml_with_text_and_html()
    {
        await CreateMailer().SendAsync(Greeting.Name, Greeting.Model, ["administratie@kantoor.nl", "Piet <piet@kantoor.nl>"], CancellationToken.None);

        var file = Directory.GetFiles(Outbox).ShouldHaveSingleItem();
        Path.GetFileName(file).ShouldStartWith("20261123T101500123Z-");
        Path.GetExtension(file).ShouldBe(".eml");
        using var message = await MimeMessage.LoadAsync(file);
        message.Subject.ShouldBe(Greeting.ExpectedSubject);
        message.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("ch@kantoor.nl");
        message.To.Mailboxes.Select(m => m.Address).ShouldBe(["administratie@kantoor.nl", "piet@kantoor.nl"]);
        message.Date.ShouldBe(_time.GetUtcNow().AddTicks(-TimeSpan.TicksPerMillisecond * 123));
        message.Headers["X-ConnectorHost-Template"].ShouldBe(Greeting.Name);
        message.Body.ShouldBeOfType<MultipartAlternative>();
        message.TextBody.ShouldNotBeNull().ReplaceLineEndings("\n").ShouldBe(Greeting.ExpectedText);
        message.HtmlBody.ShouldBe(Greeting.ExpectedHtml);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task A_template_without_html_gives_a_plain_text_mail()
    {
        File.Delete(_folder.Combine("greeting.html.scriban"));

        await CreateMailer().SendAsync(Greeting.Name, Greeting.Model, ["a@kantoor.nl"], CancellationToken.None);

        using var message = await MimeMessage.LoadAsync(Directory.GetFiles(Outbox).ShouldHaveSingleItem());
        message.Body.ShouldBeOfType<TextPart>().IsPlain.ShouldBeTrue();
        message.HtmlBody.ShouldBeNull();
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task Empty_recipients_fall_back_to_default_to_and_one_line_is_logged()
    {
        var mailer = CreateMailer(new MailSettings { DefaultTo = ["office@kantoor.nl"] });

        await mailer.SendAsync(Greeting.Name, Greeting.Model, [], CancellationToken.None);

        var file = Directory.GetFiles(Outbox).ShouldHaveSingleItem();
        using var message = await MimeMessage.LoadAsync(file);
        message.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("office@kantoor.nl");
        var line = _logger.Lines.ShouldHaveSingleItem();
        line.Level.ShouldBe(LogLevel.Information);
        line.Message.ShouldBe($"Mail greeting to office@kantoor.nl delivered: {file}");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task No_recipients_at_all_is_a_clear_error()
    {
        var error = await Should.ThrowAsync<MailException>(
            () => CreateMailer().SendAsync(Greeting.Name, Greeting.Model, null, CancellationToken.None));

        error.Message.ShouldContain("no recipients");
        error.Message.ShouldContain("DefaultTo");
        Directory.Exists(Outbox).ShouldBeFalse();
        _logger.Lines.ShouldHaveSingleItem().Level.ShouldBe(LogLevel.Warning);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task A_recipient_that_is_not_an_address_is_a_clear_error()
    {
        var error = await Should.ThrowAsync<MailException>(
            () => CreateMailer().SendAsync(Greeting.Name, Greeting.Model, ["piet"], CancellationToken.None));

        error.Message.ShouldContain("'piet'");
    }

    [Fact]
    [Trait("Req", "H-3")]
    public async Task Create_uses_the_folders_of_the_settings()
    {
        var config = Directory.CreateDirectory(_folder.Combine("config")).FullName;
        var templates = Directory.CreateDirectory(Path.Combine(config, "templates")).FullName;
        foreach (var part in new[] { "subject", "text" })
        {
            File.Copy(_folder.Combine($"greeting.{part}.scriban"), Path.Combine(templates, $"greeting.{part}.scriban"));
        }

        var data = _folder.Combine("data");
        using var loggerFactory = LoggerFactory.Create(_ => { });
        var mailer = Mailer.Create(new MailSettings { DefaultTo = ["a@kantoor.nl"] }, config, data, loggerFactory, _time);

        await mailer.SendAsync(Greeting.Name, Greeting.Model, null, CancellationToken.None);

        Directory.GetFiles(Path.Combine(data, "mail", "outbox"), "*.eml").ShouldHaveSingleItem();
        mailer.DeliveryDescription.ShouldBe("pickup folder " + Path.Combine(data, "mail", "outbox"));
    }
}
