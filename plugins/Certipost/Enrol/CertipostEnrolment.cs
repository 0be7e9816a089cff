using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>A relation that is admitted but cannot be sent yet, with exactly what is missing or wrong (CP-2).</summary>
/// <param name="Relation">The relation.</param>
/// <param name="Problems">The fields that are missing or not valid.</param>
public sealed record IncompleteRelation(Relation Relation, IReadOnlyList<FieldProblem> Problems)
{
    /// <summary>The fields that are missing or not valid.</summary>
    public IReadOnlyList<RelationField> MissingFields => Problems.Select(p => p.Field).ToList();

    /// <inheritdoc />
    public override string ToString() => $"{Relation.Number} {Relation.Name}: {string.Join("; ", Problems)}";
}

/// <summary>The list of relations eligible for enrolment (CP-1), split into complete and incomplete (CP-2).</summary>
/// <param name="Eligible">Admitted, not yet submitted, complete: these are sent.</param>
/// <param name="Incomplete">Admitted, not yet submitted, but missing fields: shown apart and not sent.</param>
public sealed record EligibleList(IReadOnlyList<Relation> Eligible, IReadOnlyList<IncompleteRelation> Incomplete)
{
    /// <summary>Per relation number, what was repaired before sending (CP-9): shown in the list, so the office sees it before it sends.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Repairs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>What a send did (CP-4).</summary>
/// <param name="Sent">The relations enrolled in this batch, now <see cref="RelationStatus.Submitted"/>.</param>
/// <param name="CertipostAuditId">Certipost's audit id of the batch, or <c>null</c> when there was nothing to send.</param>
/// <param name="Incomplete">The relations left out because they are incomplete.</param>
public sealed record SendResult(IReadOnlyList<Relation> Sent, string? CertipostAuditId, IReadOnlyList<IncompleteRelation> Incomplete)
{
    /// <summary>Per relation number, what was repaired before sending (CP-9).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Repairs { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

/// <summary>
/// Enrolment at Certipost: compute the eligible list from the package (CP-1..CP-3), send the complete ones in one
/// batch of BURST opt-ins (CP-4), and change an unsent relation's status by hand. Every status change goes to the
/// audit log with who and when (CP-5). Calls are serialised: one compute or send at a time per instance.
/// </summary>
public sealed partial class CertipostEnrolment
{
    /// <summary>The opt-in type Certipost expects for e-invoicing enrolments.</summary>
    public const string OptInType = "BURST";

