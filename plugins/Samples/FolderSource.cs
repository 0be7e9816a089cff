using System.Runtime.CompilerServices;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Files;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Samples;

/// <summary>
/// Offers the stable files of a folder and moves each one away once its outcome is known. A folder that does not exist
/// is never created silently (FH-2): the run fails naming it, unless <c>createFolders</c> asks for it. Only regular
/// files with one name are read; a pipe, a device, a socket, a link or a hard-linked file is refused with the reason,
/// unopened, and put away to the error folder (FH-1, FH-10).
/// </summary>
internal sealed partial class FolderSource(
    string folder,
    string pattern,
    string doneFolder,
    string errorFolder,
    TimeSpan stableFor,
    string documentType,
    TimeProvider clock,
    ILogger<FolderSource> logger,
    bool createFolders = false) : IDocumentSource
{
    /// <summary>Warns about each folder that does not exist: at start and in <c>validate</c>.</summary>
    public void WarnAboutMissingFolders()
    {
        if (!createFolders)
        {
            foreach (var missing in Folders.Where(f => !Directory.Exists(f)))
            {
                LogFolderAbsent(missing);
            }
        }
    }

    public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        EnsureFolders(Folders);
        foreach (var path in Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (file.Name.StartsWith('.') || file.Name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase))
            {
                continue; // a temporary name: the file gets its real name when complete
            }

            var number = file.Name.Split('_', 2)[0];
            var metadata = new DocumentMetadata { ClientNumber = number, ClientNumberKind = ClientNumberKind.KvK, DocumentType = documentType };
            var status = OutsideFile.Inspect(file.FullName);
            if (status.Type == OutsideFileType.Missing)
            {
                continue;
            }

            if (status.Refusal is { } refusal)
            {
                // A pipe, a device, a socket, a link or a file with a second name (FH-1, FH-10): refused without being
                // opened; its "content" for the host's ledger is what it is, never its bytes.
                var description = System.Text.Encoding.UTF8.GetBytes($"{status.Type} links={status.Links} {file.FullName}");
                yield return new SourceDocument(file.FullName, file.Name, metadata, _ => Task.FromResult<Stream>(new MemoryStream(description, writable: false)))
                {
                    Refusal = new DocumentRefusal(DocumentOutcomeKind.Refused, refusal),
                };
                continue;
            }

            if (clock.GetUtcNow() - file.LastWriteTimeUtc < stableFor)
            {
                continue; // still being written: picked up by a later scan
            }

            // Opened as a regular file with one name, never waiting on a pipe (a file swapped since the look is refused).
            yield return new SourceDocument(file.FullName, file.Name, metadata, _ => Task.FromResult<Stream>(OutsideFile.OpenRead(file.FullName)));
            await Task.Yield();
        }
    }

    public Task CompleteAsync(string locator, DocumentOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!File.Exists(locator))
        {
            return Task.CompletedTask; // already put away before a restart
        }

        var destinationFolder = outcome.Kind == DocumentOutcomeKind.Approved ? doneFolder : errorFolder;
        EnsureFolders([destinationFolder]); // missing: not put away now; the host tries again at a later run
        var destination = FreeName(destinationFolder, Path.GetFileName(locator));
        if (outcome.Kind != DocumentOutcomeKind.Approved)
        {
            File.WriteAllText(destination + ".reason.txt", $"{outcome.Kind}: {outcome.Reason}{Environment.NewLine}");
        }

        File.Move(locator, destination);
        LogMoved(Path.GetFileName(locator), destination, outcome.Kind);
        return Task.CompletedTask;
    }

    public IDisposable? WatchForChanges(Action onChange)
    {
        if (!Directory.Exists(folder))
        {
            return null; // a missing folder fails every run (FH-2); the schedule looks again
        }

        var watcher = new FileSystemWatcher(folder, pattern) { EnableRaisingEvents = true };
        watcher.Created += (_, _) => onChange();
        watcher.Changed += (_, _) => onChange();
        watcher.Renamed += (_, _) => onChange();
        return watcher;
    }

    private string[] Folders => [.. new[] { folder, doneFolder, errorFolder }.Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Creates the missing folders when <c>createFolders</c> is on; otherwise refuses with
    /// <see cref="DocumentSourceUnavailableException"/> naming them (an unmounted share, a typing error).
    /// </summary>
    private void EnsureFolders(IEnumerable<string> folders)
    {
        var missing = folders.Where(f => !Directory.Exists(f)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        if (!createFolders)
        {
            throw new DocumentSourceUnavailableException(
                $"{string.Join("; ", missing.Select(m => $"the folder {m} is missing (an unmounted share?)"))}. Mount or create it, or set createFolders: true for a first set-up",
                [folder]);
        }

        foreach (var path in missing)
        {
            Directory.CreateDirectory(path);
            LogFolderCreated(path);
        }
    }

    /// <summary>A name in the folder that does not exist yet: never overwrite, add a suffix.</summary>
    private static string FreeName(string destinationFolder, string fileName)
    {
        var candidate = Path.Combine(destinationFolder, fileName);
        for (var i = 1; File.Exists(candidate); i++)
        {
            candidate = Path.Combine(destinationFolder, $"{Path.GetFileNameWithoutExtension(fileName)} ({i}){Path.GetExtension(fileName)}");
        }

        return candidate;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The folder {Folder} does not exist: the pipeline's runs fail for it until it does (is a share not mounted, or is the path mistyped?). Create it, or set createFolders: true to have it created for a first set-up.")]
    private partial void LogFolderAbsent(string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the missing folder {Folder} (createFolders is on)")]
    private partial void LogFolderCreated(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Document} to {Destination} ({Outcome})")]
    private partial void LogMoved(string document, string destination, DocumentOutcomeKind outcome);
}
