namespace ConnectorHost.Mail;

/// <summary>How the host delivers its mails.</summary>
public enum MailDelivery
{
    /// <summary>Writes each mail as an <c>.eml</c> file into the pickup folder (the default; no server needed).</summary>
    Pickup,

    /// <summary>Sends each mail to an SMTP server.</summary>
    Smtp,
}
