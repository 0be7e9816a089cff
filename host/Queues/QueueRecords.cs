namespace ConnectorHost.Queues;

/// <summary>
/// The record collections a queue keeps its "once" facts in, each keyed by the queue (the pipeline's name). Named when
/// the queue lived in the AccountingTasks plugin, and kept so: a host upgraded in place neither reports nor reminds again.
/// Which instructions were mailed is kept by the host for every instruction alike: see <see cref="Mail.InstructionMailOnce"/>.
/// </summary>
internal static class QueueRecords
{
    /// <summary>Cancelled tasks already reported to the origin (key <c>queue:externalId</c>).</summary>
    public const string ReportedCancel = "accountingtasks.reported-cancel";

    /// <summary>
    /// Tasks whose end the origin did not take (key <c>queue:externalId</c>), reported again at every run until it does:
    /// an origin does not offer again a task it holds a result of (a failed one that was resolved and then done).
    /// </summary>
    public const string Unreported = "accountingtasks.unreported";

    /// <summary>The last reminder sent (key: the queue; data: the date).</summary>
    public const string Reminder = "accountingtasks.reminder";
}
