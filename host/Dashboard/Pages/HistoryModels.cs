using ConnectorHost.Abstractions.State;
using ConnectorHost.State;

namespace ConnectorHost.Dashboard.Pages;

/// <summary>One step in the history of a document or a task (UI-5).</summary>
/// <param name="At">When.</param>
/// <param name="What">What happened (English, translated on the page; domain words stay Dutch).</param>
/// <param name="Detail">The data of the step (a reason, an error, who did it), shown as it is; or null.</param>
/// <param name="Mark">red, orange, green or empty: the step's colour, besides its text.</param>
/// <param name="Source">Where it was recorded: "source: ledger", "source: audit", "source: instruction" or "source: queue" (keys of the texts).</param>
/// <param name="Arguments">The values of What's placeholders ("Attempt {0} failed; ..."), filled in after it is translated; or null.</param>
public sealed record HistoryStep(DateTimeOffset At, string What, string? Detail, string Mark, string Source, IReadOnlyList<object>? Arguments = null);

/// <summary>What a document's page shows (UI-5).</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Entry">The ledger entry as it is now.</param>
/// <param name="Steps">Its whole history from the ledger and the audit log, oldest first.</param>
public sealed record DocumentModel(Navigation Navigation, LedgerEntry Entry, IReadOnlyList<HistoryStep> Steps)
{
    /// <summary>The history of a document: every recorded change of its ledger entry, and the audit entries about it.</summary>
    /// <param name="entry">The entry now.</param>
    /// <param name="changes">Its recorded changes (none for a document last changed before schema step 5).</param>
    /// <param name="audit">The audit entries about its file or key.</param>
    /// <returns>The steps, oldest first.</returns>
    public static IReadOnlyList<HistoryStep> History(LedgerEntry entry, IReadOnlyList<DocumentChange> changes, IReadOnlyList<AuditEntry> audit)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(audit);
        var steps = new List<HistoryStep>();
        if (changes.Count == 0 || changes[0].At > entry.CreatedAt)
        {
            steps.Add(new HistoryStep(entry.CreatedAt, "First seen", entry.Locator, string.Empty, "source: ledger"));
        }

        DocumentChange? before = null;
        foreach (var change in changes)
        {
            if (before is null || before.Generation != change.Generation || before.Status != change.Status || before.Attempts != change.Attempts)
            {
                var (what, mark) = before is not null && before.Generation != change.Generation
                    ? ("Offered again", string.Empty)
                    : Step(change, first: before is null);
                steps.Add(new HistoryStep(change.At, what, change.Reason, mark, "source: ledger", change.Status == LedgerStatus.Retrying ? [change.Attempts] : null));
            }

            if (change.PutAwayProblem is { } problem && problem != before?.PutAwayProblem)
            {
                steps.Add(new HistoryStep(change.At, "Could not be put away", problem, "red", "source: ledger"));
            }

            if (change.CompletedAt is { } completed && before?.CompletedAt is null)
            {
                steps.Add(new HistoryStep(completed, "Put away by its source", null, string.Empty, "source: ledger"));
            }

            before = change;
        }

        if (changes.Count == 0)
        {
            var (label, mark) = DocumentFilters.Describe(entry.Status);
            steps.Add(new HistoryStep(entry.UpdatedAt, label, entry.Reason, mark, "source: ledger"));
        }

        steps.AddRange(audit.Select(a => new HistoryStep(a.At, a.Action, $"{a.Who}: {a.Details}", string.Empty, "source: audit")));
        return [.. steps.OrderBy(s => s.At)];
    }

    private static (string What, string Mark) Step(DocumentChange change, bool first) => change.Status switch
    {
        LedgerStatus.Submitting when first => ("Seen; submitting for accordering", string.Empty),
        LedgerStatus.Submitting => ("Submitting again", string.Empty),
        LedgerStatus.Retrying => ("Attempt {0} failed; trying again later", "orange"),
        LedgerStatus.Pending => ("Submitted for accordering; waiting for the client", string.Empty),
        _ => DocumentFilters.Describe(change.Status),
    };
}

/// <summary>What a task's page shows (UI-5).</summary>
/// <param name="Navigation">The navigation.</param>
/// <param name="Task">The task as it is now.</param>
/// <param name="Steps">Its history from the queue, the instructions and the audit log, oldest first.</param>
/// <param name="OpenInstruction">Its open instruction, or null.</param>
public sealed record TaskModel(Navigation Navigation, QueuedTask Task, IReadOnlyList<HistoryStep> Steps, StoredInstruction? OpenInstruction)
{
    /// <summary>The history of a task: delivered, each instruction made and resolved, each action in the audit log.</summary>
    /// <param name="task">The task now.</param>
    /// <param name="instructions">Its instructions.</param>
    /// <param name="audit">The audit entries about it.</param>
    /// <returns>The steps, oldest first.</returns>
    public static IReadOnlyList<HistoryStep> History(QueuedTask task, IReadOnlyList<StoredInstruction> instructions, IReadOnlyList<AuditEntry> audit)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(instructions);
        ArgumentNullException.ThrowIfNull(audit);
        var steps = new List<HistoryStep> { new(task.DeliveredAt, "Delivered by the accounting platform", $"{task.Kind} ({task.ExternalId})", string.Empty, "source: queue") };
        foreach (var instruction in instructions)
        {
            var severity = instruction.Instruction.Severity.ToString().ToLowerInvariant();
            steps.Add(new HistoryStep(instruction.CreatedAt, severity == "red" ? "Instruction for support" : "Accountant instruction", $"#{instruction.Id} {instruction.Instruction.Text} ({instruction.Instruction.Cause})", severity, "source: instruction"));
            if (instruction.ResolvedAt is { } resolved)
            {
                steps.Add(new HistoryStep(resolved, "Instruction resolved", $"#{instruction.Id} by {instruction.ResolvedBy}", "green", "source: instruction"));
            }
        }

        steps.AddRange(audit.Select(a => new HistoryStep(a.At, a.Action, $"{a.Who}: {a.Details}", a.Action.Contains("failed", StringComparison.Ordinal) ? "red" : string.Empty, "source: audit")));
        return [.. steps.OrderBy(s => s.At)];
    }
}
