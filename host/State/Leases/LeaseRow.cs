namespace ConnectorHost.State.Leases;

/// <summary>
/// A pipeline's lease row as read inside the taking transaction, and the one rule of who may take it, shared by the
/// SQLite and PostgreSQL stores (only their SQL differs).
/// </summary>
/// <param name="Holder">The holder, or the last one.</param>
/// <param name="Token">The fencing token (0 for a row never held).</param>
/// <param name="ExpiresAt">When it runs out.</param>
/// <param name="Released">Whether the holder gave it back.</param>
/// <param name="DoneOccurrence">The last scheduled occurrence a holder finished.</param>
internal sealed record LeaseRow(string Holder, long Token, DateTimeOffset ExpiresAt, bool Released, DateTimeOffset? DoneOccurrence)
{
    /// <summary>Decides whether the lease may be taken at <paramref name="now"/>; null when it may.</summary>
    /// <param name="now">The store's now.</param>
    /// <param name="occurrence">The scheduled occurrence asked for, if any.</param>
    /// <returns>The refusal, or <c>null</c>.</returns>
    public LeaseAttempt? Refusal(DateTimeOffset now, DateTimeOffset? occurrence)
    {
        if (!Released && ExpiresAt > now)
        {
            return new LeaseAttempt(null, Holder, ExpiresAt, OccurrenceDone: false, TakenOverFrom: null);
        }

        return occurrence is { } due && DoneOccurrence is { } done && done >= due
            ? new LeaseAttempt(null, Holder, ExpiresAt, OccurrenceDone: true, TakenOverFrom: null)
            : null;
    }

    /// <summary>The holder whose lease ran out without being given back, when <paramref name="taker"/> is another.</summary>
    /// <param name="taker">Who takes the lease now.</param>
    /// <returns>The previous holder, or <c>null</c>.</returns>
    public string? TakenOverFrom(string taker) =>
        !Released && Holder.Length > 0 && !string.Equals(Holder, taker, StringComparison.Ordinal) ? Holder : null;
}
