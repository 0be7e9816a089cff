using System.Collections.Concurrent;

namespace ConnectorHost.Tests.State;

/// <summary>
/// Sees two workers inside the same key (a dossier) at once. The caller awaits between <see cref="Enter"/> and the
/// dispose, so another worker gets a real chance to run in the middle: an overlap the store allowed is then seen.
/// </summary>
internal sealed class OverlapDetector
{
    private readonly ConcurrentDictionary<string, int> _inside = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<string> _overlaps = [];

    /// <summary>What overlapped: "two workers in d3 at once (by w1)".</summary>
    public IReadOnlyCollection<string> Overlaps => _overlaps;

    /// <summary>Marks <paramref name="who"/> inside <paramref name="key"/> until the returned scope is disposed.</summary>
    public IDisposable Enter(string key, string who)
    {
        if (_inside.AddOrUpdate(key, 1, (_, n) => n + 1) != 1)
        {
            _overlaps.Add($"two workers in {key} at once (by {who})");
        }

        return new Scope(() => _inside.AddOrUpdate(key, 0, (_, n) => n - 1));
    }

    private sealed class Scope(Action leave) : IDisposable
    {
        public void Dispose() => leave();
    }
}

public sealed class OverlapDetectorTests
{
    [Fact]
    public async Task Two_workers_awaiting_inside_the_same_key_are_seen_and_other_keys_are_not()
    {
        var detector = new OverlapDetector();
        using var bothInside = new Barrier(2);

        async Task Work(string key, string who)
        {
            using (detector.Enter(key, who))
            {
                await Task.Run(() => bothInside.SignalAndWait(TimeSpan.FromMinutes(1)));
            }
        }

        await Task.WhenAll(Work("d1", "w1"), Work("d1", "w2"));
        await Task.WhenAll(Work("d2", "w1"), Work("d3", "w2"));

        detector.Overlaps.ShouldHaveSingleItem().ShouldStartWith("two workers in d1 at once");
    }
}
