namespace ConnectorHost.Sandbox.CaseWareCloud;

/// <summary>When one kind of fault is injected: for a share of API calls, and/or for the next N calls.</summary>
public sealed record FaultRule
{
    /// <summary>The share of API calls that get the fault, 0 (none) to 1 (all).</summary>
    public double Share { get; init; }

    /// <summary>The number of next API calls that get the fault regardless of <see cref="Share"/>.</summary>
    public int NextCalls { get; init; }

    internal bool IsOff => Share <= 0 && NextCalls <= 0;
}

/// <summary>
/// The faults the sandbox injects into API calls (everything under <c>api/v2</c> except <c>auth/token</c>). When
/// several hit one call the most severe wins (dropped connection, HTTP 500, HTTP 429); latency comes on top. With a
/// <see cref="Seed"/> the choice of calls is the same on every run.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>The seed for the random choice of calls; <c>null</c>: a different choice every run.</summary>
    public int? Seed { get; init; }

    /// <summary>The delay added by <see cref="Latency"/>, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>The Retry-After of an injected 429, in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Calls answered after <see cref="LatencyMs"/>.</summary>
    public FaultRule Latency { get; init; } = new();

    /// <summary>Calls answered with HTTP 500, before anything is done.</summary>
    public FaultRule Http500 { get; init; } = new();

    /// <summary>Writes (POST, PUT, DELETE) answered with HTTP 503 after they were carried out: the client does not know they worked.</summary>
    public FaultRule Http503AfterWrite { get; init; } = new();

    /// <summary>Calls answered with HTTP 429 and a Retry-After of <see cref="RetryAfterSeconds"/>.</summary>
    public FaultRule TooManyRequests { get; init; } = new();

    /// <summary>Calls whose connection is dropped without an answer.</summary>
    public FaultRule DropConnection { get; init; } = new();

    /// <summary>No faults.</summary>
    public static FaultSettings None { get; } = new();

    /// <summary>Checks the ranges.</summary>
    /// <returns>The problems, empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (LatencyMs is < 0 or > 600_000)
        {
            problems.Add("latencyMs must be between 0 and 600000.");
        }

        if (RetryAfterSeconds is < 0 or > 3600)
        {
            problems.Add("retryAfterSeconds must be between 0 and 3600.");
        }

        foreach (var (name, rule) in Rules())
        {
            if (rule is null)
            {
                problems.Add($"{name} must not be null.");
            }
            else if (double.IsNaN(rule.Share) || rule.Share is < 0 or > 1 || rule.NextCalls < 0)
            {
                problems.Add($"{name}.share must be between 0 and 1 and {name}.nextCalls 0 or more.");
            }
        }

        return problems;
    }

    internal IEnumerable<(string Name, FaultRule Rule)> Rules()
    {
        yield return ("latency", Latency);
        yield return ("http500", Http500);
        yield return ("http503AfterWrite", Http503AfterWrite);
        yield return ("tooManyRequests", TooManyRequests);
        yield return ("dropConnection", DropConnection);
    }
}

/// <summary>The failing kinds of fault, most severe first.</summary>
public enum InjectedFault
{
    /// <summary>No failure.</summary>
    None,

    /// <summary>The connection is dropped.</summary>
    DropConnection,

    /// <summary>HTTP 500 before the call is carried out.</summary>
    Http500,

    /// <summary>HTTP 503 after the call was carried out.</summary>
    Http503AfterWrite,

    /// <summary>HTTP 429 with Retry-After.</summary>
    TooManyRequests,
}

/// <summary>What happens to one API call.</summary>
/// <param name="DelayMs">Milliseconds to wait before answering.</param>
/// <param name="Fault">The failure, if any.</param>
/// <param name="RetryAfterSeconds">The Retry-After of a 429.</param>
public readonly record struct FaultDecision(int DelayMs, InjectedFault Fault, int RetryAfterSeconds);

/// <summary>Decides, call by call, which faults to inject. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _left = new(StringComparer.Ordinal);
    private FaultSettings _settings = FaultSettings.None;
    private Random _random = new();

    /// <summary>The settings in force.</summary>
    public FaultSettings Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    /// <summary>Replaces the settings; the "next N calls" counters and the random sequence start again.</summary>
    /// <param name="settings">The new settings.</param>
    /// <exception cref="ArgumentException">The settings are out of range.</exception>
    public void Configure(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(settings));
        }

        lock (_gate)
        {
            _settings = settings;
#pragma warning disable CA5394 // Not for security: which calls fail, repeatable with a seed.
            _random = settings.Seed is { } seed ? new Random(seed) : new Random();
#pragma warning restore CA5394
            _left.Clear();
            foreach (var (name, rule) in settings.Rules())
            {
                _left[name] = rule.NextCalls;
            }
        }
    }

    /// <summary>Decides the faults for one API call.</summary>
    /// <param name="isWrite">Whether the call is a POST, PUT or DELETE.</param>
    /// <returns>The decision.</returns>
    public FaultDecision Next(bool isWrite)
    {
        lock (_gate)
        {
            var s = _settings;
            var latency = Hit("latency", s.Latency);
            var fault = Hit("dropConnection", s.DropConnection) ? InjectedFault.DropConnection
                : Hit("http500", s.Http500) ? InjectedFault.Http500
                : isWrite && Hit("http503AfterWrite", s.Http503AfterWrite) ? InjectedFault.Http503AfterWrite
                : Hit("tooManyRequests", s.TooManyRequests) ? InjectedFault.TooManyRequests
                : InjectedFault.None;
            return new FaultDecision(latency ? s.LatencyMs : 0, fault, s.RetryAfterSeconds);
        }
    }

    private bool Hit(string name, FaultRule rule)
    {
        if (rule.IsOff)
        {
            return false;
        }

        if (_left.TryGetValue(name, out var left) && left > 0)
        {
            _left[name] = left - 1;
            return true;
        }

#pragma warning disable CA5394 // Not for security.
        return rule.Share > 0 && _random.NextDouble() < rule.Share;
#pragma warning restore CA5394
    }
}
