namespace ConnectorHost.Queues;

/// <summary>What one run of a queue did, for its summary line.</summary>
internal sealed class QueueRunCounts
{
    public int Fetched;
    public int New;
    public int Done;
    public int Retried;
    public int Failed;
    public int Mailed;

    /// <summary>Why the run stopped early (<see cref="Abstractions.Queues.QueueTaskResultKind.StopRun"/>), if it did.</summary>
    public volatile string? StopMessage;

    public string Summary() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{Fetched} tasks fetched ({New} new), {Done} done, {Retried} to retry, {Failed} failed with an instruction, {Mailed} instruction mails");
}
