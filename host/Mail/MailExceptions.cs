namespace ConnectorHost.Mail;

/// <summary>A mail could not be rendered or delivered.</summary>
public class MailException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MailException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public MailException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public MailException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A mail could not be delivered (SMTP server or pickup folder).</summary>
public class MailDeliveryException : MailException
{
    /// <summary>Creates the exception.</summary>
    public MailDeliveryException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    public MailDeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public MailDeliveryException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
