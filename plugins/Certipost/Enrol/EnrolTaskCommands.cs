using System.Globalization;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.State;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// The admin commands of <c>certipost.enrol</c>, for the command line (<c>connectorhost command certipost list</c>) and
/// the dashboard's Certipost page: the eligible list, complete and incomplete apart (CP-1..CP-3), sending it (CP-4),
/// every relation's status, changing a status by hand (refused once submitted, CP-4) and the audit trail (CP-5).
/// </summary>
internal sealed class EnrolTaskCommands(CertipostEnrolment enrolment, IAuditLog audit, string pipeline) : IAdminCommands
{
    private const int AuditLimit = 500;

    /// <summary>
    /// The commands with their handlers; the factory lists them so <c>connectorhost plugins</c> and the reference docs
    /// show them, the task offers them bound to its instance.
    /// </summary>
    public static AdminCommandCollection<EnrolTaskCommands> All { get; } = new()
    {
        {
            // An action, not a view: it reads the package's file (or database) and records what changed there (new
            // relations, package statuses), so on the dashboard it is a posted form with the anti-forgery token, never
            // something a page view starts (FH-5), and it is audited.
            new("list", "Re-read the accounting package, record its new relations and status changes, and show the eligible relations (admitted, not yet submitted): the complete ones, ready to send, and apart the incomplete ones with exactly which fields are missing.") { ChangesState = true },
            c => Refusing(c.ListAsync)
        },
        {
            new("send", "Send every complete eligible relation to Certipost in batches of BURST opt-ins (batchSize each); they become submitted and leave the list. Incomplete relations stay.") { ChangesState = true },
            c => Refusing(c.SendAsync)
        },
        {
            new("relations", "Every relation the connector knows, with its status, when it was submitted and by whom, and when Certipost confirmed it."),
            c => Refusing(c.RelationsAsync)
        },
        {
            new("set-status", "Admit a relation or withdraw its admission by hand; refused once it was passed on to Certipost.")
            {
                ChangesState = true,
                Parameters =
                [
                    new("number", "The relation number, for example 1001.") { Required = true },
                    new("status", "admitted or not-admitted.") { Required = true },
                ],
            },
            c => Refusing(c.SetStatusAsync)
        },
        {
            new("audit", "The audit trail: every status change of a relation and every send, with who and when, newest first."),
            c => Refusing(c.AuditAsync)
        },
    };

    /// <inheritdoc />
    public IReadOnlyList<AdminCommand> Commands => All.BindTo(this);

    /// <summary>Turns the faults an admin can act on into a failed result that says what happened and what to do.</summary>
    private static AdminCommandHandler Refusing(AdminCommandHandler handler) => async (request, cancellationToken) =>
    {
        try
        {
            return await handler(request, cancellationToken).ConfigureAwait(false);
        }
        catch (RelationSourceException e)
        {
            return AdminCommandResult.Failure($"The relations could not be read, nothing was changed or sent: {e.Message}");
        }
        catch (CertipostBatchRefusedException e)
        {
            return AdminCommandResult.Failure($"Certipost refused the batch; nothing was enrolled and no status changed. Fix the relations and send again. {e.Message}");
        }
        catch (CertipostAuthenticationException e)
        {
            return AdminCommandResult.Failure(e.Message);
        }
        catch (CertipostUnavailableException e)
        {
            return AdminCommandResult.Failure($"Certipost could not be reached; nothing was enrolled. Try again later. {e.Message}");
        }
    };

    private async Task<AdminCommandResult> ListAsync(AdminCommandRequest request, CancellationToken cancellationToken) =>
        Eligible(await enrolment.ComputeAsync(request.Actor, cancellationToken).ConfigureAwait(false));

    private async Task<AdminCommandResult> SendAsync(AdminCommandRequest request, CancellationToken cancellationToken) =>
        Sent(await enrolment.SendAsync(request.Actor, cancellationToken).ConfigureAwait(false));

    private async Task<AdminCommandResult> RelationsAsync(AdminCommandRequest request, CancellationToken cancellationToken) =>
        Relations(await enrolment.ListAsync(cancellationToken).ConfigureAwait(false));

    private static AdminCommandResult Eligible(EligibleList list) => AdminCommandResult.Success(
        $"{list.Eligible.Count} complete and ready to send, {list.Incomplete.Count} incomplete",
        CompleteTable("Complete: ready to send", list.Eligible, list.Repairs, "No complete relations waiting to be sent."),
        IncompleteTable(list.Incomplete));

