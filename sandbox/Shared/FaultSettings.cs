namespace ConnectorHost.Sandbox;

/// <summary>When one kind of fault is injected: for a share of the calls, and/or for the next N calls.</summary>
public sealed record FaultRule
{
    /// <summary>The share of calls that get the fault, 0 (none) to 1 (all).</summary>
    public double Share { get; init; }

    /// <summary>The number of next calls that get the fault regardless of <see cref="Share"/>.</summary>
    public int NextCalls { get; init; }

    /// <summary>A rule for a share of the calls.</summary>
    /// <param name="share">0 to 1.</param>
    /// <returns>The rule.</returns>
    public static FaultRule OfShare(double share) => new() { Share = share };

    /// <summary>A rule for the next calls.</summary>
    /// <param name="calls">How many.</param>
    /// <returns>The rule.</returns>
    public static FaultRule Next(int calls) => new() { NextCalls = calls };

    internal bool IsOff => Share <= 0 && NextCalls <= 0;
}

/// <summary>
/// The faults a sandbox injects into the calls of its service (never into its control API or a WSDL). Every sandbox
/// has the same settings, at <c>GET|PUT|DELETE /control/faults</c> and as command-line flags (<see cref="FaultArguments"/>);
/// see docs/sandbox.md. Each kind is decided on its own for every call; when several hit one call the most severe wins
/// (<see cref="InjectedFault"/> lists them in that order); latency and a slow body come on top of an answer. With a
/// <see cref="Seed"/> the choice of calls is the same on every run.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>The seed for the random choice of calls and of the jitter; <c>null</c>: a different choice every run.</summary>
    public int? Seed { get; init; }

    /// <summary>The fixed delay before a call is handled, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>A random extra delay, 0 to this many milliseconds (uniform), on top of <see cref="LatencyMs"/>.</summary>
    public int JitterMs { get; init; }

    /// <summary>Which calls are delayed; <c>null</c> (the default): every call, when there is a latency or jitter.</summary>
    public FaultRule? Latency { get; init; }

    /// <summary>Calls answered with HTTP 500 before anything is done.</summary>
    public FaultRule Http500 { get; init; } = new();

    /// <summary>Calls answered with HTTP 503 before anything is done.</summary>
    public FaultRule Http503 { get; init; } = new();

    /// <summary>Calls answered with HTTP 429 and a <c>Retry-After</c> of <see cref="RetryAfterSeconds"/>, before anything is done.</summary>
    public FaultRule TooManyRequests { get; init; } = new();

    /// <summary>The <c>Retry-After</c> of an injected 429, in seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>Calls whose connection is dropped before anything is done.</summary>
    public FaultRule DropConnection { get; init; } = new();

    /// <summary>
    /// "Done but the answer lost": the call is carried out, then its connection is dropped (<c>HttpContext.Abort()</c>
    /// after the handler ran) — the client cannot know that it worked.
    /// </summary>
    public FaultRule AnswerLost { get; init; } = new();

    /// <summary>Writes (any method but GET and HEAD) carried out, then answered with HTTP 503 instead of their answer.</summary>
    public FaultRule Http503AfterWrite { get; init; } = new();

    /// <summary>Calls whose answer is sent slowly: in pieces spread over <see cref="SlowBodyMs"/>.</summary>
    public FaultRule SlowBody { get; init; } = new();

    /// <summary>How long a slow answer takes to send, in milliseconds.</summary>
    public int SlowBodyMs { get; init; } = 1000;

    /// <summary>ClientOnline only: calls answered with a SOAP 1.1 server fault (HTTP 500, a fault envelope).</summary>
    public FaultRule SoapFault { get; init; } = new();

    /// <summary>ClientOnline only: calls answered with the wrong-credentials fault, even when the credentials are right.</summary>
    public FaultRule WrongPassword { get; init; } = new();

    /// <summary>No faults.</summary>
    public static FaultSettings None { get; } = new();

    /// <summary>Checks the ranges.</summary>
    /// <param name="serviceFaults">The service-specific kinds the sandbox knows (<see cref="SoapFault"/>, <see cref="WrongPassword"/>).</param>
    /// <returns>The problems, empty when valid.</returns>
    public IReadOnlyList<string> Validate(IReadOnlySet<InjectedFault>? serviceFaults = null)
    {
        var problems = new List<string>();
        if (LatencyMs is < 0 or > 600_000)
        {
            problems.Add("latencyMs must be between 0 and 600000.");
        }

        if (JitterMs is < 0 or > 600_000)
        {
            problems.Add("jitterMs must be between 0 and 600000.");
        }

        if (RetryAfterSeconds is < 0 or > 3600)
        {
            problems.Add("retryAfterSeconds must be between 0 and 3600.");
        }

        if (SlowBodyMs is < 0 or > 60_000)
        {
            problems.Add("slowBodyMs must be between 0 and 60000.");
        }

        foreach (var (kind, name, rule) in Rules())
        {
            if (rule is null)
            {
                problems.Add($"{name} must not be null.");
                continue;
            }

            if (double.IsNaN(rule.Share) || rule.Share is < 0 or > 1)
            {
                problems.Add($"{name}.share must be between 0 and 1.");
            }

            if (rule.NextCalls < 0)
            {
                problems.Add($"{name}.nextCalls cannot be negative.");
            }

            if (kind is InjectedFault.SoapFault or InjectedFault.WrongPassword && !rule.IsOff && serviceFaults?.Contains(kind) != true)
            {
                problems.Add($"{name} is not a fault this sandbox can inject (only the ClientOnline portal can).");
            }
        }

        return problems;
    }

    /// <summary>Every failing kind with its JSON name and rule, most severe first, then latency and slow body.</summary>
    /// <returns>The rules.</returns>
    internal IEnumerable<(InjectedFault Kind, string Name, FaultRule Rule)> Rules()
    {
        yield return (InjectedFault.DropConnection, "dropConnection", DropConnection);
        yield return (InjectedFault.AnswerLost, "answerLost", AnswerLost);
        yield return (InjectedFault.Http500, "http500", Http500);
        yield return (InjectedFault.Http503, "http503", Http503);
        yield return (InjectedFault.Http503AfterWrite, "http503AfterWrite", Http503AfterWrite);
        yield return (InjectedFault.TooManyRequests, "tooManyRequests", TooManyRequests);
        yield return (InjectedFault.SoapFault, "soapFault", SoapFault);
        yield return (InjectedFault.WrongPassword, "wrongPassword", WrongPassword);
        yield return (InjectedFault.None, "slowBody", SlowBody);
        if (Latency is not null)
        {
            yield return (InjectedFault.None, "latency", Latency);
        }
    }
}

