namespace ConnectorHost.Mail;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>No TLS at all (only for a server on the same machine or in tests).</summary>
    None,

    /// <summary>Plain connection upgraded with STARTTLS; fails when the server does not offer it (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
}
