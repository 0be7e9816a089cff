using ConnectorHost.Abstractions.Queues;

namespace ConnectorHost.Queues;

/// <summary>
/// The wait before a task that hit a passing failure is tried again: <c>firstRetryDelay</c>, doubling after each
/// further failure, capped at <c>maxRetryDelay</c>. The wait is stored with the task (it waits in the store, not in a
/// worker), so it outlives the run and a restart of the host; that is why it is not an in-memory retry strategy.
/// </summary>
internal static class QueueBackOff
{
    /// <summary>The wait after <paramref name="attempts"/> attempts (1 or more).</summary>
    public static TimeSpan After(int attempts, QueueSettings settings)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(settings.FirstRetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
    }
}
