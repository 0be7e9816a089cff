namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>When one kind of fault is injected: for a share of SOAP calls, and/or for the next N calls.</summary>
public sealed record FaultRule
{
    /// <summary>The share of SOAP calls that get the fault, 0 (none) to 1 (all).</summary>
    public double Share { get; init; }

    /// <summary>The number of next SOAP calls that get the fault regardless of <see cref="Share"/>.</summary>
    public int NextCalls { get; init; }

    internal bool IsOff => Share <= 0 && NextCalls <= 0;
}

/// <summary>
/// The faults the sandbox injects into SOAP calls (POSTs to the service; the WSDL is never affected). Each kind is
/// decided on its own for every call; when several hit one call the most severe wins (dropped connection, then
/// HTTP 500, then SOAP fault, then wrong password), and latency comes on top. With a <see cref="Seed"/> the choice
/// of calls is the same on every run.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>The seed for the random choice of calls; <c>null</c>: a different choice every run.</summary>
    public int? Seed { get; init; }

    /// <summary>The delay added by <see cref="Latency"/>, in milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Calls answered after <see cref="LatencyMs"/>.</summary>
    public FaultRule Latency { get; init; } = new();

    /// <summary>Calls answered with a bare HTTP 500.</summary>
    public FaultRule Http500 { get; init; } = new();

    /// <summary>Calls answered with a SOAP 1.1 server fault (HTTP 500, a fault envelope).</summary>
    public FaultRule SoapFault { get; init; } = new();

    /// <summary>Calls whose connection is dropped without an answer.</summary>
    public FaultRule DropConnection { get; init; } = new();

    /// <summary>Calls answered with the wrong-credentials fault, even when the credentials are right.</summary>
    public FaultRule WrongPassword { get; init; } = new();

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

        foreach (var (name, rule) in Rules())
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
        }

        return problems;
    }

    internal IEnumerable<(string Name, FaultRule Rule)> Rules()
    {
        yield return ("latency", Latency);
        yield return ("http500", Http500);
        yield return ("soapFault", SoapFault);
        yield return ("dropConnection", DropConnection);
        yield return ("wrongPassword", WrongPassword);
    }
}

/// <summary>The failing kinds of fault, most severe first.</summary>
public enum InjectedFault
{
    /// <summary>No failure.</summary>
    None,

    /// <summary>The connection is dropped.</summary>
    DropConnection,

    /// <summary>A bare HTTP 500.</summary>
    Http500,

    /// <summary>A SOAP server fault.</summary>
    SoapFault,

    /// <summary>The wrong-credentials fault.</summary>
    WrongPassword,
}

/// <summary>What happens to one SOAP call.</summary>
/// <param name="DelayMs">Milliseconds to wait before answering.</param>
/// <param name="Fault">The failure, if any.</param>
public readonly record struct FaultDecision(int DelayMs, InjectedFault Fault);

/// <summary>Decides, call by call, which faults to inject. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private FaultSettings _settings = FaultSettings.None;
    private Random _random = new();
    private int _latencyLeft;
    private int _http500Left;
    private int _soapFaultLeft;
    private int _dropLeft;
    private int _wrongPasswordLeft;
    private long _calls;

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

    /// <summary>How many SOAP calls were decided since the last <see cref="Configure"/>.</summary>
    public long Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls;
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
            _latencyLeft = settings.Latency.NextCalls;
            _http500Left = settings.Http500.NextCalls;
            _soapFaultLeft = settings.SoapFault.NextCalls;
            _dropLeft = settings.DropConnection.NextCalls;
            _wrongPasswordLeft = settings.WrongPassword.NextCalls;
            _calls = 0;
        }
    }

    /// <summary>Decides the faults for one SOAP call.</summary>
    /// <returns>The decision.</returns>
    public FaultDecision Next()
    {
        lock (_gate)
        {
            _calls++;
            var s = _settings;
            var latency = Hit(s.Latency, ref _latencyLeft);
            var drop = Hit(s.DropConnection, ref _dropLeft);
            var http500 = Hit(s.Http500, ref _http500Left);
            var soapFault = Hit(s.SoapFault, ref _soapFaultLeft);
            var wrongPassword = Hit(s.WrongPassword, ref _wrongPasswordLeft);
            var fault = drop ? InjectedFault.DropConnection
                : http500 ? InjectedFault.Http500
                : soapFault ? InjectedFault.SoapFault
                : wrongPassword ? InjectedFault.WrongPassword
                : InjectedFault.None;
            return new FaultDecision(latency ? s.LatencyMs : 0, fault);
        }
    }

    private bool Hit(FaultRule rule, ref int left)
    {
        if (rule.IsOff)
        {
            return false;
        }

        if (left > 0)
        {
            left--;
            return true;
        }

#pragma warning disable CA5394 // Not for security.
        return rule.Share > 0 && _random.NextDouble() < rule.Share;
#pragma warning restore CA5394
    }
}
