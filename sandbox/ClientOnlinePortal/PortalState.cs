using System.Globalization;
using System.Security.Cryptography;
using ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>A new submission, as received over SOAP.</summary>
/// <param name="IdempotencyKey">The caller's key.</param>
/// <param name="FileName">The document's file name.</param>
/// <param name="Content">The document's bytes.</param>
/// <param name="ClientNumber">The number the client is found by.</param>
/// <param name="ClientNumberKind">The kind of that number.</param>
/// <param name="DocumentType">The document type.</param>
/// <param name="PeriodFrom">The period's first day.</param>
/// <param name="PeriodTo">The period's last day.</param>
/// <param name="Notify">Whether the client is notified.</param>
public sealed record NewSubmission(
    string IdempotencyKey,
    string FileName,
    byte[] Content,
    string ClientNumber,
    ClientNumberKind ClientNumberKind,
    string DocumentType,
    DateOnly? PeriodFrom,
    DateOnly? PeriodTo,
    bool Notify);

/// <summary>
/// The sandbox portal's in-memory state: clients, deadline settings, submissions, dossiers and the filings sent on
/// to the requesting authorities. Thread-safe: every member takes one lock, and everything handed out is a snapshot.
/// </summary>
public sealed partial class PortalState
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _clock;
    private readonly List<PortalClient> _clients = [];
    private readonly List<Entry> _submissions = [];
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byReference = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<DossierDocument>> _dossiers = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SentFiling> _sentFilings = [];
    private DeadlineSettings _deadlines;
    private int _nextReference = 1;
    private int _nextHiddenId = 900_101;

    /// <summary>Creates an empty portal.</summary>
    /// <param name="clock">The clock for receipt times and deadlines.</param>
    /// <param name="deadlines">The initial deadline settings.</param>
    public PortalState(TimeProvider clock, DeadlineSettings deadlines)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(deadlines);
        _clock = clock;
        _deadlines = deadlines;
    }

    /// <summary>The client cards, in the order they were added.</summary>
    public IReadOnlyList<PortalClient> Clients
    {
        get
        {
            lock (_gate)
            {
                return [.. _clients];
            }
        }
    }

    /// <summary>All submissions, oldest first.</summary>
    public IReadOnlyList<PortalSubmission> Submissions
    {
        get
        {
            lock (_gate)
            {
                return [.. _submissions.Select(e => e.Snapshot)];
            }
        }
    }

    /// <summary>The XBRL filings sent to the requesting authorities after approval (CO-1), oldest first.</summary>
    public IReadOnlyList<SentFiling> SentFilings
    {
        get
        {
            lock (_gate)
            {
                return [.. _sentFilings];
            }
        }
    }

    /// <summary>The deadline settings per document type (CO-4).</summary>
    public DeadlineSettings Deadlines
    {
        get
        {
            lock (_gate)
            {
                return _deadlines;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.DefaultDays < 0 || value.PerDocumentType.Values.Any(d => d < 0))
            {
                throw new ArgumentException("Deadline days cannot be negative.", nameof(value));
            }

            lock (_gate)
            {
                _deadlines = value with
                {
                    PerDocumentType = new Dictionary<string, int>(value.PerDocumentType, StringComparer.OrdinalIgnoreCase),
                };
            }
        }
    }

    /// <summary>
    /// Adds a client card. Without a hidden id the portal gives one. A hidden id or number already on another card
    /// is refused.
    /// </summary>
    /// <param name="client">The card; an empty <see cref="PortalClient.HiddenId"/> means "give one".</param>
    /// <returns>The card as stored.</returns>
    /// <exception cref="ArgumentException">The name is empty.</exception>
    /// <exception cref="InvalidOperationException">A number is already on another card.</exception>
    public PortalClient AddClient(PortalClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrWhiteSpace(client.Name))
        {
            throw new ArgumentException("A client needs a name.", nameof(client));
        }

        lock (_gate)
        {
            return AddClientLocked(client);
        }
    }

    private PortalClient AddClientLocked(PortalClient client)
    {
        {
            var stored = client with
            {
                HiddenId = string.IsNullOrWhiteSpace(client.HiddenId)
                    ? NewHiddenId()
                    : client.HiddenId.Trim(),
                KvkNumber = Clean(client.KvkNumber),
                ObNumber = Clean(client.ObNumber),
                LhNumber = Clean(client.LhNumber),
                Bsn = Clean(client.Bsn),
                Rsin = Clean(client.Rsin),
            };
            foreach (var kind in Enum.GetValues<ClientNumberKind>())
            {
                var number = stored.NumberOf(kind);
                if (number is not null && FindClient(kind, number) is { } other)
                {
                    throw new InvalidOperationException(
                        $"The {XbrlDocumentTypes.Describe(kind)} {number} is already on the card of {other.Name} (hidden id {other.HiddenId}).");
                }
            }

            _clients.Add(stored);
            _dossiers[stored.HiddenId] = [];
            _details.TryAdd(stored.HiddenId, ClientDetails.Empty);
            return stored;
        }
    }

    /// <summary>Finds a client by a number of the given kind.</summary>
    /// <param name="kind">The kind of number.</param>
    /// <param name="number">The number; spaces, dots and an <c>NL</c> prefix of an OB number are ignored.</param>
    /// <returns>The card, or <c>null</c>.</returns>
    public PortalClient? FindClientByNumber(ClientNumberKind kind, string number)
    {
        lock (_gate)
        {
            return FindClient(kind, number);
        }
    }

    /// <summary>The documents in a client's dossier (CO-10).</summary>
    /// <param name="hiddenId">The client's hidden id.</param>
    /// <returns>The documents, oldest first.</returns>
    /// <exception cref="KeyNotFoundException">No such client.</exception>
    public IReadOnlyList<DossierDocument> Dossier(string hiddenId)
    {
        lock (_gate)
        {
            return _dossiers.TryGetValue(hiddenId, out var documents)
                ? [.. documents]
                : throw new KeyNotFoundException($"The portal has no client with hidden id {hiddenId}.");
        }
    }

    /// <summary>A submission by its reference.</summary>
    /// <param name="reference">The portal's reference.</param>
    /// <returns>The submission, or <c>null</c>.</returns>
    public PortalSubmission? FindByReference(string reference)
    {
        lock (_gate)
        {
            return _byReference.TryGetValue(reference, out var entry) ? entry.Snapshot : null;
        }
    }

    /// <summary>A submission by its idempotency key.</summary>
    /// <param name="idempotencyKey">The caller's key.</param>
    /// <returns>The submission, or <c>null</c> when the key was never received.</returns>
    public PortalSubmission? FindByKey(string idempotencyKey)
    {
        lock (_gate)
        {
            return _byKey.TryGetValue(idempotencyKey, out var entry) ? entry.Snapshot : null;
        }
    }

    /// <summary>The bytes of a submission, exactly as received.</summary>
    /// <param name="reference">The portal's reference.</param>
    /// <returns>A copy of the content, or <c>null</c> for an unknown reference.</returns>
    public byte[]? Content(string reference)
    {
        lock (_gate)
        {
            return _byReference.TryGetValue(reference, out var entry) ? [.. entry.Content] : null;
        }
    }

    /// <summary>
    /// Receives a submission. A key already received returns that submission (never a second one). Otherwise the
    /// client is found by the number; an XBRL document type must carry the number its filing type needs (CO-11);
    /// an accepted document waits for the client with the deadline from the settings (CO-4).
    /// </summary>
    /// <param name="submission">What was received.</param>
    /// <returns>The submission, and whether the key had been received before.</returns>
    public (PortalSubmission Submission, bool AlreadyReceived) Submit(NewSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(submission.Content));
        lock (_gate)
        {
            if (_byKey.TryGetValue(submission.IdempotencyKey, out var existing))
            {
                return (existing.Snapshot, true);
            }

            var now = _clock.GetUtcNow();
            var client = FindClient(submission.ClientNumberKind, submission.ClientNumber);
            var xbrlType = XbrlDocumentTypes.Find(submission.DocumentType);
            SubmissionStatus status;
            string? reason = null;
            DateOnly? deadline = null;
            if (client is null)
            {
                status = SubmissionStatus.ClientNotFound;
                reason = $"The portal has no client with {XbrlDocumentTypes.Describe(submission.ClientNumberKind)} {submission.ClientNumber}.";
            }
            else if (xbrlType is not null && xbrlType.RequiredNumberKind != submission.ClientNumberKind)
            {
                status = SubmissionStatus.Refused;
                var required = XbrlDocumentTypes.Describe(xbrlType.RequiredNumberKind);
                var onCard = client.NumberOf(xbrlType.RequiredNumberKind);
                reason = $"A {xbrlType.DocumentType} filing is matched on the client's {required}, but it carries "
                    + $"{XbrlDocumentTypes.Describe(submission.ClientNumberKind)} {submission.ClientNumber}; "
                    + (onCard is null
                        ? $"the card of {client.Name} has no {required}."
                        : $"the card of {client.Name} has {required} {onCard}.");
            }
            else
            {
                status = SubmissionStatus.Pending;
                var days = _deadlines.DaysFor(submission.DocumentType);
                deadline = days is { } d ? DateOnly.FromDateTime(now.UtcDateTime).AddDays(d) : null;
            }

            var reference = string.Create(CultureInfo.InvariantCulture, $"CO-{_nextReference++:D6}");
            var entry = new Entry(
                new PortalSubmission(
                    reference,
                    submission.IdempotencyKey,
                    submission.FileName,
                    submission.DocumentType,
                    submission.ClientNumber,
                    submission.ClientNumberKind,
                    client?.HiddenId,
                    client?.Name,
                    submission.PeriodFrom,
                    submission.PeriodTo,
                    submission.Notify,
                    submission.Content.LongLength,
                    sha256,
                    status,
                    reason,
                    deadline,
                    now,
                    null),
                submission.Content);
            _submissions.Add(entry);
            _byKey.Add(entry.Snapshot.IdempotencyKey, entry);
            _byReference.Add(reference, entry);
            return (entry.Snapshot, false);
        }
    }

    /// <summary>
    /// The client approves a waiting submission: it goes into the client's dossier (CO-10) and, for an XBRL
    /// filing, to the requesting authority (CO-1).
    /// </summary>
    /// <param name="reference">The portal's reference.</param>
    /// <returns>The submission after approval.</returns>
    /// <exception cref="KeyNotFoundException">Unknown reference.</exception>
    /// <exception cref="InvalidOperationException">The submission is not waiting for approval.</exception>
    public PortalSubmission Approve(string reference)
    {
        lock (_gate)
        {
            var entry = Pending(reference, "approved");
            if (entry.Snapshot.ClientHiddenId is { } client && ApproversOf(client, entry.Snapshot.DocumentType).Count > 0)
            {
                throw new InvalidOperationException(
                    $"Submission {reference} must be approved by the client's users with rights on {entry.Snapshot.DocumentType} (PO-5), each with their PIN or SMS code.");
            }

            return ApproveLocked(entry);
        }
    }

    private PortalSubmission ApproveLocked(Entry entry)
    {
        {
            var now = _clock.GetUtcNow();
            var approved = entry.Snapshot with { Status = SubmissionStatus.Approved, DecidedAt = now };
            entry.Snapshot = approved;
            var hiddenId = approved.ClientHiddenId!;
            _dossiers[hiddenId].Add(new DossierDocument(
                approved.Reference,
                approved.FileName,
                approved.DocumentType,
                approved.PeriodFrom,
                approved.PeriodTo,
                approved.Size,
                approved.Sha256,
                now));
            if (XbrlDocumentTypes.Find(approved.DocumentType) is { } xbrlType)
            {
                _sentFilings.Add(new SentFiling(
                    approved.Reference,
                    xbrlType.DocumentType,
                    xbrlType.Authority,
                    hiddenId,
                    approved.ClientName!,
                    approved.ClientNumberKind,
                    approved.ClientNumber,
                    approved.FileName,
                    approved.Sha256,
                    now));
            }

            return approved;
        }
    }

    /// <summary>The client rejects a waiting submission.</summary>
    /// <param name="reference">The portal's reference.</param>
    /// <param name="reason">Why; required.</param>
    /// <returns>The submission after rejection.</returns>
    /// <exception cref="ArgumentException">No reason.</exception>
    /// <exception cref="KeyNotFoundException">Unknown reference.</exception>
    /// <exception cref="InvalidOperationException">The submission is not waiting for approval.</exception>
    public PortalSubmission Reject(string reference, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A rejection needs a reason.", nameof(reason));
        }

        lock (_gate)
        {
            var entry = Pending(reference, "rejected");
            entry.Snapshot = entry.Snapshot with
            {
                Status = SubmissionStatus.Rejected,
                Reason = reason.Trim(),
                DecidedAt = _clock.GetUtcNow(),
            };
            return entry.Snapshot;
        }
    }

    /// <summary>
    /// Withdraws a submission (ingetrokken). A waiting one becomes withdrawn; any other keeps its status (withdrawing
    /// twice is harmless; an approved or rejected document can no longer be withdrawn).
    /// </summary>
    /// <param name="reference">The portal's reference.</param>
    /// <param name="reason">Why; may be empty.</param>
    /// <returns>The submission after the call.</returns>
    /// <exception cref="KeyNotFoundException">Unknown reference.</exception>
    public PortalSubmission Withdraw(string reference, string? reason)
    {
        lock (_gate)
        {
            var entry = _byReference.TryGetValue(reference, out var found)
                ? found
                : throw new KeyNotFoundException($"The portal has no submission {reference}.");
            if (entry.Snapshot.Status == SubmissionStatus.Pending)
            {
                entry.Snapshot = entry.Snapshot with
                {
                    Status = SubmissionStatus.Withdrawn,
                    Reason = string.IsNullOrWhiteSpace(reason) ? "Withdrawn by the office." : reason.Trim(),
                    DecidedAt = _clock.GetUtcNow(),
                };
            }

            return entry.Snapshot;
        }
    }

    private Entry Pending(string reference, string verb)
    {
        var entry = _byReference.TryGetValue(reference, out var found)
            ? found
            : throw new KeyNotFoundException($"The portal has no submission {reference}.");
        return entry.Snapshot.Status == SubmissionStatus.Pending
            ? entry
            : throw new InvalidOperationException(
                $"Submission {reference} is {entry.Snapshot.Status}, not Pending: only a waiting document can be {verb}.");
    }

    private Entry PendingEntry(string reference) => Pending(reference, "approved");

    private PortalClient? FindClient(ClientNumberKind kind, string number)
    {
        var wanted = Normalise(kind, number);
        return wanted.Length == 0
            ? null
            : _clients.FirstOrDefault(c => c.NumberOf(kind) is { } n && Normalise(kind, n) == wanted);
    }

    private string NewHiddenId()
    {
        string id;
        do
        {
            id = (_nextHiddenId++).ToString(CultureInfo.InvariantCulture);
        }
        while (_clients.Any(c => c.HiddenId == id));
        return id;
    }

    private static string? Clean(string? number) => string.IsNullOrWhiteSpace(number) ? null : number.Trim();

    private static string Normalise(ClientNumberKind kind, string number)
    {
        var cleaned = string.Concat(number.Where(c => !char.IsWhiteSpace(c) && c != '.')).ToUpperInvariant();
        return kind == ClientNumberKind.OB && cleaned.StartsWith("NL", StringComparison.Ordinal) ? cleaned[2..] : cleaned;
    }

    private sealed class Entry(PortalSubmission snapshot, byte[] content)
    {
        public PortalSubmission Snapshot { get; set; } = snapshot;

        public byte[] Content { get; } = content;
    }
}
