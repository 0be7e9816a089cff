using System.Threading.RateLimiting;

namespace ConnectorHost.Dashboard;

/// <summary>
/// Limits login attempts (SEC-3): at most <see cref="AttemptsPerMinute"/> a minute from one address and as many for one
/// user name, whatever the outcome. The 11th attempt within the minute is answered 429 without checking anything, so
/// guessing a password at network speed is not possible.
/// </summary>
internal sealed class LoginThrottle : IDisposable
{
    /// <summary>Login attempts allowed per address, and per user name, within any minute (a sliding window).</summary>
    public const int AttemptsPerMinute = 10;

    private readonly PartitionedRateLimiter<string> _byAddress = Create();
    private readonly PartitionedRateLimiter<string> _byUser = Create();

    /// <summary>Whether one more attempt from this address for this user name is allowed now (it then counts).</summary>
    public bool TryAttempt(string address, string user)
    {
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
    }

    private static PartitionedRateLimiter<string> Create() =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(
            key,
            _ => new SlidingWindowRateLimiterOptions { PermitLimit = AttemptsPerMinute, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0, AutoReplenishment = true }));
}
