using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;
using MimeKit;

namespace ConnectorHost.Mail;

/// <summary>The <c>host.mail:</c> block of <c>connectorhost.yaml</c> (requirement H-3).</summary>
public sealed class MailSettings : IValidatableObject
{
    /// <summary>How mails are delivered.</summary>
    [Description("How mails are delivered: Pickup writes .eml files into the pickup folder, Smtp sends them to the SMTP server below.")]
    public MailDelivery Delivery { get; set; } = MailDelivery.Pickup;

    /// <summary>Where <see cref="MailDelivery.Pickup"/> writes its <c>.eml</c> files, relative to the data folder.</summary>
    [Description("The folder the Pickup delivery writes its .eml files into; relative paths are relative to the data folder.")]
    [Required]
    public string PickupFolder { get; set; } = "mail/outbox";

    /// <summary>The folder holding the Scriban mail templates, relative to the config folder.</summary>
    [Description("The folder with the mail templates (name.subject.scriban, name.text.scriban, optional name.html.scriban); relative paths are relative to the config folder. Edits take effect at the next mail, without a restart.")]
    [Required]
    public string TemplatesFolder { get; set; } = "templates";

    /// <summary>The sender of every mail.</summary>
    [Description("The sender of every mail, as an address or as \"Name <address>\".")]
    [Example("ConnectorHost <connectorhost@kantoor.nl>")]
    [Required]
    public string From { get; set; } = "connectorhost@localhost";

    /// <summary>The recipients of a mail for which the sender names none.</summary>
    [Description("The recipients of mails for which the sending component names none (instructions, reminders, failed documents).")]
    [Example("[administratie@kantoor.nl]")]
    public List<string> DefaultTo { get; set; } = [];

    /// <summary>The SMTP server, used when <see cref="Delivery"/> is <see cref="MailDelivery.Smtp"/>.</summary>
    [Description("The SMTP server; only used when delivery is Smtp.")]
    public SmtpMailSettings Smtp { get; set; } = new();

    /// <summary>The pickup folder as an absolute path.</summary>
    /// <param name="dataFolder">The host's data folder.</param>
    /// <returns>The absolute path.</returns>
    public string ResolvePickupFolder(string dataFolder) => Path.GetFullPath(PickupFolder, Path.GetFullPath(dataFolder));

    /// <summary>The templates folder as an absolute path.</summary>
    /// <param name="configFolder">The folder holding <c>connectorhost.yaml</c>.</param>
    /// <returns>The absolute path.</returns>
    public string ResolveTemplatesFolder(string configFolder) => Path.GetFullPath(TemplatesFolder, Path.GetFullPath(configFolder));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailAddresses.TryParse(From, out _))
        {
            yield return new ValidationResult(
                $"From '{From}' is not an e-mail address; write it as name@domain or \"Name <name@domain>\".", [nameof(From)]);
        }

        foreach (var address in DefaultTo)
        {
            if (!MailAddresses.TryParse(address, out _))
            {
                yield return new ValidationResult(
                    $"DefaultTo entry '{address}' is not an e-mail address; write it as name@domain.", [nameof(DefaultTo)]);
            }
        }

        if (Delivery != MailDelivery.Smtp)
        {
            yield break;
        }

        if (Smtp is null || string.IsNullOrWhiteSpace(Smtp.Host))
        {
            yield return new ValidationResult(
                "Delivery is Smtp but Smtp.Host is empty: set the SMTP server's host name, or use Delivery: Pickup.",
                [nameof(Smtp) + "." + nameof(SmtpMailSettings.Host)]);
            yield break;
        }

        var nested = new List<ValidationResult>();
        Validator.TryValidateObject(Smtp, new ValidationContext(Smtp), nested, validateAllProperties: true);
        foreach (var result in nested)
        {
            yield return new ValidationResult(
                "Smtp: " + result.ErrorMessage, result.MemberNames.Select(m => nameof(Smtp) + "." + m).ToArray());
        }
    }
}

/// <summary>Parses the addresses of the settings and of callers with MimeKit, requiring a real <c>@</c> address.</summary>
internal static class MailAddresses
{
    public static bool TryParse(string? text, out MailboxAddress mailbox)
    {
        mailbox = null!;
        if (string.IsNullOrWhiteSpace(text) || !MailboxAddress.TryParse(text.Trim(), out var parsed))
        {
            return false;
        }

        var at = parsed.Address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at == parsed.Address.Length - 1)
        {
            return false;
        }

        mailbox = parsed;
        return true;
    }
}
