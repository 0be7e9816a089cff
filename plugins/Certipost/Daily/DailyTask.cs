using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>What one daily check found.</summary>
/// <param name="Confirmed">Submitted relations now on Certipost's list: confirmed (CP-6).</param>
/// <param name="Unsubscribed">Relations marked unsubscribed, or confirmed ones no longer on the list (CP-7).</param>
/// <param name="Overdue">Relations submitted longer ago than expected and still unconfirmed.</param>
public sealed record DailyReport(IReadOnlyList<RelationRecord> Confirmed, IReadOnlyList<RelationRecord> Unsubscribed, IReadOnlyList<RelationRecord> Overdue);

/// <summary>
/// <c>certipost.daily</c>: fetches Certipost's list of enrolled customers. Submitted relations on it become confirmed;
/// relations marked unsubscribed, or confirmed ones no longer on it, become unsubscribed; a relation submitted longer
/// ago than <c>confirmationExpectedWithin</c> and still unconfirmed is reported.
/// </summary>
public sealed partial class DailyTask : ISyncTask, IDisposable
{
    private readonly CertipostClient _client;
    private readonly RelationStateStore _store;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _expectedWithin;
    private readonly string _who;
    private readonly ILogger _logger;

    internal DailyTask(CertipostClient client, RelationStateStore store, TimeProvider clock, TimeSpan expectedWithin, string who, ILogger logger)
    {
        _client = client;
        _store = store;
        _clock = clock;
        _expectedWithin = expectedWithin;
        _who = who;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await CheckAsync(cancellationToken).ConfigureAwait(false);
            var summary = $"{report.Confirmed.Count} confirmed, {report.Unsubscribed.Count} unsubscribed";
            if (report.Overdue.Count > 0)
            {
                summary += $", {report.Overdue.Count} submitted more than {Days(_expectedWithin)} ago and still unconfirmed: "
                    + string.Join(", ", report.Overdue.Select(r => $"{r.Relation.Number} {r.Relation.Name} (submitted {r.SubmittedAt:yyyy-MM-dd HH:mm})"));
            }

            return SyncResult.Success(summary);
        }
        catch (CertipostAuthenticationException e)
        {
            return SyncResult.NeedsPerson(new Instruction("certipost", InstructionSeverity.Red, e.Message, "certipost-authentication"));
        }
        catch (CertipostUnavailableException e)
        {
            return SyncResult.Transient(e.Message);
        }
    }

    /// <summary>Fetches the list and updates the statuses; callable from code.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>What changed and what is overdue.</returns>
    public async Task<DailyReport> CheckAsync(CancellationToken cancellationToken)
    {
        var list = await _client.GetEnrolmentsAsync(cancellationToken).ConfigureAwait(false);
        var onList = new Dictionary<string, EnrolmentDto>(StringComparer.OrdinalIgnoreCase);
        foreach (var customer in list.Customers)
        {
            onList[customer.CustomerReference] = customer;
        }

        var now = _clock.GetUtcNow();
        var changes = new List<RelationChange>();
        var overdue = new List<RelationRecord>();
        foreach (var record in await _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            onList.TryGetValue(record.Relation.Number, out var entry);
            var isUnsubscribed = entry is not null && string.Equals(entry.Status, "Unsubscribed", StringComparison.OrdinalIgnoreCase);
            switch (record.Status)
            {
                case RelationStatus.Submitted when isUnsubscribed:
                case RelationStatus.Confirmed when entry is null || isUnsubscribed:
                    changes.Add(new RelationChange(
                        record,
                        record with { Status = RelationStatus.Unsubscribed, UnsubscribedAt = now },
                        isUnsubscribed ? "marked unsubscribed on Certipost's list" : "no longer on Certipost's list of enrolled customers"));
                    break;
                case RelationStatus.Submitted when entry is not null:
                    changes.Add(new RelationChange(
                        record,
                        record with { Status = RelationStatus.Confirmed, ConfirmedAt = now },
                        $"on Certipost's list of enrolled customers (enrolled {entry.EnrolledAt:yyyy-MM-dd HH:mm})"));
                    break;
                case RelationStatus.Submitted when record.SubmittedAt is { } at && now - at > _expectedWithin:
                    LogOverdue(record.Relation.Number, record.Relation.Name, at, Days(_expectedWithin));
                    overdue.Add(record);
                    break;
            }
        }

        // One transaction for the day's changes (OF-2: a thousand confirmations are one write, not a thousand).
        await _store.SaveManyAsync(changes, _who, cancellationToken).ConfigureAwait(false);
        var confirmed = changes.Select(c => c.After).Where(r => r.Status == RelationStatus.Confirmed).ToList();
        var unsubscribed = changes.Select(c => c.After).Where(r => r.Status == RelationStatus.Unsubscribed).ToList();
        return new DailyReport(confirmed, unsubscribed, overdue);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private static string Days(TimeSpan span) => span.TotalDays >= 1 && span.TotalDays % 1 == 0
        ? $"{span.TotalDays:0} day{(span.TotalDays == 1 ? string.Empty : "s")}"
        : span.ToString();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relation {Number} {Name} was submitted to Certipost on {SubmittedAt} and is still unconfirmed after {ExpectedWithin}")]
    private partial void LogOverdue(string number, string name, DateTimeOffset submittedAt, string expectedWithin);
}
