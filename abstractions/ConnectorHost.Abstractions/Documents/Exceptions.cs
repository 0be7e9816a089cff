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

/// <summary>
/// Thrown by <see cref="IDocumentSource.CompleteAsync"/> when the document at the locator is no longer the one the
/// outcome is about (the file was changed or replaced after it was submitted). The host records the outcome without
/// moving anything; the new content is its own document (CO-13).
/// </summary>
public class DocumentChangedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DocumentChangedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What changed, for the log.</param>
    public DocumentChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What changed, for the log.</param>
    /// <param name="innerException">The underlying failure.</param>
    public DocumentChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Thrown by <see cref="IDocumentSource.ScanAsync"/> after it yielded what it could, when part of the source cannot be
/// reached (a folder that is missing: an unmounted share, a typing error). The host fails the run for it, reports the
/// pipeline as degraded and notes the pending documents under <see cref="Locations"/>; it never creates what is missing
/// (FH-2).
/// </summary>
public class DocumentSourceUnavailableException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DocumentSourceUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and what to do.</param>
    public DocumentSourceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and what to do.</param>
    /// <param name="innerException">The cause.</param>
    public DocumentSourceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is missing and what to do.</param>
    /// <param name="locations">The locator prefixes (for a folder source: the folders) whose documents cannot be reached.</param>
    public DocumentSourceUnavailableException(string message, IReadOnlyList<string> locations)
        : base(message) => Locations = locations;

    /// <summary>The locator prefixes whose documents cannot be reached now.</summary>
    public IReadOnlyList<string> Locations { get; } = [];
}
