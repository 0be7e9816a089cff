using System.Threading.RateLimiting;

namespace ConnectorHost.Dashboard;

/// <summary>
/// Limits login attempts (SEC-3, FH-9): at most <see cref="AttemptsPerMinute"/> a minute from one address and as many
/// for one user name, and <see cref="AllAttemptsPerMinute"/> a minute from all addresses together, whatever the outcome.
/// An attempt over a limit is answered 429 without checking anything, so guessing a password at network speed is not
/// possible, also not by spreading the guesses over many (real or forged) addresses and user names. The address is the
/// connection's, or behind a trusted proxy the last hop of its X-Forwarded-For (see DashboardService).
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    /// <summary>Login attempts allowed per address, and per user name, within any minute (a sliding window).</summary>
    public const int AttemptsPerMinute = 10;

    /// <summary>Login attempts allowed from all addresses together within any minute.</summary>
    public const int AllAttemptsPerMinute = 30;

    private readonly PartitionedRateLimiter<string> _byAddress = Create();
    private readonly PartitionedRateLimiter<string> _byUser = Create();
    private readonly PartitionedRateLimiter<string> _all = Create(AllAttemptsPerMinute);

    /// <summary>Whether one more attempt from this address for this user name is allowed now (it then counts).</summary>
    public bool TryAttempt(string address, string user)
    {
        using var overall = _all.AttemptAcquire(string.Empty);
        if (!overall.IsAcquired)
        {
            return false;
        }

        using var fromAddress = _byAddress.AttemptAcquire(address);
        if (!fromAddress.IsAcquired)
        {
            return false;
        }

        using var forUser = _byUser.AttemptAcquire(user.Trim().ToUpperInvariant());
        return forUser.IsAcquired;
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byUser.Dispose();
        _all.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int perMinute = AttemptsPerMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(
            key,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true }));
}
