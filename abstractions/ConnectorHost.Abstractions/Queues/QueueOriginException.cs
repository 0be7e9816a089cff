namespace ConnectorHost.Abstractions.Queues;

/// <summary>
/// A queue's origin could not give or take something now (fetch or report): the host logs it with the message and
/// goes on where it can. Any other exception of a handler ends the run as a failed run.
/// </summary>
public sealed class QueueOriginException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueueOriginException()
    {
    }

    /// <summary>Creates the exception with a message saying what failed and what to do.</summary>
    /// <param name="message">The message.</param>
    public QueueOriginException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public QueueOriginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// Whether nothing can run until a person acts (the origin refused the credentials): a fetch that throws with it
    /// runs no task and the run reports a passing failure.
    /// </summary>
    public bool StopsRun { get; init; }
}
