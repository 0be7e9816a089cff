namespace ConnectorHost.Plugins.Certipost;

/// <summary>Certipost refused the whole batch of opt-ins; nothing was enrolled and no status changed.</summary>
public sealed class CertipostBatchRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Certipost's error.</param>
    /// <param name="reasons">Why, per opt-in.</param>
    public CertipostBatchRefusedException(string message, IReadOnlyList<string> reasons)
        : base(reasons is { Count: > 0 } ? $"{message} {string.Join("; ", reasons)}" : message) => Reasons = reasons ?? [];

    /// <summary>Why, per opt-in, as Certipost said it.</summary>
    public IReadOnlyList<string> Reasons { get; }
}

/// <summary>Certipost refused the API key.</summary>
/// <param name="message">What was refused.</param>
public sealed class CertipostAuthenticationException(string message) : Exception(message);

/// <summary>Certipost could not be reached or answered with a server error: worth trying again later.</summary>
public sealed class CertipostUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public CertipostUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public CertipostUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A status change by hand refused because the relation was passed on to Certipost (CP-4).</summary>
/// <param name="message">Why, in the office's words.</param>
public sealed class RelationStatusLockedException(string message) : InvalidOperationException(message);
