using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Files;
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

    /// <summary>The end of a PDF within which <c>%%EOF</c> must be for it to be complete (FH-3).</summary>
    private const int PdfTailBytes = 1024;

    private readonly IReadOnlyList<ResolvedFolder> _folders;
    private readonly StableFileTracker _stable;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _retryInUse;
    private readonly ILogger _logger;
    private readonly XbrlInstanceReader _xbrl = new(MaxFileBytes);
    private readonly ConcurrentDictionary<string, (string Version, DocumentReading Reading)> _readings = new(StringComparer.Ordinal);
    private readonly Lock _wakeGate = new();
    private readonly ConcurrentDictionary<string, byte> _ignoredNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Task Read, DateTimeOffset Since)> _stuckReads = new(StringComparer.Ordinal);
    private readonly TimeSpan _stableFor;
    private readonly bool _createFolders;
    private readonly TimeSpan _readTimeout;
    private Action? _wake;
    private ITimer? _wakeTimer;

    /// <summary>
    /// Opens a file for reading (a path and a buffer size): a regular file with one name, never waiting on a pipe
    /// (FH-1, FH-10). Every read of its stream, while scanning and at submission, runs within the read timeout. A test
    /// puts a reader here that blocks, as a network share that stopped answering does.
    /// </summary>
    internal Func<string, int, Stream> OpenFile { get; set; } = (path, bufferSize) => OutsideFile.OpenRead(path, bufferSize);

    public ClientOnlineFolderSource(IReadOnlyList<ResolvedFolder> folders, TimeSpan stableFor, TimeProvider clock, ILogger<ClientOnlineFolderSource> logger, bool createFolders = false, TimeSpan? readTimeout = null)
    {
        _folders = folders;
        _stableFor = stableFor;
        _createFolders = createFolders;
        _readTimeout = readTimeout ?? TimeSpan.FromSeconds(30);
        _stable = new StableFileTracker(stableFor, clock);
        _clock = clock;
        _retryInUse = stableFor > TimeSpan.FromSeconds(1) ? stableFor : TimeSpan.FromSeconds(1);
        _logger = logger;
    }

    /// <summary>Warns about each folder that does not exist (FH-2): at start and in <c>validate</c>.</summary>
    public void WarnAboutMissingFolders()
    {
        if (_createFolders)
        {
            return;
        }

        foreach (var path in _folders.SelectMany(f => new[] { f.Source, f.Approved, f.Rejected, f.NotFound, f.Error }).Distinct(StringComparer.Ordinal).Where(f => !Directory.Exists(f)))
        {
            LogFolderAbsent(path);
        }
    }

    public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var stable = new List<(ResolvedFolder Folder, FileInfo File)>();
        var lookAgain = new List<(ResolvedFolder Folder, FileInfo File)>();
        var waiting = new List<(ResolvedFolder Folder, FileInfo File, string Reason)>();
        var special = new List<(ResolvedFolder Folder, FileInfo File, OutsideFileStatus Status)>();
        var problems = new List<string>();
        var unreachable = new List<string>();
        TimeSpan? nextStable = null;
        foreach (var folder in _folders)
        {
            if (MissingFolders(folder) is { Count: > 0 } missing)
            {
                problems.AddRange(missing.Select(m => $"the folder {m} is missing (an unmounted share?)"));
                unreachable.Add(folder.Source);
                LogFolderMissing(string.Join(", ", missing), folder.Source);
                continue;
            }

            foreach (var file in new DirectoryInfo(folder.Source).EnumerateFiles(folder.Mapping.Pattern, Enumeration).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsTemporary(file.Name))
                {
                    if (_ignoredNames.TryAdd(file.FullName, 0))
                    {
                        LogIgnoredName(file.Name, folder.Source);
                    }

                    continue; // an editor's or a copy's temporary file: it gets its real name when complete
                }

                var status = OutsideFile.Inspect(file.FullName);
                if (status.Type == OutsideFileType.Missing)
                {
                    continue;
                }

                present.Add(file.FullName);
                if (status.Type != OutsideFileType.SymbolicLink && status.Refusal is not null)
                {
                    special.Add((folder, file, status)); // a pipe, a device, a socket or a second name: never opened
                    continue;
                }

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
                        waiting.Add((folder, file, $"'{file.Name}' was written less than stableFor ({_stableFor.TotalSeconds:0.#} s) ago; it waits for the writer"));
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
                    waiting.Add((folder, file, $"'{file.Name}' changed while it was looked at; it waits for the writer"));
                    nextStable = Earliest(nextStable, _retryInUse);
                }
            }
        }

        _stable.KeepOnly(present);
        foreach (var path in _readings.Keys.Where(p => !present.Contains(p)))
        {
            _readings.TryRemove(path, out _);
        }

        foreach (var path in _ignoredNames.Keys.Where(p => !File.Exists(p)))
        {
            _ignoredNames.TryRemove(path, out _);
        }

        foreach (var (folder, file, status) in special)
        {
            yield return RefuseUnopened(folder, file, status);
        }

        foreach (var (folder, file, reason) in waiting)
        {
            yield return Wait(folder, file, reason);
        }

        foreach (var (folder, file) in stable.OrderBy(f => f.File.FullName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var version = FileVersion.Of(file);
            var (reading, stuck) = KnownReading(file.FullName, version) is { } same
                ? (same, null)
                : await ReadWithinDeadlineAsync(folder, file, version, cancellationToken).ConfigureAwait(false);
            if (stuck is not null)
            {
                problems.Add(stuck);
            }

            if (reading is null)
            {
                nextStable = Earliest(nextStable, _retryInUse); // still open in another program: look again a little later
                yield return Wait(folder, file, stuck ?? $"'{file.Name}' cannot be read yet; it is tried again shortly");
                continue;
            }

            if (reading.Waiting is { } incomplete)
            {
                yield return Wait(folder, file, incomplete);
                continue;
            }

            yield return Offer(folder, file, version, reading);
        }

        if (nextStable is { } wait)
        {
            WakeAfter(wait);
        }

        if (problems.Count > 0)
        {
            throw new DocumentSourceUnavailableException(string.Join("; ", problems), unreachable);
        }
    }

    /// <summary>
    /// The folders of a mapping that do not exist; created instead when <c>createFolders</c> is on (FH-2). A folder is
    /// never created silently: an unmounted share would otherwise fill the mount point.
    /// </summary>
    private List<string> MissingFolders(ResolvedFolder folder)
    {
        var missing = new[] { folder.Source, folder.Approved, folder.Rejected, folder.NotFound, folder.Error }
            .Distinct(StringComparer.Ordinal)
            .Where(f => !Directory.Exists(f))
            .ToList();
        if (missing.Count == 0 || !_createFolders)
        {
            return missing;
        }

        foreach (var path in missing)
        {
            Directory.CreateDirectory(path);
            LogFolderCreated(path);
        }

        return [];
    }

    /// <summary>
    /// What an earlier scan read of exactly this version of the file, when no read of it is still under way: taken as
    /// it is, without a thread and a timer for a read that does not happen (an idle run passes over 10,000 of them).
    /// </summary>
    private DocumentReading? KnownReading(string path, string version) =>
        _readings.TryGetValue(path, out var known) && string.Equals(known.Version, version, StringComparison.Ordinal) && !_stuckReads.ContainsKey(path)
            ? known.Reading
            : null;

    /// <summary>
    /// Reads what tells the file within the read timeout (FH-1): a read that hangs (a network share that stopped
    /// answering) is given up and named; its thread is left behind, and the file is not read again until it returns.
    /// </summary>
    private async Task<(DocumentReading? Reading, string? Stuck)> ReadWithinDeadlineAsync(ResolvedFolder folder, FileInfo file, string version, CancellationToken cancellationToken)
    {
        if (_stuckReads.TryGetValue(file.FullName, out var earlier))
        {
            if (!earlier.Read.IsCompleted)
            {
                return (null, $"reading '{file.FullName}' has not finished since {earlier.Since:yyyy-MM-dd HH:mm:ss} UTC (a network share that stopped answering?)");
            }

            _stuckReads.TryRemove(file.FullName, out _);
        }

        var read = Task.Run(() => Read(folder, file, version), CancellationToken.None);
        try
        {
            return (await read.WaitAsync(_readTimeout, cancellationToken).ConfigureAwait(false), null);
        }
        catch (TimeoutException)
        {
            _stuckReads[file.FullName] = (read, _clock.GetUtcNow());
            var stuck = $"reading '{file.FullName}' did not finish within {_readTimeout.TotalSeconds:0.#} s (a network share that stopped answering?)";
            LogReadStuck(file.Name, _readTimeout.TotalSeconds);
            return (null, stuck);
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
        var destination = FolderPutAway.Move(path, folder.FolderFor(outcome.Kind), reason, _createFolders);
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
            using (var stream = OutsideFile.OpenRead(file.FullName, 128 * 1024))
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
            if (!Directory.Exists(source))
            {
                continue; // a missing folder is reported by every run (FH-2); the schedule looks again
            }

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
            reading = DocumentReading.Unusable(
                UnusableKind.Malformed,
                $"'{file.Name}' is {file.Length:N0} bytes, more than the {MaxFileBytes:N0} bytes ({MaxFileBytes / (1024 * 1024)} MiB) the portal accepts in one submission.");
        }
        else
        {
            try
            {
                reading = folder.Mapping.Kind == DocumentKind.Pdf
                    ? ReadPdf(folder, file)
                    : ReadXbrl(file);
            }
            catch (OutsideFileRefusedException ex)
            {
                reading = DocumentReading.Unusable(UnusableKind.Malformed, ex.Message); // swapped for a pipe or a link since it was looked at
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

    /// <summary>
    /// A PDF from its header and its end: offered only when <c>%%EOF</c> is within its last 1,024 bytes; otherwise it
    /// waits for the writer (FH-3). A file whose header is not a PDF's is refused whatever its end.
    /// </summary>
    private DocumentReading ReadPdf(ResolvedFolder folder, FileInfo file)
    {
        using var stream = OpenFile(file.FullName, 1);
        var head = new byte[(int)Math.Min(PdfHeadBytes, stream.Length)];
        stream.ReadExactly(head);
        var reading = PdfDocumentReader.Read(file.Name, head, folder.Mapping);
        if (reading.Metadata is null && reading.Kind == UnusableKind.Malformed)
        {
            return reading;
        }

        var tail = new byte[(int)Math.Min(PdfTailBytes, stream.Length)];
        stream.Position = stream.Length - tail.Length;
        stream.ReadExactly(tail);
        return tail.AsSpan().IndexOf("%%EOF"u8) >= 0
            ? reading
            : DocumentReading.Incomplete($"'{file.Name}' does not end with %%EOF yet (a PDF's last line); it waits for the writer. If it never completes, the program that made it wrote a damaged PDF: export it again.");
    }

    /// <summary>An XBRL instance, streamed once: memory does not grow with the file.</summary>
    private DocumentReading ReadXbrl(FileInfo file)
    {
        using var stream = OpenFile(file.FullName, 64 * 1024);
        return XbrlDocumentReader.Read(file.Name, stream, _xbrl);
    }

    /// <summary>A document that is there but not complete: the host counts it as waiting and does not open it (FH-3).</summary>
    private static SourceDocument Wait(ResolvedFolder folder, FileInfo file, string reason) =>
        new(file.FullName, file.Name, KnownOf(folder), _ => throw new InvalidOperationException($"'{file.Name}' is not complete yet and is not read: {reason}"))
        {
            Waiting = reason,
        };

    /// <summary>
    /// A pipe, a device, a socket or a file with a second name (FH-1, FH-10): refused without being opened, and put
    /// away to the error folder with the reason. Its "content" for the ledger's key is what it is, never its bytes.
    /// </summary>
    private static SourceDocument RefuseUnopened(ResolvedFolder folder, FileInfo file, OutsideFileStatus status)
    {
        var description = System.Text.Encoding.UTF8.GetBytes($"{status.Type} links={status.Links} {file.FullName}");
        return new SourceDocument(file.FullName, file.Name, KnownOf(folder), _ => Task.FromResult<Stream>(new MemoryStream(description, writable: false)))
        {
            Version = FileVersion.Of(file),
            Refusal = new DocumentRefusal(DocumentOutcomeKind.Refused, status.Refusal!),
        };
    }

    private static DocumentMetadata KnownOf(ResolvedFolder folder) => new()
    {
        ClientNumber = string.Empty,
        ClientNumberKind = folder.Mapping.MatchBy == PdfMatchBy.HiddenId ? ClientNumberKind.HiddenId : ClientNumberKind.KvK,
        DocumentType = folder.Mapping.DocumentType ?? string.Empty,
    };

    /// <summary>
    /// The document the host gets: a usable one opens the file exclusively when the host reads it (a file another
    /// program still has open waits); a refused one carries the reason and goes where its kind says (CO-17).
    /// </summary>
    private SourceDocument Offer(ResolvedFolder folder, FileInfo file, string version, DocumentReading reading)
    {
        var path = file.FullName;
        if (reading.Metadata is { } metadata)
        {
            return new SourceDocument(path, file.Name, metadata, c => OpenWithinDeadlineAsync(path, c)) { Version = version };
        }

        var known = KnownOf(folder);
        var kind = reading.Kind == UnusableKind.NoClientNumber ? DocumentOutcomeKind.ClientNotFound : DocumentOutcomeKind.Refused;
        var target = file.LinkTarget;
        return new SourceDocument(
            path,
            file.Name,
            known,
            c => target is null ? OpenWithinDeadlineAsync(path, c) : Task.FromResult<Stream>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(target), writable: false)))
        {
            Version = version,
            Refusal = new DocumentRefusal(kind, reading.Problem!),
        };
    }

    /// <summary>
    /// Opens the file for the host to read its content at submission (FH-1): as a regular file with one name, never
    /// waiting on a pipe, and with the open and every read of the stream given up after the read timeout, as the
    /// scan's reads are. A read given up leaves its thread behind: the file is not read again until it returns, and
    /// the next scan reports it (on /healthz, through the run).
    /// </summary>
    private async Task<Stream> OpenWithinDeadlineAsync(string path, CancellationToken cancellationToken)
    {
        if (_stuckReads.TryGetValue(path, out var earlier) && !earlier.Read.IsCompleted)
        {
            throw new IOException($"reading '{path}' has not finished since {earlier.Since:yyyy-MM-dd HH:mm:ss} UTC (a network share that stopped answering?); it is read again once that read returns");
        }

        var open = Task.Run(() => OpenFile(path, 1), CancellationToken.None);
        try
        {
            return new DeadlineStream(await open.WaitAsync(_readTimeout, cancellationToken).ConfigureAwait(false), path, _readTimeout, GaveUp);
        }
        catch (TimeoutException)
        {
            _ = open.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            GaveUp(open);
            throw new IOException($"opening '{path}' did not finish within {_readTimeout.TotalSeconds:0.#} s (a network share that stopped answering?); it is read again once that open returns");
        }

        void GaveUp(Task read)
        {
            _stuckReads[path] = (read, _clock.GetUtcNow());
            LogReadStuck(Path.GetFileName(path), _readTimeout.TotalSeconds);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Document} in {Folder} is not picked up: a name starting with '.' or '~' or ending in '.tmp' is a temporary file. Rename it if it is a document.")]
    private partial void LogIgnoredName(string document, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "The folder {Missing} is missing (an unmounted share?); nothing in {Source} is picked up or put away until it is back. Mount or create it (createFolders: true creates missing folders for a first set-up).")]
    private partial void LogFolderMissing(string missing, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The folder {Folder} does not exist: the pipeline's runs fail for it until it does (is a share not mounted, or is the path mistyped?). Create it, or set createFolders: true to have it created for a first set-up.")]
    private partial void LogFolderAbsent(string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the missing folder {Folder} (createFolders is on)")]
    private partial void LogFolderCreated(string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading {Document} did not finish within {Seconds} s (a network share that stopped answering?); it waits, is not read again until that read returns, and the run reports it on /healthz")]
    private partial void LogReadStuck(string document, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The folder watcher on {Folder} failed ({Reason}); new files are still picked up at every scheduled run")]
    private partial void LogWatcherFailed(string folder, string reason);

    private sealed class Watching(ClientOnlineFolderSource source, List<FileSystemWatcher> watchers) : IDisposable
    {
        public void Dispose() => source.StopWatching(watchers);
    }
}
