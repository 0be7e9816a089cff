using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Plugins.ClientOnline.Xbrl;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// Offers the stable PDF and XBRL files of the configured folders to the portal and, after each document's outcome,
/// moves it to Goedgekeurd, Afgekeurd, Niet gevonden or the error folder (CO-1, CO-5, CO-6, CO-9). A file that cannot
/// be offered at all (not a PDF, bad XBRL, too large, no client number) is yielded with its refusal: the host records
/// it and has it put away with the reason beside it (CO-17); it is never submitted and never skipped silently. Only
/// what tells a file is read while scanning (a PDF's header, an XBRL instance streamed once per version); the host
/// reads the content when it submits, and an unchanged pending file is not read at all.
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

    /// <summary>The bytes read to tell a PDF: its header, never the whole file.</summary>
    private const int PdfHeadBytes = 1024;

    private readonly IReadOnlyList<ResolvedFolder> _folders;
    private readonly StableFileTracker _stable;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _retryInUse;
    private readonly ILogger _logger;
    private readonly XbrlInstanceReader _xbrl = new(MaxFileBytes);
    private readonly ConcurrentDictionary<string, (string Version, DocumentReading Reading)> _readings = new(StringComparer.Ordinal);
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
        var stable = new List<(ResolvedFolder Folder, FileInfo File)>();
        var lookAgain = new List<(ResolvedFolder Folder, FileInfo File)>();
        TimeSpan? nextStable = null;
        foreach (var folder in _folders)
        {
            Directory.CreateDirectory(folder.Source);
            foreach (var file in new DirectoryInfo(folder.Source).EnumerateFiles(folder.Mapping.Pattern, Enumeration).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsTemporary(file.Name) || !file.Exists)
                {
                    continue; // an editor's or a copy's temporary file: it gets its real name when complete
                }

                present.Add(file.FullName);
                var stability = _stable.Check(file);
                switch (stability.Kind)
                {
                    case StabilityKind.Stable:
                        stable.Add((folder, file));
                        break;
                    case StabilityKind.LookAgain:
                        lookAgain.Add((folder, file));
                        break;
                    default:
                        nextStable = Earliest(nextStable, stability.Remaining);
                        break;
                }
            }
        }

        if (lookAgain.Count > 0)
        {
            // One pause for every file seen for the first time: a file still being written changes in the meantime.
            await Task.Delay(_stable.Moment, cancellationToken).ConfigureAwait(false);
            foreach (var (folder, file) in lookAgain)
            {
                if (_stable.Confirm(file))
                {
                    stable.Add((folder, file));
                }
                else
                {
                    nextStable = Earliest(nextStable, _retryInUse);
                }
            }
        }

        _stable.KeepOnly(present);
        foreach (var path in _readings.Keys.Where(p => !present.Contains(p)))
        {
            _readings.TryRemove(path, out _);
        }

        foreach (var (folder, file) in stable.OrderBy(f => f.File.FullName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var version = FileVersion.Of(file);
            var reading = Read(folder, file, version);
            if (reading is null)
            {
                nextStable = Earliest(nextStable, _retryInUse); // still open in another program: look again a little later
                continue;
            }

            yield return Offer(folder, file, version, reading);
        }

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
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Task.CompletedTask; // put away before a restart
        }

        CheckStillTheDecidedVersion(file, outcome);
        var refusal = _readings.TryGetValue(path, out var known) && known.Reading.Metadata is null ? known.Reading.Problem : null;
        var reason = refusal is not null && outcome.PortalReference is null
            ? OutcomeReason.ForUnusable(name, outcome.Reason, _clock.GetUtcNow())
            : OutcomeReason.For(name, outcome, _clock.GetUtcNow());
        var destination = FolderPutAway.Move(path, folder.FolderFor(outcome.Kind), reason);
        _stable.Forget(path);
        _readings.TryRemove(path, out _);
        LogMoved(name, destination, outcome.Kind);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Throws <see cref="DocumentChangedException"/> when the file is not the version the outcome is about: another
    /// size or time, and (when the content's hash is known) other content (CO-13). Only touched: it is the same.
    /// </summary>
    private static void CheckStillTheDecidedVersion(FileInfo file, DocumentOutcome outcome)
    {
        if (outcome.SourceVersion is null || string.Equals(FileVersion.Of(file), outcome.SourceVersion, StringComparison.Ordinal))
        {
            return;
        }

        if (outcome.ContentSha256 is { } decided)
        {
            string now;
            using (var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 128 * 1024, FileOptions.SequentialScan))
            {
                now = Convert.ToHexStringLower(SHA256.HashData(stream));
            }

            if (string.Equals(now, decided, StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }

        throw new DocumentChangedException(
            $"'{file.Name}' is no longer the file that was submitted (it is now {file.Length} bytes, last written {file.LastWriteTimeUtc:yyyy-MM-dd HH:mm:ss} UTC, other content)");
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
    /// What the file is, from its name and its header (PDF) or a streaming read (XBRL); kept per version, so an
    /// unchanged file is not read again. <c>null</c> while another program still has it open.
    /// </summary>
    private DocumentReading? Read(ResolvedFolder folder, FileInfo file, string version)
    {
        if (_readings.TryGetValue(file.FullName, out var known) && string.Equals(known.Version, version, StringComparison.Ordinal))
        {
            return known.Reading;
        }

        DocumentReading reading;
        if (file.LinkTarget is not null)
        {
            reading = DocumentReading.Unusable(UnusableKind.Malformed, $"'{file.Name}' is a link to {file.LinkTarget}; links are not followed. Put the file itself in the folder.");
        }
        else if (file.Length > MaxFileBytes)
        {
            reading = DocumentReading.Unusable(UnusableKind.Malformed, $"'{file.Name}' is {file.Length / (1024 * 1024)} MiB, more than the {MaxFileBytes / (1024 * 1024)} MiB the portal accepts in one submission.");
        }
        else
        {
            try
            {
                reading = folder.Mapping.Kind == DocumentKind.Pdf
                    ? PdfDocumentReader.Read(file.Name, ReadHead(file), folder.Mapping)
                    : XbrlDocumentReader.Read(file.Name, file.FullName, _xbrl);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
            catch (IOException ex)
            {
                LogStillInUse(file.Name, ex.Message);
                return null;
            }
            catch (UnauthorizedAccessException ex)
            {
                LogNoAccess(file.Name, ex.Message);
                return null;
            }
        }

        _readings[file.FullName] = (version, reading);
        return reading;
    }

    private static byte[] ReadHead(FileInfo file)
    {
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        var head = new byte[(int)Math.Min(PdfHeadBytes, stream.Length)];
        stream.ReadExactly(head);
        return head;
    }

    /// <summary>
    /// The document the host gets: a usable one opens the file exclusively when the host reads it (a file another
    /// program still has open waits); a refused one carries the reason and goes where its kind says (CO-17).
    /// </summary>
    private static SourceDocument Offer(ResolvedFolder folder, FileInfo file, string version, DocumentReading reading)
    {
        var path = file.FullName;
        if (reading.Metadata is { } metadata)
        {
            return new SourceDocument(path, file.Name, metadata, _ => Task.FromResult<Stream>(OpenExclusively(path))) { Version = version };
        }

        var known = new DocumentMetadata
        {
            ClientNumber = string.Empty,
            ClientNumberKind = folder.Mapping.MatchBy == PdfMatchBy.HiddenId ? ClientNumberKind.HiddenId : ClientNumberKind.KvK,
            DocumentType = folder.Mapping.DocumentType ?? string.Empty,
        };
        var kind = reading.Kind == UnusableKind.NoClientNumber ? DocumentOutcomeKind.ClientNotFound : DocumentOutcomeKind.Refused;
        var target = file.LinkTarget;
        return new SourceDocument(
            path,
            file.Name,
            known,
            _ => Task.FromResult<Stream>(target is null ? OpenExclusively(path) : new MemoryStream(System.Text.Encoding.UTF8.GetBytes(target), writable: false)))
        {
            Version = version,
            Refusal = new DocumentRefusal(kind, reading.Problem!),
        };
    }

    private static FileStream OpenExclusively(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.SequentialScan);

    private static TimeSpan Earliest(TimeSpan? current, TimeSpan candidate) => current is { } c && c < candidate ? c : candidate;

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
