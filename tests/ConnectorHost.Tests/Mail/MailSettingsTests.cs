using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Mail;

namespace ConnectorHost.Tests.Mail;

public sealed class MailSettingsTests
{
    private static List<ValidationResult> Validate(object settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void The_defaults_are_valid_and_deliver_to_the_pickup_folder()
    {
        var settings = new MailSettings();

        Validate(settings).ShouldBeEmpty();
        settings.Delivery.ShouldBe(MailDelivery.Pickup);
        settings.PickupFolder.ShouldBe("mail/outbox");
        settings.TemplatesFolder.ShouldBe("templates");
        settings.From.ShouldBe("connectorhost@localhost");
        settings.Smtp.Port.ShouldBe(25);
        settings.Smtp.Security.ShouldBe(SmtpSecurity.Auto);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Smtp_delivery_needs_a_host()
    {
        var results = Validate(new MailSettings { Delivery = MailDelivery.Smtp });

        results.ShouldHaveSingleItem().MemberNames.ShouldBe(["Smtp.Host"]);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Smtp_delivery_checks_the_port_range()
    {
        var results = Validate(new MailSettings { Delivery = MailDelivery.Smtp, Smtp = new SmtpMailSettings { Host = "smtp.kantoor.nl", Port = 0 } });

        results.ShouldHaveSingleItem().MemberNames.ShouldBe(["Smtp.Port"]);
    }

    [Theory]
    [Trait("Req", "H-3")]
    [InlineData("not an address")]
    [InlineData("")]
    [InlineData("a@b.nl, c@d.nl")]
    public void From_must_be_an_address(string from)
    {
        Validate(new MailSettings { From = from }).ShouldContain(r => r.MemberNames.Contains("From"));
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void From_may_have_a_display_name_and_default_to_must_be_addresses()
    {
        Validate(new MailSettings { From = "ConnectorHost <ch@kantoor.nl>" }).ShouldBeEmpty();
        Validate(new MailSettings { DefaultTo = ["ok@kantoor.nl", "nope"] })
            .ShouldHaveSingleItem().MemberNames.ShouldBe(["DefaultTo"]);
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Every_property_is_described_and_the_password_is_a_secret()
    {
        foreach (var type in new[] { typeof(MailSettings), typeof(SmtpMailSettings) })
        {
            foreach (var property in type.GetProperties())
            {
                property.GetCustomAttribute<DescriptionAttribute>().ShouldNotBeNull($"{type.Name}.{property.Name}");
            }
        }

        typeof(SmtpMailSettings).GetProperty(nameof(SmtpMailSettings.Password))!.GetCustomAttribute<SecretAttribute>().ShouldNotBeNull();
    }

    [Fact]
    [Trait("Req", "H-3")]
    public void Relative_folders_resolve_against_the_data_and_config_folders()
    {
        var settings = new MailSettings();
        var root = Path.GetTempPath();

        settings.ResolvePickupFolder(Path.Combine(root, "data")).ShouldBe(Path.Combine(root, "data", "mail", "outbox"));
        settings.ResolveTemplatesFolder(Path.Combine(root, "config")).ShouldBe(Path.Combine(root, "config", "templates"));
    }
}
