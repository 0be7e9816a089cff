using System.Collections.Concurrent;

namespace ConnectorHost.Pipelines;

/// <summary>
/// When each pending document's status was last known, so that it is asked at the portal once per polling interval
/// (CO-8) and not at every run a new file wakes. Kept in memory: after a restart every pending document is asked once.
/// </summary>
internal sealed class PollBook
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _known = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether the status of <paramref name="key"/> should be asked now. A run that starts a little less than
    /// <paramref name="pollEvery"/> after the one that asked (a tenth of it, at most a second: the scheduler's start
    /// and the run's own clock reading are a few milliseconds apart) asks again, rather than leaving it to the run after.
    /// </summary>
    public bool IsDue(string key, DateTimeOffset now, TimeSpan pollEvery) =>
        pollEvery <= TimeSpan.Zero || !_known.TryGetValue(key, out var last) || now - last >= pollEvery - Slack(pollEvery);

    private static TimeSpan Slack(TimeSpan pollEvery) => pollEvery / 10 < TimeSpan.FromSeconds(1) ? pollEvery / 10 : TimeSpan.FromSeconds(1);

    /// <summary>Notes that the portal told the status of <paramref name="key"/> in the run that started at <paramref name="now"/>.</summary>
    public void Known(string key, DateTimeOffset now) => _known[key] = now;

    /// <summary>Forgets a document that is no longer pending.</summary>
    public void Forget(string key) => _known.TryRemove(key, out _);
}
