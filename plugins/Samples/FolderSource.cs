using System.Runtime.CompilerServices;
using ConnectorHost.Abstractions.Documents;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Samples;

/// <summary>Offers the stable files of a folder and moves each one away once its outcome is known.</summary>
internal sealed partial class FolderSource(
    string folder,
    string pattern,
    string doneFolder,
    string errorFolder,
    TimeSpan stableFor,
    string documentType,
    TimeProvider clock,
    ILogger<FolderSource> logger) : IDocumentSource
{
    public async IAsyncEnumerable<SourceDocument> ScanAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        foreach (var path in Directory.EnumerateFiles(folder, pattern).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(path);
            if (file.Name.StartsWith('.') || file.Name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
                || clock.GetUtcNow() - file.LastWriteTimeUtc < stableFor)
            {
                continue; // still being written, or a temporary name: picked up by a later scan
            }

            var number = file.Name.Split('_', 2)[0];
            yield return new SourceDocument(
                file.FullName,
                file.Name,
                new DocumentMetadata { ClientNumber = number, ClientNumberKind = ClientNumberKind.KvK, DocumentType = documentType },
                _ => Task.FromResult<Stream>(new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read)));
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
        Directory.CreateDirectory(destinationFolder);
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
        Directory.CreateDirectory(folder);
        var watcher = new FileSystemWatcher(folder, pattern) { EnableRaisingEvents = true };
        watcher.Created += (_, _) => onChange();
        watcher.Changed += (_, _) => onChange();
        watcher.Renamed += (_, _) => onChange();
        return watcher;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Document} to {Destination} ({Outcome})")]
    private partial void LogMoved(string document, string destination, DocumentOutcomeKind outcome);
}
