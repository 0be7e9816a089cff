namespace ConnectorHost.Abstractions.Documents;

/// <summary>A failure worth retrying later: the service is unavailable, answered 5xx or timed out.</summary>
public class TransientFailureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransientFailureException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for the log.</param>
    public TransientFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for the log.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TransientFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The outside service refused the configured credentials. Nothing is retried or moved until the admin fixes
/// the configuration; the host logs this once per run.
/// </summary>
public class TargetAuthenticationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TargetAuthenticationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, for the log.</param>
    public TargetAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, for the log.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TargetAuthenticationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