    private static AdminCommandResult Sent(SendResult sent) => AdminCommandResult.Success(
        sent.Sent.Count == 0
            ? $"Nothing to send to Certipost; {sent.Incomplete.Count} incomplete"
            : $"{sent.Sent.Count} relations enrolled at Certipost in batch {sent.CertipostAuditId}; {sent.Incomplete.Count} incomplete, not sent",
        CompleteTable("Sent", sent.Sent, sent.Repairs, "Nothing was sent."),
        IncompleteTable(sent.Incomplete));

    private static ResultTable CompleteTable(string title, IReadOnlyList<Relation> relations, IReadOnlyDictionary<string, IReadOnlyList<string>> repairs, string empty) =>
        new(title, ["Number", "Name", "VAT/enterprise number", "E-mail", "Language", "Country", "Repaired before sending"],
            [.. relations.Select(r => repairs.TryGetValue(r.Number, out var done)
                ? new ResultRow([r.Number, r.Name, r.VatNumber, r.Email, r.Language, r.CountryCode, string.Join("; ", done)]) { Mark = RowMark.Warning }
                : new ResultRow([r.Number, r.Name, r.VatNumber, r.Email, r.Language, r.CountryCode, string.Empty]))])
        { EmptyText = empty };

    private static ResultTable IncompleteTable(IReadOnlyList<IncompleteRelation> incomplete) =>
        new("Incomplete: not sent until completed in the package", ["Number", "Name", "Missing or not valid"],
            [.. incomplete.Select(i => new ResultRow([i.Relation.Number, i.Relation.Name, string.Join("; ", i.Problems)]) { Mark = RowMark.Warning })])
        { EmptyText = "No incomplete relations." };

    private static AdminCommandResult Relations(IReadOnlyList<RelationRecord> records) => AdminCommandResult.Success(
        $"{records.Count} relations: " + string.Join(", ", records.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {CertipostNames.Label(g.Key)}")),
        new ResultTable(
            "Relations",
            ["Number", "Name", "Status", "Submitted", "By", "Confirmed", "Unsubscribed"],
            [.. records.OrderBy(r => r.Relation.Number, StringComparer.Ordinal).Select(r => new ResultRow(
            [
                r.Relation.Number, r.Relation.Name, CertipostNames.Label(r.Status), Time(r.SubmittedAt), r.SubmittedBy ?? string.Empty, Time(r.ConfirmedAt), Time(r.UnsubscribedAt),
            ]))])
        { EmptyText = "No relations yet: run 'list' to read the accounting package." });

    private async Task<AdminCommandResult> SetStatusAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var number = request.Argument("number")!;
        RelationStatus? status = request.Argument("status")?.Trim().ToUpperInvariant() switch
        {
            "ADMITTED" or "TOEGELATEN" => RelationStatus.Admitted,
            "NOT-ADMITTED" or "NOTADMITTED" or "NIET TOEGELATEN" => RelationStatus.NotAdmitted,
            _ => null,
        };
        if (status is null)
        {
            return AdminCommandResult.Failure($"'{request.Argument("status")}' is not a status that can be set by hand: use admitted or not-admitted.");
        }

        try
        {
            var after = await enrolment.ChangeStatusAsync(number, status.Value, request.Actor, cancellationToken).ConfigureAwait(false);
            return AdminCommandResult.Success($"Relation {number} ({after.Relation.Name}) is now {CertipostNames.Describe(after.Status)}.");
        }
        catch (RelationStatusLockedException e)
        {
            return AdminCommandResult.Failure(e.Message);
        }
        catch (KeyNotFoundException e)
        {
            return AdminCommandResult.Failure(e.Message);
        }
    }

    private async Task<AdminCommandResult> AuditAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var entries = (await audit.ListAsync(null, AuditLimit * 4, cancellationToken).ConfigureAwait(false))
            .Where(e => e.Subject.StartsWith("relation:", StringComparison.Ordinal) || e.Subject == $"pipeline:{pipeline}")
            .Take(AuditLimit)
            .ToList();
        return AdminCommandResult.Success(
            $"{entries.Count} audit entries{(entries.Count == AuditLimit ? $" (the newest {AuditLimit})" : string.Empty)}",
            new ResultTable(
                "Audit trail",
                ["When", "Who", "What", "Subject", "Details"],
                [.. entries.Select(e => new ResultRow([Time(e.At), e.Who, e.Action, e.Subject, e.Details]))])
            { EmptyText = "No changes yet." });
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;
}
