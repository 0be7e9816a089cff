namespace ConnectorHost.Sandbox;

/// <summary>Decides, call by call, which faults to inject, and counts them. Thread-safe. One per sandbox.</summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly HashSet<InjectedFault> _serviceFaults;
    private readonly Dictionary<string, int> _left = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _injected = new(StringComparer.Ordinal);
    private FaultSettings _settings = FaultSettings.None;
    private Random _random = new();
    private long _calls;
    private int _inFlight;
    private int _peakInFlight;

    /// <summary>Creates an injector with no faults.</summary>
    /// <param name="serviceFaults">The service-specific kinds this sandbox can inject (<see cref="InjectedFault.SoapFault"/>, <see cref="InjectedFault.WrongPassword"/>).</param>
    public FaultInjector(params InjectedFault[] serviceFaults)
    {
        _serviceFaults = [.. serviceFaults];
    }

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

    /// <summary>How many calls were decided since the last <see cref="Configure"/>.</summary>
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

    /// <summary>The settings, the calls decided and the faults injected since the last <see cref="Configure"/>.</summary>
    /// <returns>A snapshot.</returns>
    public FaultStatus Status()
    {
        lock (_gate)
        {
            return new FaultStatus(_settings, _calls, new Dictionary<string, long>(_injected, StringComparer.Ordinal), _inFlight, _peakInFlight);
        }
    }

    /// <summary>Replaces the settings; the "next N calls" counters, the counts and the random sequence start again.</summary>
    /// <param name="settings">The new settings.</param>
    /// <exception cref="ArgumentException">The settings are out of range, or name a kind this sandbox cannot inject.</exception>
    public void Configure(FaultSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Validate(_serviceFaults);
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
            _injected.Clear();
            foreach (var (_, name, rule) in settings.Rules())
            {
                _left[name] = rule.NextCalls;
            }

            _calls = 0;
            _peakInFlight = _inFlight;
        }
    }

    /// <summary>The most calls the service had in hand at once since the last <see cref="Configure"/> (how far a client overlaps its calls).</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>A call of the service begins (counted in flight until <see cref="Left"/>).</summary>
    internal void Entered()
    {
        lock (_gate)
        {
            _inFlight++;
            _peakInFlight = Math.Max(_peakInFlight, _inFlight);
        }
    }

    /// <summary>A call of the service was answered, refused or dropped.</summary>
    internal void Left()
    {
        lock (_gate)
        {
            _inFlight--;
        }
    }

    /// <summary>Decides the faults for one call. Every rule is drawn on every call, so a seed gives the same sequence.</summary>
    /// <param name="isWrite">Whether the call changes something (any method but GET and HEAD); only writes get <see cref="InjectedFault.Http503AfterWrite"/>.</param>
    /// <returns>The decision.</returns>
    public FaultDecision Next(bool isWrite = true)
    {
        lock (_gate)
        {
            _calls++;
            var s = _settings;
            var fault = InjectedFault.None;
            foreach (var (kind, name, rule) in s.Rules())
            {
                // A read never gets (nor uses up) a 503-after-write.
                if (kind == InjectedFault.None || (kind == InjectedFault.Http503AfterWrite && !isWrite) || !Hit(name, rule) || fault != InjectedFault.None)
                {
                    continue;
                }

                fault = kind;
            }

            var delayMs = 0;
            var delayed = s.Latency is null ? s.LatencyMs > 0 || s.JitterMs > 0 : Hit("latency", s.Latency);
            if (delayed)
            {
#pragma warning disable CA5394 // Not for security.
                delayMs = s.LatencyMs + (s.JitterMs > 0 ? _random.Next(s.JitterMs + 1) : 0);
#pragma warning restore CA5394
                Count("latency");
            }

            var slow = Hit("slowBody", s.SlowBody) && fault is InjectedFault.None or InjectedFault.WrongPassword or InjectedFault.SoapFault;
            if (slow)
            {
                Count("slowBody");
            }

            if (fault != InjectedFault.None)
            {
                Count(NameOf(fault));
            }

            return new FaultDecision(delayMs, fault, s.RetryAfterSeconds, slow ? s.SlowBodyMs : 0);
        }
    }

    private static string NameOf(InjectedFault fault) => FaultSettings.None.Rules().First(r => r.Kind == fault).Name;

    private void Count(string name) => _injected[name] = _injected.GetValueOrDefault(name) + 1;

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