    private readonly IRelationSource _source;
    private readonly IReadOnlyList<RelationField> _mandatory;
    private readonly HashSet<string> _admittedStatuses;
    private readonly CertipostClient _client;
    private readonly RelationStateStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    internal CertipostEnrolment(
        IRelationSource source,
        IEnumerable<RelationField> mandatory,
        IEnumerable<string> admittedStatuses,
        CertipostClient client,
        RelationStateStore store,
        TimeProvider clock,
        ILogger logger)
    {
        _source = source;
        _mandatory = mandatory.Distinct().Order().ToList();
        _admittedStatuses = new HashSet<string>(admittedStatuses.Select(s => s.Trim()), StringComparer.OrdinalIgnoreCase);
        _client = client;
        _store = store;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The fields checked before a relation is sent.</summary>
    public IReadOnlyList<RelationField> MandatoryFields => _mandatory;

    /// <summary>
    /// Re-reads the source, records new relations and changes of the package's e-invoicing status, and returns the
    /// eligible list: admitted and not yet submitted, split into complete and incomplete ones.
    /// </summary>
    /// <param name="who">Who asks (a user, or <c>pipeline:name</c>); recorded with each status change.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The list.</returns>
    /// <exception cref="RelationSourceException">The source could not be read; nothing was changed.</exception>
    public async Task<EligibleList> ComputeAsync(string who, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ComputeCoreAsync(who, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Recomputes the list and sends its complete relations to Certipost in batches of BURST opt-ins (<c>batchSize</c>
    /// each, up to <c>maxInFlight</c> at once). When Certipost takes a batch, its relations become <see cref="RelationStatus.Submitted"/> and leave the list; when it refuses a
    /// batch, no status of that batch changes.
    /// </summary>
    /// <param name="who">Who sends; recorded with each enrolment (CP-5).</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>What was sent.</returns>
    /// <exception cref="RelationSourceException">The source could not be read; nothing was sent.</exception>
    /// <exception cref="CertipostBatchRefusedException">Certipost refused the batch; nothing was enrolled.</exception>
    /// <exception cref="CertipostAuthenticationException">Certipost refused the API key.</exception>
    /// <exception cref="CertipostUnavailableException">Certipost could not be reached; try again later.</exception>
    public async Task<SendResult> SendAsync(string who, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var list = await ComputeCoreAsync(who, cancellationToken).ConfigureAwait(false);

            // A batch that went out without a known answer goes again first, as it was, under its own reference.
            var batches = (await _store.ListAsync(cancellationToken).ConfigureAwait(false))
                .Where(r => r.UnsettledBatch is not null && !r.IsLocked)
                .GroupBy(r => r.UnsettledBatch!, StringComparer.Ordinal)
                .Select(g => new Batch(g.Key, [.. g.Select(r => r.Relation)]))
                .ToList();
            foreach (var batch in batches)
            {
                LogResending(batch.Reference, batch.Relations.Count);
            }

            // The others in batches of batchSize, each marked with its reference before it goes (one transaction each).
            var again = batches.SelectMany(b => b.Relations).Select(r => r.Number).ToHashSet(StringComparer.Ordinal);
            foreach (var chunk in list.Eligible.Where(r => !again.Contains(r.Number)).Chunk(_client.BatchSize))
            {
                var batch = new Batch($"connectorhost-{_clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}", chunk); // unique: Certipost takes a reference once
                await MarkAsync(batch.Relations, batch.Reference, cancellationToken).ConfigureAwait(false);
                batches.Add(batch);
            }

            // Up to maxInFlight batches at once (the client's gate); each one's statuses follow its own answer.
            var outcomes = await Task.WhenAll(batches.Select(async batch =>
            {
                try
                {
                    return (Batch: batch, AuditId: await SendBatchAsync(batch.Reference, batch.Relations, who, cancellationToken).ConfigureAwait(false), Failure: (Exception?)null);
                }
                catch (Exception e) when (e is CertipostBatchRefusedException or CertipostUnavailableException or CertipostAuthenticationException)
                {
                    return (Batch: batch, AuditId: (string?)null, Failure: e);
                }
            })).ConfigureAwait(false);
            if (outcomes.FirstOrDefault(o => o.Failure is not null).Failure is { } failure)
            {
                // The batches that were taken are recorded and logged; the run reports the first that was not.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            var sent = outcomes.SelectMany(o => o.Batch.Relations).ToList();
            var auditId = outcomes.Length == 0 ? null : string.Join(", ", outcomes.Select(o => o.AuditId));
            return new SendResult(sent, auditId, list.Incomplete) { Repairs = list.Repairs };
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed record Batch(string Reference, IReadOnlyList<Relation> Relations);

    /// <summary>
    /// Sends one batch. Taken: its relations become <see cref="RelationStatus.Submitted"/>. Refused: Certipost has none
    /// of it, so the relations are as before. No answer (unavailable, refused key, a crash): the relations keep the
    /// batch's reference and the next send repeats it.
    /// </summary>
    private async Task<string> SendBatchAsync(string reference, IReadOnlyList<Relation> relations, string who, CancellationToken cancellationToken)
    {
        OptInBatchAcceptedDto accepted;
        try
        {
            accepted = await _client.SendOptInsAsync(new OptInBatchDto(reference, [.. relations.Select(ToOptIn)]), cancellationToken).ConfigureAwait(false);
        }
        catch (CertipostBatchRefusedException e)
        {
            await MarkAsync(relations, null, CancellationToken.None).ConfigureAwait(false);
            LogBatchRefused(relations.Count, e.Message);
            throw;
        }

        var now = _clock.GetUtcNow();
        var changes = new List<(RelationRecord? Before, RelationRecord After)>();

        // CancellationToken.None: Certipost has the batch; the statuses must follow it, all in one transaction.
        var known = await KnownAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var relation in relations)
        {
            var before = known.GetValueOrDefault(relation.Number);
            changes.Add((before, (before ?? new RelationRecord { Relation = relation }) with
            {
                Relation = relation with { Line = 0 },
                Status = RelationStatus.Submitted,
                SubmittedAt = now,
                SubmittedBy = who,
                CertipostAuditId = accepted.AuditId,
                UnsettledBatch = null,
            }));
        }

        await _store.SaveManyAsync(changes, who, $"enrolled at Certipost (opt-in {OptInType}, audit {accepted.AuditId})", CancellationToken.None).ConfigureAwait(false);

        LogBatchSent(relations.Count, accepted.AuditId, who);
        return accepted.AuditId;
    }

    /// <summary>Records that the relations go out in the batch <paramref name="reference"/> (or in none), before the call.</summary>
    /// <remarks>In one transaction: a kill half-way never leaves a batch reference on part of its relations.</remarks>
    private async Task MarkAsync(IReadOnlyList<Relation> relations, string? reference, CancellationToken cancellationToken)
    {
        var changes = new List<(RelationRecord? Before, RelationRecord After)>();
        var known = await KnownAsync(cancellationToken).ConfigureAwait(false);
        foreach (var relation in relations)
        {
            var before = known.GetValueOrDefault(relation.Number);
            if (before is not null && before.UnsettledBatch != reference)
            {
                changes.Add((before, before with { UnsettledBatch = reference }));
            }
        }

        if (changes.Count > 0)
        {
            await _store.SaveManyAsync(changes, "certipost", null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Changes a relation's status by hand: only between <see cref="RelationStatus.NotAdmitted"/> and
    /// <see cref="RelationStatus.Admitted"/>, and never once it was passed on to Certipost (CP-4).
    /// </summary>
    /// <param name="number">The relation number.</param>
    /// <param name="status">The new status.</param>
    /// <param name="who">Who changes it.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The relation's record after the change.</returns>
    /// <exception cref="RelationStatusLockedException">The relation was passed on to Certipost.</exception>
    /// <exception cref="KeyNotFoundException">The relation is unknown.</exception>
    public async Task<RelationRecord> ChangeStatusAsync(string number, RelationStatus status, string who, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        ArgumentException.ThrowIfNullOrWhiteSpace(who);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var before = await _store.GetAsync(number, cancellationToken).ConfigureAwait(false)
                ?? throw new KeyNotFoundException($"Relation {number} is unknown to the Certipost connector. Compute the list first.");
            if (before.IsLocked)
            {
                var since = before.SubmittedAt is { } at ? $" since it was passed on to Certipost on {at:yyyy-MM-dd HH:mm} (UTC) by {before.SubmittedBy}" : string.Empty;
                throw new RelationStatusLockedException(
                    $"The status of relation {number} ({before.Relation.Name}) can no longer be changed by hand: it is {CertipostNames.Describe(before.Status)}{since}. "
                    + "From now on only Certipost's confirmation and the customer's unsubscription on Certipost's site change it.");
            }

            if (status is not (RelationStatus.NotAdmitted or RelationStatus.Admitted))
            {
                throw new InvalidOperationException(
                    $"Relation {number} cannot be set to {CertipostNames.Describe(status)} by hand: only {CertipostNames.Describe(RelationStatus.NotAdmitted)} and {CertipostNames.Describe(RelationStatus.Admitted)} can. Sending sets {RelationStatus.Submitted}.");
            }

            var after = before with { Status = status };
            await _store.SaveAsync(before, after, who, "changed by hand", cancellationToken).ConfigureAwait(false);
            return after;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One relation's record.</summary>
    /// <param name="number">The relation number.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The record, or <c>null</c> when the relation is unknown.</returns>
    public Task<RelationRecord?> GetAsync(string number, CancellationToken cancellationToken) => _store.GetAsync(number, cancellationToken);

    /// <summary>Every relation's record, by number.</summary>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>The records.</returns>
    public Task<IReadOnlyList<RelationRecord>> ListAsync(CancellationToken cancellationToken) => _store.ListAsync(cancellationToken);

    private async Task<EligibleList> ComputeCoreAsync(string who, CancellationToken cancellationToken)
    {
        var relations = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
        var known = (await _store.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Relation.Number, StringComparer.OrdinalIgnoreCase);
        var eligible = new List<Relation>();
        var incomplete = new List<IncompleteRelation>();
        var repairs = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var changed = new List<(RelationRecord? Before, RelationRecord After, string? Reason)>();
        foreach (var read in relations)
        {
            var cleaned = RelationCleaning.Clean(read);
            var relation = cleaned.Relation;
            var packageStatus = relation.EInvoicingStatus.Trim();
            var fromPackage = _admittedStatuses.Contains(packageStatus) ? RelationStatus.Admitted : RelationStatus.NotAdmitted;
            known.TryGetValue(relation.Number, out var before);
            RelationRecord after;
            string? reason = null;
            if (before is null)
            {
                after = new RelationRecord { Relation = relation, Status = fromPackage, LastPackageStatus = packageStatus };
                reason = $"read from the accounting package with e-invoicing status '{packageStatus}'";
            }
            else if (!before.IsLocked && !string.Equals(before.LastPackageStatus, packageStatus, StringComparison.OrdinalIgnoreCase))
            {
                // The package's status changed since the last read: it wins over an earlier change by hand.
                after = before with { Relation = relation, Status = fromPackage, LastPackageStatus = packageStatus };
                reason = $"e-invoicing status in the accounting package changed from '{before.LastPackageStatus}' to '{packageStatus}'";
            }
            else
            {
                after = before with { Relation = relation, LastPackageStatus = packageStatus };
            }

            after = after with { Relation = after.Relation with { Line = 0 } }; // where it was read is not part of the record
            if (before is null || before != after)
            {
                changed.Add((before, after, reason));
            }

            if (after.Status != RelationStatus.Admitted)
            {
                continue;
            }

            var problems = cleaned.Problems
                .Concat(RelationChecks.Check(relation, _mandatory).Where(p => cleaned.Problems.All(c => c.Field != p.Field)))
                .OrderBy(p => p.Field)
                .ToList();
            if (cleaned.Repairs.Count > 0)
            {
                repairs[relation.Number] = cleaned.Repairs;
            }

            if (problems.Count == 0)
            {
                eligible.Add(relation);
                if (cleaned.Repairs.Count > 0)
                {
                    LogRepaired(relation.Number, relation.Name, string.Join("; ", cleaned.Repairs));
                }
            }
            else
            {
                incomplete.Add(new IncompleteRelation(relation, problems));
            }
        }

        // The records in one write per reason (OF-2: not one transaction per relation); the reason goes into each audit entry.
        foreach (var group in changed.GroupBy(c => c.Reason ?? string.Empty, StringComparer.Ordinal))
        {
            await _store.SaveManyAsync([.. group.Select(c => (c.Before, c.After))], who, group.Key.Length == 0 ? null : group.Key, cancellationToken).ConfigureAwait(false);
        }

        LogComputed(relations.Count, eligible.Count, incomplete.Count);
        return new EligibleList(eligible, incomplete) { Repairs = repairs };
    }

    /// <summary>Every relation's record by number, in one read (not one per relation).</summary>
    private async Task<Dictionary<string, RelationRecord>> KnownAsync(CancellationToken cancellationToken) =>
        (await _store.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Relation.Number, StringComparer.OrdinalIgnoreCase);

    private static OptInDto ToOptIn(Relation relation)
    {
        var country = relation.CountryCode.Trim().ToUpperInvariant();
        var vat = relation.VatNumber.Trim();
        if (country == "BE" && RelationChecks.IsValidBelgianEnterpriseNumber(vat, out var digits, out _))
        {
            vat = "BE" + digits;
        }

        return new OptInDto(
            OptInType,
            relation.Number,
            relation.Name.Trim(),
            vat,
            relation.Email.Trim(),
            relation.Language.Trim().ToLowerInvariant(),
            relation.Street.Trim(),
            relation.PostalCode.Trim(),
            relation.City.Trim(),
            country);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Computed the Certipost list: {Relations} relations read, {Eligible} eligible, {Incomplete} incomplete")]
    private partial void LogComputed(int relations, int eligible, int incomplete);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relation {Number} ({Name}) is sent to Certipost with repaired values: {Repairs}. Correct them in the accounting package")]
    private partial void LogRepaired(string number, string name, string repairs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrolled {Count} relations at Certipost in batch {AuditId} (sent by {Who})")]
    private partial void LogBatchSent(int count, string auditId, string who);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending batch {Reference} of {Count} opt-ins to Certipost again: its answer was lost last time (a lost connection or a stop); Certipost takes a batch with the same reference once")]
    private partial void LogResending(string reference, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certipost refused the batch of {Count} opt-ins; no status changed: {Reasons}")]
    private partial void LogBatchRefused(int count, string reasons);
}
