using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Plugins.Samples;

/// <summary>
/// "Submits" a document by copying it into a folder, approving it at once. Like a real portal it stores the
/// idempotency key (a marker file per key), so a retried submit never makes a second copy.
/// </summary>
internal sealed class CopyTarget(string folder) : IAccordeerTarget
{
    private string KeysFolder => Path.Combine(folder, ".keys");

    public async Task<SubmissionStatus> SubmitAsync(DocumentSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var known = await FindAsync(submission.IdempotencyKey, cancellationToken).ConfigureAwait(false);
        if (known is not null)
        {
            return known;
        }

        Directory.CreateDirectory(KeysFolder);
        var destination = Path.Combine(folder, submission.FileName);
        for (var i = 1; File.Exists(destination); i++)
        {
            destination = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(submission.FileName)} ({i}){Path.GetExtension(submission.FileName)}");
        }

        await File.WriteAllBytesAsync(destination, submission.Content.ToArray(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(KeysFolder, submission.IdempotencyKey), Path.GetFileName(destination), cancellationToken).ConfigureAwait(false);
        return new SubmissionStatus(SubmissionState.Approved, PortalReference: Path.GetFileName(destination));
    }

    public async Task<SubmissionStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(KeysFolder, idempotencyKey);
        return File.Exists(marker)
            ? new SubmissionStatus(SubmissionState.Approved, PortalReference: await File.ReadAllTextAsync(marker, cancellationToken).ConfigureAwait(false))
            : null;
    }
}
