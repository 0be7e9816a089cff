using System.Collections.Concurrent;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>How a record reached CaseWare Cloud.</summary>
internal enum SendOutcome
{
    /// <summary>Created: CaseWare Cloud did not have it.</summary>
    Created,

    /// <summary>Updated where it was sent before.</summary>
    Updated,

    /// <summary>Found in CaseWare Cloud by its key and taken over.</summary>
    Matched,
}

/// <summary>
/// Brings one kind of record in line with CaseWare Cloud, the same way for entities and contacts: each AuditCase item
/// is sent or held back, its state written as soon as CaseWare Cloud took it; an item is sent only when its
/// fingerprint changed; a record is updated where it was sent before, else looked up by its key and taken over, else
/// created (an uncertain create is looked up again before it is tried again); many creates fetch the whole list once.
/// What a kind of record means, and what is done when it is held back or gone, is its subclass's. Items are reconciled
/// in batches (<c>batchSize</c>, in the export's order): a batch's records are read by key when it starts, and its items
/// are reconciled side by side, up to the pipeline's <c>maxInFlight</c>; items with the same key one after the other. So
/// the memory a run needs is that of a batch, plus the keys of the export and, after many creates, each record
/// CaseWare Cloud has as its key, id and a hash of its fields.
/// </summary>
/// <typeparam name="TItem">The item as AuditCase has it.</typeparam>
/// <typeparam name="TRecord">What the state store keeps per item.</typeparam>
/// <typeparam name="TDto">The record as it is sent to CaseWare Cloud.</typeparam>
/// <typeparam name="TFound">The record as CaseWare Cloud returns it.</typeparam>
internal abstract class Reconciler<TItem, TRecord, TDto, TFound>(SyncRun run)
    where TRecord : class
{
    /// <summary>Above this many creates in one run the whole list is fetched once instead of one search per record.</summary>
    private const int PrefetchThreshold = 50;

    private const int PageSize = 1000;

    private ConcurrentDictionary<string, Known>? _prefetched;

    /// <summary>Creates counted so far in this run, batch by batch, to decide on fetching the whole list.</summary>
    private int _creates;

    protected SyncRun Run => run;

    protected SyncReport Report => run.Report;

    protected CaseWareCloudClient Api => run.Api;

    protected CancellationToken CancellationToken => run.CancellationToken;

    /// <summary>The API's collection: <c>entities</c> or <c>contacts</c>.</summary>
    protected abstract string Collection { get; }

    /// <summary>What the items are called in the progress log.</summary>
    protected abstract string Plural { get; }

    /// <summary>How many were sent to CaseWare Cloud so far in this run, for the progress log.</summary>
    protected abstract int SentSoFar { get; }

    /// <summary>The field CaseWare Cloud is searched by before a create.</summary>
    protected abstract string SearchField { get; }

    /// <summary>What the done text says when an existing record was taken over.</summary>
    protected abstract string MatchedBy { get; }

    /// <summary>The comparer of <see cref="LookupKey(TDto)"/>.</summary>
    protected abstract IEqualityComparer<string> KeyComparer { get; }

    protected abstract string KeyOf(TItem item);

    protected abstract string KeyOf(TRecord record);

    protected abstract string? CwIdOf(TRecord record);

    protected abstract string? FingerprintOf(TRecord record);

    protected abstract LinkState StateOf(TRecord record);

    /// <summary>Whether the item would be created if CaseWare Cloud does not know it (counted to decide on fetching the whole list).</summary>
    protected abstract bool MayCreate(TItem item);

    /// <summary>Sends the item or holds it back.</summary>
    protected abstract Task ReconcileAsync(TItem item, TRecord? record);

    /// <summary>The item is no longer in AuditCase's export.</summary>
    protected abstract Task GoneAsync(TRecord record);

    /// <summary>"entity 1001", "contact a@b.be": for the API's messages.</summary>
    protected abstract string Label(TDto dto);

    /// <summary>The value of <see cref="SearchField"/>.</summary>
    protected abstract string SearchValue(TDto dto);

    protected abstract string LookupKey(TDto dto);

    protected abstract string? LookupKey(TFound found);

    protected abstract string IdOf(TFound found);

    /// <summary>The fields of what CaseWare Cloud has, as they compare with what would be sent.</summary>
    protected abstract TDto FieldsOf(TFound found);

    /// <summary>Whether the record is in CaseWare Cloud as last sent.</summary>
    protected abstract bool IsCurrent(TRecord record);

    protected abstract void Count(SendOutcome outcome);

    /// <summary>The item did not change since it was sent.</summary>
    protected abstract void Unchanged(TItem item, TRecord record);

    /// <summary>The item did not change since CaseWare Cloud refused it.</summary>
    protected abstract void StillRejected(TItem item, TRecord record);

    /// <summary>CaseWare Cloud has it now: the record is written.</summary>
    protected abstract Task SentAsync(TItem item, TRecord? record, TDto dto, string fingerprint, string id, string done);

    /// <summary>CaseWare Cloud refused it: the record is written with the reason.</summary>
    protected abstract Task RejectedAsync(TItem item, TRecord? record, TDto dto, string fingerprint, string reason);

    /// <summary>The records of these keys (those that have one).</summary>
    protected abstract Task<Dictionary<string, TRecord>> RecordsAsync(IReadOnlyList<string> keys);

    /// <summary>The keys of the records whose key is not in the export.</summary>
    protected abstract Task<List<string>> KeysNotInAsync(Func<string, bool> inExport);

    /// <summary>The record of this key, or null.</summary>
    protected abstract Task<TRecord?> RecordAsync(string key);

    /// <summary>Every item of the export, batch by batch, then the records of the items that left it.</summary>
    /// <param name="items">The export's items, enumerated once.</param>
    /// <param name="total">How many there are, for the progress log.</param>
    /// <param name="inExport">Whether a record's key is in the export.</param>
    protected async Task ReconcileAllAsync(IEnumerable<TItem> items, int total, Func<string, bool> inExport)
    {
        // The items that left the export: records there before this run whose key is not in the export (a run writes
        // records only for the export's keys). Listed before the first batch, when the collection is no larger than at
        // the end (empty on a first run), and only their keys kept; each is read again when its turn comes.
        var gone = await KeysNotInAsync(inExport).ConfigureAwait(false);
        var done = 0;
        foreach (var batch in items.Chunk(run.BatchSize))
        {
            CancellationToken.ThrowIfCancellationRequested();

            // The batch's records, read when it starts: a key seen in an earlier batch is read after that batch wrote it.
            var records = await RecordsAsync(batch.Select(KeyOf).Distinct(StringComparer.OrdinalIgnoreCase).ToList()).ConfigureAwait(false);
            _creates += batch.Count(i => MayCreate(i) && !(records.TryGetValue(KeyOf(i), out var r) && CwIdOf(r) is not null));
            if (_prefetched is null && _creates > PrefetchThreshold)
            {
                _prefetched = await FetchAllAsync($"list the {Collection}").ConfigureAwait(false);
            }

            // Items with one key (one lane) are reconciled in order; lanes run side by side, up to maxInFlight (OF-1).
            var lanes = batch.GroupBy(KeyOf, StringComparer.OrdinalIgnoreCase).Select(g => g.ToList()).ToList();
            await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = run.MaxInFlight, CancellationToken = CancellationToken }, async (lane, _) =>
            {
                foreach (var item in lane)
                {
                    records.TryGetValue(KeyOf(item), out var record);
                    await ReconcileAsync(item, record).ConfigureAwait(false);
                    if (Interlocked.Increment(ref done) % run.ProgressEvery == 0)
                    {
                        run.Logger.LogProgress(Volatile.Read(ref done), total, Plural, SentSoFar);
                    }
                }
            }).ConfigureAwait(false);
        }

        foreach (var key in gone)
        {
            CancellationToken.ThrowIfCancellationRequested();
            if (await RecordAsync(key).ConfigureAwait(false) is { } record)
            {
                await GoneAsync(record).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends the item when it changed since it was last sent or refused.</summary>
    protected async Task SendAsync(TItem item, TRecord? record, TDto dto, string what)
    {
        var fingerprint = Mapping.Fingerprint(dto);
        if (record is not null && FingerprintOf(record) == fingerprint)
        {
            if (IsCurrent(record))
            {
                Unchanged(item, record);
                return;
            }

            if (StateOf(record) == LinkState.Rejected)
            {
                StillRejected(item, record);
                return;
            }
        }

        try
        {
            var (id, done) = await UpdateOrCreateAsync(record is null ? null : CwIdOf(record), dto, what).ConfigureAwait(false);
            await SentAsync(item, record, dto, fingerprint, id, done).ConfigureAwait(false);
        }
        catch (RecordRejectedException e)
        {
            await RejectedAsync(item, record, dto, fingerprint, e.Message).ConfigureAwait(false);
        }
    }

    /// <summary>Updates the record where it was sent before; creates it when it is not (or no longer) there.</summary>
    private async Task<(string Id, string Done)> UpdateOrCreateAsync(string? id, TDto dto, string what)
    {
        if (id is not null)
        {
            var answer = await Api.SendAsync(HttpMethod.Put, $"{Collection}/{id}", dto, $"update {Label(dto)}", CancellationToken).ConfigureAwait(false);
            if (answer.Status == System.Net.HttpStatusCode.NotFound)
            {
                id = null;
            }
            else if (!answer.IsSuccess)
            {
                throw new RecordRejectedException(answer.Reason);
            }
        }

        if (id is null)
        {
            return await CreateAsync(dto, what).ConfigureAwait(false);
        }

        Count(SendOutcome.Updated);
        return (id, "updated");
    }

    /// <summary>Creates a record, or takes over the one CaseWare Cloud already has with this key.</summary>
    private async Task<(string Id, string Done)> CreateAsync(TDto dto, string what)
    {
        var attempt = 0;
        return await Api.CreateLookingFirstAsync(
            what,
            async _ =>
            {
                while (true)
                {
                    attempt++;
                    if (await FindAsync(dto, live: attempt > 1).ConfigureAwait(false) is { } existing)
                    {
                        await AdoptAsync(existing.Fields, dto, $"{Collection}/{existing.Id}", what).ConfigureAwait(false);
                        Count(SendOutcome.Matched);
                        return (existing.Id, MatchedBy);
                    }

                    var answer = await Api.SendAsync(HttpMethod.Post, Collection, dto, $"create {Label(dto)}", CancellationToken).ConfigureAwait(false);
                    if (answer.Status == System.Net.HttpStatusCode.Conflict && attempt == 1)
                    {
                        continue; // created meanwhile: look it up live and take it over
                    }

                    if (!answer.IsSuccess)
                    {
                        throw new RecordRejectedException(answer.Reason);
                    }

                    var created = answer.Read<TFound>();
                    _prefetched?.TryAdd(LookupKey(dto), KnownOf(created));
                    Count(SendOutcome.Created);
                    return (IdOf(created), "created");
                }
            },
            CancellationToken).ConfigureAwait(false);
    }

    private async Task<Known?> FindAsync(TDto dto, bool live)
    {
        if (!live && _prefetched is { } all)
        {
            return all.TryGetValue(LookupKey(dto), out var known) ? known : null;
        }

        var value = SearchValue(dto);
        var answer = await Api.SendAsync(HttpMethod.Get, $"{Collection}?search={Uri.EscapeDataString($"{SearchField} = '{value.Replace("'", "''", StringComparison.Ordinal)}'")}&page=1&pageSize=10", null, $"look up {Label(dto)}", CancellationToken).ConfigureAwait(false);
        var key = LookupKey(dto);
        return answer.IsSuccess
            ? answer.Read<ApiPage<TFound>>().Items.Where(f => KeyComparer.Equals(LookupKey(f), key)).Select(f => (Known?)KnownOf(f)).FirstOrDefault()
            : throw new CaseWareCloudUnavailableException($"Could not look up {Label(dto)}: {answer.Reason}");
    }

    /// <summary>What a lookup needs of a record CaseWare Cloud has: its id and a hash of the fields that compare (<see cref="FieldsOf"/>).</summary>
    private Known KnownOf(TFound found) => new(IdOf(found), Mapping.FieldsHash(FieldsOf(found)));

    /// <summary>Takes over what CaseWare Cloud already has: updated only when its fields differ.</summary>
    private async Task AdoptAsync(UInt128 existing, TDto wanted, string path, string what)
    {
        if (existing == Mapping.FieldsHash(wanted))
        {
            return;
        }

        var answer = await Api.SendAsync(HttpMethod.Put, path, wanted, what, CancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            throw new RecordRejectedException(answer.Reason);
        }
    }

    /// <summary>Every record CaseWare Cloud has, by its key (the first of a key), as its id and the hash of its fields: not whole.</summary>
    private async Task<ConcurrentDictionary<string, Known>> FetchAllAsync(string what)
    {
        var all = new ConcurrentDictionary<string, Known>(KeyComparer);
        var count = 0;
        for (var page = 1; ; page++)
        {
            var answer = await Api.SendAsync(HttpMethod.Get, $"{Collection}?page={page}&pageSize={PageSize}", null, $"{what} (page {page})", CancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                throw new CaseWareCloudUnavailableException($"Could not {what}: {answer.Reason}");
            }

            var items = answer.Read<ApiPage<TFound>>();
            foreach (var found in items.Items)
            {
                if (LookupKey(found) is { } key && !all.ContainsKey(key))
                {
                    all[key] = KnownOf(found);
                }
            }

            count += items.Items.Count;
            if (items.Items.Count < PageSize || count >= items.TotalCount)
            {
                return all;
            }
        }
    }

    /// <summary>A record CaseWare Cloud has, as far as a lookup before a create needs it.</summary>
    private readonly record struct Known(string Id, UInt128 Fields);
}
