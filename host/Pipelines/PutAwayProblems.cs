using System.Collections.Concurrent;

namespace ConnectorHost.Pipelines;

/// <summary>
/// Remembers, per document, when a failed put-away was last logged, so that a file that cannot be moved is logged
/// once per <c>logEvery</c> (not at every run), while it is still tried at every run (CO-15).
/// </summary>
internal sealed class PutAwayProblems(TimeSpan logEvery)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>Whether the failure of <paramref name="key"/> is logged now; notes the time when it is.</summary>
    public bool ShouldLog(string key, DateTimeOffset now)
    {
        if (_lastLogged.TryGetValue(key, out var last) && now - last < logEvery)
        {
            return false;
        }

        _lastLogged[key] = now;
        return true;
    }

    /// <summary>Forgets a document that was put away after all.</summary>
    public void Forget(string key) => _lastLogged.TryRemove(key, out _);

    /// <summary>What to do about a failed move, by its kind.</summary>
    public static string WhatToDo(Exception failure) => failure switch
    {
        UnauthorizedAccessException => "the service account may not write there: give it write access to the folder (or move the file by hand); it is tried again at every run",
        PathTooLongException => "the path is too long for the file system: shorten the folder's path; it is tried again at every run",
        IOException when failure.HResult is 32 or 33 or unchecked((int)0x80070020) or unchecked((int)0x80070021) => "another program has the file open: close it; it is tried again at every run",
        _ => "check that the folder exists and can be written; it is tried again at every run",
    };
}
