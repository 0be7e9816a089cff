namespace ConnectorHost.Abstractions.State;

/// <summary>An append-only record of who did what, when (CP-5, the dashboard's actions).</summary>
public interface IAuditLog
{
    /// <summary>Appends an entry.</summary>
    /// <param name="entry">The entry; its <see cref="AuditEntry.At"/> is set by the store when default.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A task that completes when the entry is durable.</returns>
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Lists entries about one subject, or all entries, newest first.</summary>
    /// <param name="subject">The subject, or <c>null</c> for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<AuditEntry>> ListAsync(string? subject, int limit, CancellationToken cancellationToken);
}

/// <summary>One audit entry.</summary>
/// <param name="Who">The person or component that acted (for example <c>pipeline:certipost</c>).</param>
/// <param name="Action">What was done, for example <c>status-changed</c>.</param>
/// <param name="Subject">To what, for example <c>relation:1042</c>.</param>
/// <param name="Details">From what to what, or other details.</param>
public sealed record AuditEntry(string Who, string Action, string Subject, string Details)
{
    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; init; }
}
