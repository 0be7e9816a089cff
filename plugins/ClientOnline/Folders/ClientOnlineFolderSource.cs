using System.Runtime.CompilerServices;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// Offers the stable PDF and XBRL files of the configured folders to the portal and, after each document's outcome,
/// moves it to Goedgekeurd, Afgekeurd, Niet gevonden or the error folder (CO-1, CO-5, CO-6, CO-9). A file that cannot
/// be offered at all (not a PDF, bad XBRL, no client number) is put away here, with the reason beside it, and logged;
/// it is never submitted and never skipped silently.
/// </summary>
internal sealed partial class ClientOnlineFolderSource : IDocumentSource, IDisposable
{
    /// <summary>The largest file offered: the portal takes 64 MiB per request, and base64 makes a file a third larger.</summary>
    internal const long MaxFileBytes = 48L * 1024 * 1024;

    private static readonly EnumerationOptions Enumeration = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Directory,
    };

    private readonly IReadOnlyList<ResolvedFolder> _folders;
    private readonly StableFileTracker _stable;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _retryInUse;
    private readonly ILogger _logger;
    private readonly XbrlInstanceReader _xbrl = new(MaxFileBytes);
    private readonly Lock _wakeGate = new();
    private Action? _wake;
    private ITimer? _wakeTimer;

    public ClientOnlineFolderSource(IReadOnlyList<ResolvedFolder> folders, TimeSpan stableFor, TimeProvider clock, ILogger<ClientOnlineFolderSource> logger)
    {
        _folders = folders;
        _stable = new StableFileTracker(stableFor, clock);
        _clock = clock;
        _retryInUse = stableFor > TimeSpan.FromSeconds(1) ? stableFor : TimeSpan.FromSeconds(1);
        _logger = logger;
    }

    public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        TimeSpan? nextStable = null;
        foreach (var folder in _folders)
        {
            Directory.CreateDirectory(folder.Source);
            foreach (var path in Directory.EnumerateFiles(folder.Source, folder.Mapping.Pattern, Enumeration).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var file = new FileInfo(path);
                if (IsTemporary(file.Name) || !file.Exists)
                {
                    continue; // an editor's or a copy's temporary file: it gets its real name when complete
                }

                present.Add(file.FullName);
                var (stable, remaining) = _stable.Check(file);
                if (!stable)
                {
                    nextStable = nextStable is { } n && n < remaining ? n : remaining;
                    continue;
                }

                var (content, problem) = ReadExclusively(file);
                if (content is null)
                {
                    if (problem is not null)
                    {
                        PutAwayUnusable(folder, file, DocumentReading.Unusable(UnusableKind.Malformed, problem));
                    }
                    else
                    {
                        nextStable = nextStable is { } n && n < _retryInUse ? n : _retryInUse; // still open in another program: look again a little later
                    }

                    continue;
                }

                var reading = folder.Mapping.Kind == DocumentKind.Pdf
                    ? PdfDocumentReader.Read(file.Name, content, folder.Mapping)
                    : XbrlDocumentReader.Read(file.Name, content, _xbrl);
                if (reading.Metadata is not { } metadata)
                {
                    PutAwayUnusable(folder, file, reading);
                    continue;
                }

                yield return new SourceDocument(
                    file.FullName,
                    file.Name,
                    metadata,
                    _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));
                await Task.Yield();
            }
        }

        _stable.KeepOnly(present);
        if (nextStable is { } wait)
        {
            WakeAfter(wait);
        }
    }

    public Task CompleteAsync(string locator, DocumentOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(outcome);
        var path = Path.GetFullPath(locator);
        var name = Path.GetFileName(path);
        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        var folder = _folders.FirstOrDefault(f => string.Equals(f.Source, directory, StringComparison.Ordinal) && f.Matches(name))
            ?? throw new IOException(
                $"'{path}' is not in a configured source folder (the configuration changed?), so it is not known where it goes ({outcome.Kind}). Move it by hand.");
        if (!File.Exists(path))
        {
            return Task.CompletedTask; // put away before a restart
        }

        var destination = FolderPutAway.Move(path, folder.FolderFor(outcome.Kind), OutcomeReason.For(name, outcome, _clock.GetUtcNow()));
        _stable.Forget(path);
        LogMoved(name, destination, outcome.Kind);
        return Task.CompletedTask;
    }

    public IDisposable? WatchForChanges(Action onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var watchers = new List<FileSystemWatcher>();
        foreach (var source in _folders.Select(f => f.Source).Distinct(StringComparer.Ordinal))
        {
            Directory.CreateDirectory(source);
            var watcher = new FileSystemWatcher(source) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite };
            watcher.Created += (_, _) => onChange();
            watcher.Changed += (_, _) => onChange();
            watcher.Renamed += (_, _) => onChange();
            watcher.Error += (_, e) => LogWatcherFailed(source, e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }

        lock (_wakeGate)
        {
            _wake = onChange;
        }

        return new Watching(this, watchers);
    }

    public void Dispose()
    {
        lock (_wakeGate)
        {
            _wake = null;
            _wakeTimer?.Dispose();
            _wakeTimer = null;
        }
    }

    /// <summary>Temporary names are never picked up: <c>~*</c>, <c>*.tmp</c>, <c>.*</c>.</summary>
    internal static bool IsTemporary(string fileName) =>
        fileName.StartsWith('~') || fileName.StartsWith('.') || fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads the whole file, opened exclusively so that a file another program still has open waits. The bytes read
    /// here are the bytes read for the metadata, hashed and submitted.
    /// </summary>
    /// <returns>The content; or no content and no problem (still open elsewhere); or a problem that makes it unusable.</returns>
    private (byte[]? Content, string? Problem) ReadExclusively(FileInfo file)
    {
        if (file.LinkTarget is not null)
        {
            return (null, $"'{file.Name}' is a link to {file.LinkTarget}; links are not followed. Put the file itself in the folder.");
        }

        if (file.Length > MaxFileBytes)
        {
            return (null, $"'{file.Name}' is {file.Length / (1024 * 1024)} MiB, more than the {MaxFileBytes / (1024 * 1024)} MiB the portal accepts in one submission.");
        }

        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            var content = new byte[stream.Length];
            stream.ReadExactly(content);
            return stream.Length == content.Length && stream.ReadByte() == -1 ? (content, null) : (null, null);
        }
        catch (FileNotFoundException)
        {
            return (null, null);
        }
        catch (IOException ex)
        {
            LogStillInUse(file.Name, ex.Message);
            return (null, null);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogNoAccess(file.Name, ex.Message);
            return (null, null);
        }
    }

    private void PutAwayUnusable(ResolvedFolder folder, FileInfo file, DocumentReading reading)
    {
        var target = reading.Kind == UnusableKind.NoClientNumber ? folder.NotFound : folder.Error;
        try
        {
            var destination = FolderPutAway.Move(file.FullName, target, OutcomeReason.ForUnusable(file.Name, reading.Problem!, _clock.GetUtcNow()));
            _stable.Forget(file.FullName);
            LogUnusable(file.Name, reading.Problem!, destination);
        }
        catch (IOException ex)
        {
            LogUnusableNotMoved(file.Name, reading.Problem!, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogUnusableNotMoved(file.Name, reading.Problem!, ex.Message);
        }
    }

    /// <summary>Wakes the pipeline when a file that is still being written may have become stable.</summary>
    private void WakeAfter(TimeSpan wait)
    {
        lock (_wakeGate)
        {
            if (_wake is not { } wake)
            {
                return;
            }

            _wakeTimer?.Dispose();
            _wakeTimer = _clock.CreateTimer(_ => wake(), null, wait + TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        }
    }

    private void StopWatching(List<FileSystemWatcher> watchers)
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Document} to {Destination} ({Outcome})")]
    private partial void LogMoved(string document, string destination, DocumentOutcomeKind outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} is not submitted: {Problem} It was moved to {Destination} with the reason beside it.")]
    private partial void LogUnusable(string document, string problem, string destination);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Document} is not submitted: {Problem} It could not be moved out of the source folder ({Error}); tried again at the next run. Check the folder's permissions.")]
    private partial void LogUnusableNotMoved(string document, string problem, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Document} is still open in another program ({Reason}); it is picked up once it is closed")]
    private partial void LogStillInUse(string document, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Document} cannot be read ({Reason}); it is tried again at the next run. Check the file's permissions.")]
    private partial void LogNoAccess(string document, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The folder watcher on {Folder} failed ({Reason}); new files are still picked up at every scheduled run")]
    private partial void LogWatcherFailed(string folder, string reason);

    private sealed class Watching(ClientOnlineFolderSource source, List<FileSystemWatcher> watchers) : IDisposable
    {
        public void Dispose() => source.StopWatching(watchers);
    }
}