/// <summary>The failing kinds of fault, most severe first.</summary>
public enum InjectedFault
{
    /// <summary>No failure.</summary>
    None,

    /// <summary>The connection is dropped before the call is carried out.</summary>
    DropConnection,

    /// <summary>The call is carried out, then the connection is dropped.</summary>
    AnswerLost,

    /// <summary>HTTP 500 before the call is carried out.</summary>
    Http500,

    /// <summary>HTTP 503 before the call is carried out.</summary>
    Http503,

    /// <summary>HTTP 503 after a write was carried out.</summary>
    Http503AfterWrite,

    /// <summary>HTTP 429 with Retry-After, before the call is carried out.</summary>
    TooManyRequests,

    /// <summary>A SOAP server fault (ClientOnline).</summary>
    SoapFault,

    /// <summary>The wrong-credentials fault (ClientOnline).</summary>
    WrongPassword,
}

/// <summary>What happens to one call.</summary>
/// <param name="DelayMs">Milliseconds to wait before handling it.</param>
/// <param name="Fault">The failure, if any.</param>
/// <param name="RetryAfterSeconds">The Retry-After of a 429.</param>
/// <param name="SlowBodyMs">Milliseconds over which to spread the answer; 0: at once.</param>
public readonly record struct FaultDecision(int DelayMs, InjectedFault Fault, int RetryAfterSeconds = 0, int SlowBodyMs = 0);

/// <summary>The answer of <c>GET /control/faults</c>: the settings in force and what was injected since they were set.</summary>
/// <param name="Settings">The settings in force.</param>
/// <param name="Calls">Calls decided since the settings were set.</param>
/// <param name="Injected">Calls that got each kind of fault (and <c>latency</c>, <c>slowBody</c>), by JSON name.</param>
/// <param name="InFlight">Calls of the service in hand now.</param>
/// <param name="PeakInFlight">The most calls in hand at once since the settings were set: how far a client overlaps its calls.</param>
public sealed record FaultStatus(FaultSettings Settings, long Calls, IReadOnlyDictionary<string, long> Injected, int InFlight = 0, int PeakInFlight = 0);
