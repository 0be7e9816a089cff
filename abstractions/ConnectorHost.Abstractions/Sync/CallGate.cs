namespace ConnectorHost.Abstractions.Sync;

/// <summary>
/// The calls of one pipeline to an outside service (OF-1): at most <see cref="MaxInFlight"/> at a time, and shared
/// back-pressure — when the service answers 429 with <c>Retry-After</c> or 503, <see cref="PauseFor"/> holds back
/// every call of the pipeline, not only the one that got it. A component makes one per instance (a component belongs
/// to one pipeline) with <see cref="Plugins.IComponentContext.MaxInFlight"/>, and wraps each call in <see cref="EnterAsync"/>.
/// Thread-safe.
/// </summary>
public sealed class CallGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private int _inFlight;
    private int _peakInFlight;
    private long _calls;
    private long _heldBack;

    /// <summary>Creates a gate.</summary>
    /// <param name="maxInFlight">Calls at the same time, 1 or more.</param>
    /// <param name="clock">Where the pauses are timed; the system's unless a test moves time.</param>
    public CallGate(int maxInFlight, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        MaxInFlight = maxInFlight;
        _slots = new SemaphoreSlim(maxInFlight, maxInFlight);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Calls at the same time.</summary>
    public int MaxInFlight { get; }

    /// <summary>Calls in flight now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most calls that were in flight at once since the gate was made.</summary>
    public int PeakInFlight => Volatile.Read(ref _peakInFlight);

    /// <summary>Calls made through the gate.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Calls that waited for a pause another call asked for (429, 503) before they were made.</summary>
    public long HeldBack => Interlocked.Read(ref _heldBack);

    /// <summary>Until when every call is held back, or <see cref="DateTimeOffset.MinValue"/>.</summary>
    public DateTimeOffset PausedUntil
    {
        get
        {
            lock (_gate)
            {
                return _pausedUntil;
            }
        }
    }

    /// <summary>Waits until no pause holds calls back and a place is free, then takes the place until disposed.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The place; dispose it when the call is answered.</returns>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await WaitForPauseAsync(cancellationToken).ConfigureAwait(false);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var now = Interlocked.Increment(ref _inFlight);
        Interlocked.Increment(ref _calls);
        int peak;
        while (now > (peak = Volatile.Read(ref _peakInFlight)) && Interlocked.CompareExchange(ref _peakInFlight, now, peak) != peak)
        {
        }

        return new Place(this);
    }

    /// <summary>Holds back every call of the pipeline for <paramref name="wait"/> from now (a longer pause already set stays).</summary>
    /// <param name="wait">How long: a 429's <c>Retry-After</c>, or the back-off after a 503.</param>
    public void PauseFor(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        var until = _clock.GetUtcNow() + wait;
        lock (_gate)
        {
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private async Task WaitForPauseAsync(CancellationToken cancellationToken)
    {
        var held = false;
        while (true)
        {
            var wait = PausedUntil - _clock.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            if (!held)
            {
                held = true;
                Interlocked.Increment(ref _heldBack);
            }

            await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Place(CallGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref gate._inFlight);
                gate._slots.Release();
            }
        }
    }
}
