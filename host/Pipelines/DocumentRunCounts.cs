namespace ConnectorHost.Pipelines;

/// <summary>What one document run did; safe to count from several documents at once.</summary>
internal sealed class DocumentRunCounts
{
    private int _submitted;
    private int _decided;
    private int _putAway;
    private int _pending;
    private int _waiting;
    private int _duplicates;
    private int _refused;
    private int _replaced;
    private int _notPutAway;
    private int _failures;

    public int Submitted => _submitted;

    public int Decided => _decided;

    public int PutAway => _putAway;

    public int Pending => _pending;

    public int Waiting => _waiting;

    public int Duplicates => _duplicates;

    /// <summary>Documents the source refused before submission (CO-17).</summary>
    public int Refused => _refused;

    /// <summary>Decided documents whose file was changed after submission, so nothing was moved (CO-13).</summary>
    public int Replaced => _replaced;

    /// <summary>Decided documents that could not be put away this time (CO-15).</summary>
    public int NotPutAway => _notPutAway;

    public int Failures => _failures;

    public void CountSubmitted() => Interlocked.Increment(ref _submitted);

    public void CountDecided() => Interlocked.Increment(ref _decided);

    public void CountPutAway() => Interlocked.Increment(ref _putAway);

    public void CountPending() => Interlocked.Increment(ref _pending);

    public void CountWaiting() => Interlocked.Increment(ref _waiting);

    public void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    public void CountRefused() => Interlocked.Increment(ref _refused);

    public void CountReplaced() => Interlocked.Increment(ref _replaced);

    public void CountNotPutAway() => Interlocked.Increment(ref _notPutAway);

    public void CountFailure() => Interlocked.Increment(ref _failures);

    public override string ToString() =>
        $"{Submitted} submitted, {Decided} decided, {PutAway} put away, {Pending} pending, {Waiting} waiting, {Duplicates} duplicates, "
        + $"{Refused} refused, {Replaced} changed after submission, {NotPutAway} not put away, {Failures} failures";
}
