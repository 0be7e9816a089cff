using System.Collections.Concurrent;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// Decides whether a file is completely written (Apache Camel's <c>readLock=changed</c>): its size and last-write time
/// must be unchanged since they were first seen at least <c>stableFor</c> ago. Opening it exclusively is checked
/// by the caller when it reads the file.
/// </summary>
internal sealed class StableFileTracker(TimeSpan stableFor, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Observation> _seen = new(StringComparer.Ordinal);

    /// <summary>Whether the file is stable now; otherwise how long it must stay unchanged still.</summary>
    public (bool Stable, TimeSpan Remaining) Check(FileInfo file)
    {
        var now = clock.GetUtcNow();
        var signature = (file.Length, file.LastWriteTimeUtc);
        var observation = _seen.AddOrUpdate(
            file.FullName,
            _ => new Observation(signature, now),
            (_, old) => old.Signature == signature ? old : new Observation(signature, now));
        var waited = now - observation.Since;
        return waited >= stableFor ? (true, TimeSpan.Zero) : (false, stableFor - waited);
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

    private sealed record Observation((long Length, DateTime LastWrite) Signature, DateTimeOffset Since);
}
