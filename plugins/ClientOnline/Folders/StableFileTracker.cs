using System.Collections.Concurrent;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// Decides whether a file is completely written, from the file's own last-write time and size: a file whose last
/// write is at least <c>stableFor</c> old and whose size and last-write time do not change between two looks a moment
/// apart is stable. The first look of a file this process has not seen before is confirmed by a second look after
/// <see cref="Moment"/> (one pause per scan for all such files); a file seen unchanged in an earlier scan needs none.
/// So a one-shot run (<c>run-once</c>) and a fresh start submit a file that was written long ago at once. A last-write
/// time in the future (a copy from a machine whose clock runs ahead) falls back to "unchanged for stableFor since
/// first seen".
/// </summary>
internal sealed class StableFileTracker(TimeSpan stableFor, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Observation> _seen = new(StringComparer.Ordinal);

    /// <summary>How long apart the two looks at a file seen for the first time are.</summary>
    public TimeSpan Moment { get; } = stableFor < TimeSpan.FromMilliseconds(200) ? stableFor : TimeSpan.FromMilliseconds(200);

    /// <summary>Judges a file from one look.</summary>
    public Stability Check(FileInfo file)
    {
        var now = clock.GetUtcNow();
        var signature = new Signature(file.Length, file.LastWriteTimeUtc);
        var previous = _seen.TryGetValue(file.FullName, out var seen) ? seen : null;
        var observation = previous is not null && previous.Signature == signature ? previous : new Observation(signature, now);
        _seen[file.FullName] = observation;

        var lastWrite = new DateTimeOffset(signature.LastWrite, TimeSpan.Zero);
        var quietSince = lastWrite <= now ? lastWrite : observation.Since;
        var quiet = now - quietSince;
        if (quiet < stableFor)
        {
            return new Stability(StabilityKind.Changing, stableFor - quiet);
        }

        return ReferenceEquals(observation, previous) || lastWrite > now
            ? new Stability(StabilityKind.Stable, TimeSpan.Zero)
            : new Stability(StabilityKind.LookAgain, TimeSpan.Zero);
    }

    /// <summary>The second look at a file judged <see cref="StabilityKind.LookAgain"/>: stable when nothing changed.</summary>
    public bool Confirm(FileInfo file)
    {
        file.Refresh();
        return file.Exists
            && _seen.TryGetValue(file.FullName, out var seen)
            && seen.Signature == new Signature(file.Length, file.LastWriteTimeUtc);
    }

    /// <summary>Forgets a file that was put away or disappeared.</summary>
    public void Forget(string path) => _seen.TryRemove(path, out _);

    /// <summary>Forgets every file not in <paramref name="present"/>.</summary>
    public void KeepOnly(IReadOnlySet<string> present)
    {
        foreach (var path in _seen.Keys)
        {
            if (!present.Contains(path))
            {
                _seen.TryRemove(path, out _);
            }
        }
    }

    private sealed record Signature(long Length, DateTime LastWrite);

    private sealed record Observation(Signature Signature, DateTimeOffset Since);
}

/// <summary>What one look at a file says.</summary>
/// <param name="Kind">Stable, changing, or stable unless a second look shows a change.</param>
/// <param name="Remaining">For a changing file: how long it must stay unchanged still.</param>
internal readonly record struct Stability(StabilityKind Kind, TimeSpan Remaining);

/// <summary>The judgements of <see cref="StableFileTracker"/>.</summary>
internal enum StabilityKind
{
    /// <summary>Written too recently; wait.</summary>
    Changing,

    /// <summary>Old enough, but seen for the first time: look again a moment later.</summary>
    LookAgain,

    /// <summary>Completely written.</summary>
    Stable,
}
