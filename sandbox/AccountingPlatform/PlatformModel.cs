namespace ConnectorHost.Sandbox.AccountingPlatform;

/// <summary>The kinds of task the platform queues for the connector (AT-1).</summary>
public static class TaskKinds
{
    /// <summary>Book a booking proposal (boekingsvoorstel) in the accounting package.</summary>
    public const string ProcessBookingProposal = "process-booking-proposal";

    /// <summary>Delete a booking proposal from the accounting package.</summary>
    public const string DeleteBookingProposal = "delete-booking-proposal";

    /// <summary>Synchronise a dossier between the package and the platform.</summary>
    public const string SynchroniseDossier = "synchronise-dossier";

    /// <summary>Activate a new dossier: link the platform's dossier to a dossier code in the package.</summary>
    public const string ActivateDossier = "activate-dossier";

    /// <summary>Every kind.</summary>
    public static IReadOnlyList<string> All { get; } = [ProcessBookingProposal, DeleteBookingProposal, SynchroniseDossier, ActivateDossier];
}

/// <summary>The cause codes the simulated accounting package answers a failed run with (the seed's list).</summary>
public static class FailureCauses
{
    /// <summary>The package's API is temporarily unavailable (HTTP 503): transient.</summary>
    public const string PackageUnavailable = "package-unavailable";

    /// <summary>The booking date lies in a closed period or book year.</summary>
    public const string WrongPeriod = "wrong-period";

    /// <summary>The journal (dagboek) does not exist in the dossier.</summary>
    public const string WrongJournal = "wrong-journal";

    /// <summary>The package's database reported an error.</summary>
    public const string DatabaseError = "database-error";

    /// <summary>The booking already exists.</summary>
    public const string DuplicateBooking = "duplicate-booking";

    /// <summary>The VAT code (btw-code) does not exist in the dossier.</summary>
    public const string WrongVatCode = "wrong-vat-code";

    /// <summary>The dossier code given at activation does not exist in the package.</summary>
    public const string WrongDossierCode = "wrong-dossier-code";

    /// <summary>Every cause.</summary>
    public static IReadOnlyList<string> All { get; } =
        [PackageUnavailable, WrongPeriod, WrongJournal, DatabaseError, DuplicateBooking, WrongVatCode, WrongDossierCode];
}

/// <summary>A task as the connector fetches it.</summary>
/// <param name="Id">The platform's id of the task.</param>
/// <param name="Kind">One of <see cref="TaskKinds"/>.</param>
/// <param name="Dossier">The dossier it belongs to.</param>
/// <param name="Payload">Its data, a JSON object as text.</param>
/// <param name="DeliveredAt">When the platform delivered it: the order of execution.</param>
public sealed record PlatformTask(string Id, string Kind, string Dossier, string Payload, DateTimeOffset DeliveredAt);

/// <summary>A task with the result the connector reported, as the control API shows it.</summary>
/// <param name="Task">The task.</param>
/// <param name="Result">The last reported result, or <c>null</c> while pending.</param>
/// <param name="Reports">How many results were reported for it.</param>
public sealed record PlatformTaskStatus(PlatformTask Task, TaskResultInput? Result, int Reports);

/// <summary>A result the connector reports: <c>POST /api/offices/{office}/tasks/{id}/result</c>.</summary>
/// <param name="Status"><c>done</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Cause">The cause code of a failure.</param>
/// <param name="Message">A message for people, for example the instruction.</param>
/// <param name="Severity"><c>Orange</c> or <c>Red</c> for a failure.</param>
public sealed record TaskResultInput(string? Status, string? Cause = null, string? Message = null, string? Severity = null);

/// <summary>A task to enqueue through the control API; absent fields get defaults.</summary>
/// <param name="Kind">One of <see cref="TaskKinds"/>.</param>
/// <param name="Dossier">The dossier.</param>
/// <param name="Id">The id, or <c>null</c> for a generated one.</param>
/// <param name="Payload">A JSON object as text, or <c>null</c> for <c>{}</c>.</param>
/// <param name="DeliveredAt">The delivery moment, or <c>null</c> for now.</param>
public sealed record TaskInput(string? Kind, string? Dossier, string? Id = null, string? Payload = null, DateTimeOffset? DeliveredAt = null);

/// <summary>What the connector sends to the package: <c>POST /api/package/{dossier}/run</c>.</summary>
/// <param name="TaskId">The platform's id of the task.</param>
/// <param name="Kind">The task's kind.</param>
/// <param name="Payload">The task's payload.</param>
public sealed record PackageRunInput(string? TaskId, string? Kind, string? Payload);

/// <summary>The package's answer to a run that failed (HTTP 503 for a transient failure, 422 otherwise).</summary>
/// <param name="Cause">One of <see cref="FailureCauses"/>.</param>
/// <param name="Message">What went wrong, for the log.</param>
/// <param name="Details">Values for the instruction text, for example <c>year</c>, <c>journal</c>, <c>vatCode</c>, <c>dossierCode</c>.</param>
public sealed record PackageError(string Cause, string Message, IReadOnlyDictionary<string, string> Details);

/// <summary>
/// A failure the simulated package answers with: for one task, for all tasks of one dossier, or for all tasks.
/// </summary>
/// <param name="Cause">One of <see cref="FailureCauses"/>.</param>
/// <param name="Dossier">Only this dossier, or <c>null</c>.</param>
/// <param name="TaskId">Only this task, or <c>null</c>.</param>
/// <param name="Times">How many runs fail, or <c>null</c> for every run until the rule is cleared.</param>
public sealed record FailureRule(string Cause, string? Dossier = null, string? TaskId = null, int? Times = null);

/// <summary>One run of a task by the simulated package.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Dossier">Its dossier.</param>
/// <param name="Payload">The payload it ran with.</param>
/// <param name="At">When it ran.</param>
/// <param name="Cause">The failure cause, or <c>null</c> when it succeeded.</param>
/// <param name="Repeat">
/// <c>true</c> when the task had succeeded before: the package keeps the task id as idempotency key and answers
/// success without doing it again (a connector that died before it saw the answer runs the task again).
/// </param>
/// <param name="AnswerLost">
/// <c>true</c> when the fault injection kept the answer from the connector after the run (OF-3): a failure the
/// connector never heard of, so it has no instruction; it runs the task again.
/// </param>
public sealed record PackageRun(string TaskId, string Kind, string Dossier, string Payload, DateTimeOffset At, string? Cause, bool Repeat = false, bool AnswerLost = false);
