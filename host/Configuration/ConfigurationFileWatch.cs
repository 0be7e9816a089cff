using System.Security.Cryptography;

namespace ConnectorHost.Configuration;

/// <summary>
/// Notices that the configuration file, or a file it references with <c>${file:path}</c>, has changed. A file
/// watcher wakes it early; a check every <see cref="PollInterval"/> runs as well, because watchers miss events (network
/// shares, editors that replace the file). A change is reported once its content has stopped changing (an editor
/// writing in several steps), compared by content, so touching a file without changing it is no change.
/// </summary>
internal sealed class ConfigurationFileWatch : IDisposable
{
    /// <summary>How often the files are compared when no watcher event arrives.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long the files must stay unchanged before an edit is read (an editor or a script writing in steps; FH-7).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly List<FileSystemWatcher> _watchers = [];
    private IReadOnlyCollection<string> _files = [];
    private string _fingerprint = string.Empty;

    /// <summary>Starts watching these files, taking their content now as the known one.</summary>
    /// <param name="files">Full paths: the configuration file and the files it references.</param>
    public void Watch(IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Order(StringComparer.Ordinal).SequenceEqual(_files.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            return;
        }

        DisposeWatchers();
        _files = files;
        _fingerprint = Fingerprint(files);
        foreach (var folder in files.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            watcher.Changed += (_, _) => Wake();
            watcher.Created += (_, _) => Wake();
            watcher.Renamed += (_, _) => Wake();
            watcher.Deleted += (_, _) => Wake();
            try
            {
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // no watcher (the system's limit of watchers reached, no rights): the comparison every PollInterval still notices the change
                watcher.Dispose();
                WatcherUnavailable = $"{folder}: {ex.Message}";
            }
        }
    }

    /// <summary>Why a folder could not be watched (then only the regular comparison notices changes), or null.</summary>
    public string? WatcherUnavailable { get; private set; }

    /// <summary>
    /// Whether the files are still as they were when the last change settled: a reload that read them applies its
    /// result only then, so an edit read while it was changed again (or a read that came back late) is never applied.
    /// </summary>
    /// <returns><c>true</c> when nothing changed since.</returns>
    public bool IsCurrent() => string.Equals(Fingerprint(_files), _fingerprint, StringComparison.Ordinal);

    /// <summary>Waits until the content of a watched file has changed and stayed unchanged for <see cref="Settle"/>.</summary>
    /// <param name="clock">The clock for the waits.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on a change.</returns>
    public async Task WaitForChangeAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            await WaitForSignalOrPollAsync(clock, cancellationToken).ConfigureAwait(false);
            var now = Fingerprint(_files);
            if (now == _fingerprint)
            {
                continue;
            }

            string settled;
            do
            {
                settled = now;
                await Task.Delay(Settle, clock, cancellationToken).ConfigureAwait(false);
                now = Fingerprint(_files);
            }
            while (now != settled);

            _fingerprint = settled;
            return;
        }
    }

    public void Dispose()
    {
        DisposeWatchers();
        _signal.Dispose();
    }

    private async Task WaitForSignalOrPollAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        using var interval = new CancellationTokenSource(PollInterval, clock);
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
        try
        {
            await _signal.WaitAsync(poll.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the poll interval passed without a watcher event: compare anyway
        }
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // already woken, or stopping
        }
    }

    /// <summary>
    /// A hash over every file's content (a missing or unreadable file counts as its own state). Read as outside data:
    /// a pipe or a device is not opened, a read is capped and has a deadline (FH-1, FH-7).
    /// </summary>
    private static string Fingerprint(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            try
            {
                hash.AppendData(ConfigurationFiles.Read(file, ConfigurationFiles.MaxConfigurationBytes));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes("<unreadable: " + ex.Message + ">"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private void DisposeWatchers()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _watchers.Clear();
    }
}
