using ConnectorHost.Abstractions.Documents;

namespace ConnectorHost.Testing;

/// <summary>
/// An <see cref="IAccordeerTarget"/> for the tests of a document source: records every submission and answers as a
/// portal would, pending until the test decides. Like a real portal it keeps the idempotency key: a second submit
/// with the same key gets the first one's status, not a second document (<see cref="SubmitCalls"/> counts the calls).
/// Safe for the runner's parallel calls.
/// </summary>
public sealed class RecordingTarget : IAccordeerTarget
{
    private readonly Lock _lock = new();
    private readonly List<DocumentSubmission> _submissions = [];
    private readonly Dictionary<string, SubmissionStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>The client numbers the portal does not know: their documents come back as client not found.</summary>
    public ISet<string> UnknownClients { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Every document the portal received, once per idempotency key, in order.</summary>
    public IReadOnlyList<DocumentSubmission> Submissions
    {
        get
        {
            lock (_lock)
            {
                return [.. _submissions];
            }
        }
    }

    /// <summary>How often <see cref="SubmitAsync"/> was called (more than <see cref="Submissions"/> when a key came twice).</summary>
    public int SubmitCalls { get; private set; }

    /// <summary>The one submission of a file name.</summary>
    /// <param name="fileName">The document's file name.</param>
    /// <returns>The submission.</returns>
    /// <exception cref="InvalidOperationException">None, or more than one, has that name.</exception>
    public DocumentSubmission Single(string fileName)
    {
        var matches = Submissions.Where(s => string.Equals(s.FileName, fileName, StringComparison.Ordinal)).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"{matches.Count} submissions of '{fileName}'; submitted: {string.Join(", ", Submissions.Select(s => s.FileName))}.");
    }

    /// <summary>The client decides: the next poll of the submission gets this state.</summary>
    /// <param name="submission">The submission.</param>
    /// <param name="state">Approved, rejected, …</param>
    /// <param name="reason">The client's words (for a rejection).</param>
    public void Decide(DocumentSubmission submission, SubmissionState state, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (_lock)
        {
            if (!_statuses.TryGetValue(submission.IdempotencyKey, out var status))
            {
                throw new InvalidOperationException($"'{submission.FileName}' was never submitted to this target.");
            }

            _statuses[submission.IdempotencyKey] = status with { State = state, Reason = reason };
        }
    }

    /// <inheritdoc />
    public Task<SubmissionStatus> SubmitAsync(DocumentSubmission submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (_lock)
        {
            SubmitCalls++;
            if (_statuses.TryGetValue(submission.IdempotencyKey, out var known))
            {
                return Task.FromResult(known);
            }

            var status = UnknownClients.Contains(submission.Metadata.ClientNumber)
                ? new SubmissionStatus(SubmissionState.ClientNotFound, $"no client with number {submission.Metadata.ClientNumber}")
                : new SubmissionStatus(SubmissionState.Pending, null, $"ref-{_submissions.Count + 1}");
            _submissions.Add(submission);
            _statuses[submission.IdempotencyKey] = status;
            return Task.FromResult(status);
        }
    }

    /// <inheritdoc />
    public Task<SubmissionStatus?> FindAsync(string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_statuses.TryGetValue(idempotencyKey, out var status) ? status : null);
        }
    }
}
