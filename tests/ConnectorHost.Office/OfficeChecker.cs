using System.Globalization;

namespace ConnectorHost.Office;

/// <summary>The checker's verdict: every problem found (none: the end state is right) and what it counted.</summary>
/// <param name="Problems">What is wrong, each naming its item.</param>
/// <param name="Counts">What was counted, for the report.</param>
public sealed record OfficeVerdict(IReadOnlyList<string> Problems, IReadOnlyList<string> Counts)
{
    /// <summary>Whether the end state is right.</summary>
    public bool Passed => Problems.Count == 0;
}

/// <summary>
/// Proves an office's end state from outside the host (OF-4): every document submitted exactly once and in the folder its
/// decision names, undecided ones pending; every task run in its dossier's order, repeats counted and answered by
/// idempotency; CaseWare Cloud equal to AuditCase's export; every relation enrolled once; every failure an instruction;
/// nothing in an error folder. It reads only an <see cref="OfficeSnapshot"/>, so a test can plant a fault.
/// </summary>
public static class OfficeChecker
{
    /// <summary>The folder a decision names.</summary>
    public static string FolderOf(string status) => status switch
    {
        "Approved" => "approved",
        "Rejected" => "rejected",
        "Pending" => "in",
        "ClientNotFound" => "notFound",
        _ => "error",
    };

    /// <summary>Checks the snapshot.</summary>
    /// <param name="s">What was read.</param>
    /// <returns>The verdict.</returns>
    public static OfficeVerdict Check(OfficeSnapshot s)
    {
        var problems = new List<string>();
        var counts = new List<string>();
        CheckDocuments(s, problems, counts);
        CheckImport(s, problems, counts);
        CheckTasks(s, problems, counts);
        CheckCaseWare(s, problems, counts);
        CheckCertipost(s, problems, counts);
        return new OfficeVerdict(problems, counts);
    }

    private static void Add(List<string> problems, string kind, IReadOnlyCollection<string> items)
    {
        if (items.Count > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{kind}: {items.Count} ({string.Join(", ", items.Take(10))}{(items.Count > 10 ? ", ..." : string.Empty)})"));
        }
    }

    private static void CheckDocuments(OfficeSnapshot s, List<string> problems, List<string> counts)
    {
        var where = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (role, files) in s.Folders)
        {
            foreach (var file in files)
            {
                if (!where.TryGetValue(file, out var roles))
                {
                    where[file] = roles = [];
                }

                roles.Add(role);
            }
        }

        var submissions = s.Submissions.GroupBy(x => x.FileName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var doubled = new List<string>();
        var lost = new List<string>();
        var misfiled = new List<string>();
        var inTwo = new List<string>();
        var neverSubmitted = new List<string>();
        var submittedUnknown = new List<string>();
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in s.Dropped)
        {
            var roles = where.GetValueOrDefault(d.FileName) ?? [];
            if (roles.Count == 0)
            {
                lost.Add(d.FileName);
                continue;
            }

            if (roles.Count > 1)
            {
                inTwo.Add($"{d.FileName} in {string.Join(" and ", roles)}");
            }

            var mine = submissions.GetValueOrDefault(d.FileName) ?? [];
            if (!d.KnownClient)
            {
                // The portal may record the attempt as ClientNotFound, once; the file belongs in Niet gevonden.
                if (mine.Count > 1)
                {
                    doubled.Add($"{d.FileName} ({mine.Count}x: {string.Join(", ", mine.Select(m => m.Reference))})");
                }

                if (mine.Any(m => m.Status != "ClientNotFound"))
                {
                    submittedUnknown.Add($"{d.FileName} ({string.Join(", ", mine.Select(m => m.Status))})");
                }

                if (!roles.Contains("notFound"))
                {
                    misfiled.Add($"{d.FileName} (client unknown) in {string.Join(" and ", roles)}, not in notFound");
                }

                byStatus["ClientNotFound"] = byStatus.GetValueOrDefault("ClientNotFound") + 1;
                continue;
            }

            if (mine.Count > 1)
            {
                doubled.Add($"{d.FileName} ({mine.Count}x: {string.Join(", ", mine.Select(m => m.Reference))})");
            }

            if (mine.Count == 0)
            {
                neverSubmitted.Add($"{d.FileName} in {string.Join(" and ", roles)}");
                continue;
            }

            var status = mine[^1].Status;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var folder = FolderOf(status);
            if (!roles.Contains(folder))
            {
                misfiled.Add($"{d.FileName} ({status}) in {string.Join(" and ", roles)}, not in {folder}");
            }
        }

        var dropped = s.Dropped.Select(d => d.FileName).ToHashSet(StringComparer.Ordinal);
        var strangers = where.Keys.Where(f => !dropped.Contains(f)).Order(StringComparer.Ordinal).ToList();
        var errors = s.Folders.GetValueOrDefault("error") ?? [];
        Add(problems, "documents submitted more than once", doubled);
        Add(problems, "documents lost (in no folder)", lost);
        Add(problems, "documents in the wrong folder", misfiled);
        Add(problems, "documents in two folders", inTwo);
        Add(problems, "documents of a known client never submitted", neverSubmitted);
        Add(problems, "documents of an unknown client taken by the portal", submittedUnknown);
        Add(problems, "files in the folders that the bench never dropped", strangers);
        Add(problems, "files in the error folder", [.. errors]);
        var outcomes = string.Join(", ", byStatus.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key} {b.Value}"));
        counts.Add(string.Create(CultureInfo.InvariantCulture,
            $"documents: {s.Dropped.Count} dropped ({s.Dropped.Count(d => d.Xbrl)} XBRL, {s.Dropped.Count(d => !d.KnownClient)} for unknown clients), {s.Submissions.Count} submissions; {outcomes}"));
    }

    private static void CheckImport(OfficeSnapshot s, List<string> problems, List<string> counts)
    {
        var cards = s.PortalKvks.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Add(problems, "exported clients not in the portal", [.. s.ExportedKvks.Where(k => !cards.ContainsKey(k))]);
        Add(problems, "exported clients in the portal more than once", [.. s.ExportedKvks.Where(k => cards.GetValueOrDefault(k) > 1).Select(k => $"{k} ({cards[k]}x)")]);
        Add(problems, "imported clients without exactly one user with a PIN", [.. s.ExportedKvks.Where(k => cards.ContainsKey(k) && s.PinUsersByKvk.GetValueOrDefault(k) != 1).Select(k => $"{k} ({s.PinUsersByKvk.GetValueOrDefault(k)} users)")]);
        counts.Add(string.Create(CultureInfo.InvariantCulture, $"portal set-up: {s.ExportedKvks.Count} exported, {s.ExportedKvks.Count(cards.ContainsKey)} in the portal, {s.ExportedKvks.Sum(k => s.PinUsersByKvk.GetValueOrDefault(k))} users with a PIN"));
    }

    private static void CheckTasks(OfficeSnapshot s, List<string> problems, List<string> counts)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var dossierOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var tasksOfDossier = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var indexInDossier = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in s.Tasks)
        {
            order[t.Id] = order.Count;
            dossierOf[t.Id] = t.Dossier;
            if (!tasksOfDossier.TryGetValue(t.Dossier, out var list))
            {
                tasksOfDossier[t.Dossier] = list = [];
            }

            indexInDossier[t.Id] = list.Count;
            list.Add(t.Id);
        }

        // Per dossier: a run of a task comes only after every earlier task of its dossier has succeeded.
        var succeeded = new HashSet<string>(StringComparer.Ordinal);
        var outOfOrder = new List<string>();
        var doneTwice = new List<string>();
        var unknownRuns = new List<string>();
        var position = new Dictionary<string, int>(StringComparer.Ordinal); // per dossier: how many of its tasks have succeeded, in order
        foreach (var run in s.Runs)
        {
            if (!order.TryGetValue(run.TaskId, out _))
            {
                unknownRuns.Add(run.TaskId);
                continue;
            }

            var tasks = tasksOfDossier[dossierOf[run.TaskId]];
            var done = position.GetValueOrDefault(run.Dossier);
            while (done < tasks.Count && succeeded.Contains(tasks[done]))
            {
                done++;
            }

            position[run.Dossier] = done;
            if (!run.Repeat && indexInDossier[run.TaskId] > done)
            {
                outOfOrder.Add($"{run.TaskId} of {run.Dossier} ran while {tasks[done]} had not succeeded");
            }

            if (run.Cause is null && !run.Repeat)
            {
                if (!succeeded.Add(run.TaskId))
                {
                    doneTwice.Add(run.TaskId);
                }

            }
        }

        var notDone = s.Tasks.Where(t => t.Result != "done" || !succeeded.Contains(t.Id)).Select(t => $"{t.Id} ({t.Result ?? "no result"}{(succeeded.Contains(t.Id) ? string.Empty : ", never succeeded")})").ToList();
        var failures = s.Runs.Where(r => r.Cause is not null).ToList();
        var failedDossiers = failures.Select(f => f.Dossier).ToHashSet(StringComparer.Ordinal);
        var repeats = s.Runs.Count(r => r.Repeat);
        Add(problems, "tasks not done", notDone);
        Add(problems, "tasks run out of their dossier's order", outOfOrder);
        Add(problems, "tasks done twice in the package (not answered by idempotency)", doneTwice);
        Add(problems, "runs of tasks the platform never delivered", unknownRuns);
        Add(problems, "instructions about a dossier without a failed run", [.. s.Instructions.Where(i => !failedDossiers.Contains(i.Dossier)).Select(i => $"#{i.Id} {i.Dossier}")]);

        // Every failure the host heard of is an instruction, open or resolved; a SIGKILL may cut off the record of as
        // many failures as there are workers (the task then simply runs again, and the failure rule, used up, lets it
        // pass). A failure whose answer the fault injection kept from the host ("done but the answer lost", a 503 after
        // the run) was never heard of: the host ran the task again, and it passed.
        var allowedMissing = s.Kills * s.Workers;
        var unheard = failures.Count(r => r.AnswerLost);
        if (s.Instructions.Count < failures.Count - unheard - allowedMissing || s.Instructions.Count > failures.Count)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"failures without an instruction: {failures.Count} failed runs ({unheard} with the answer kept from the host), {s.Instructions.Count} instructions (at most {allowedMissing} may be cut off by the {s.Kills} kill(s))"));
        }

        counts.Add(string.Create(CultureInfo.InvariantCulture,
            $"tasks: {s.Tasks.Count} over {tasksOfDossier.Count} dossiers, {s.Runs.Count} runs, {succeeded.Count} done, {repeats} repeats answered by idempotency, {failures.Count} failed runs, {s.Instructions.Count} instructions ({s.Instructions.Count(i => i.Open)} open)"));
    }

    private static void CheckCaseWare(OfficeSnapshot s, List<string> problems, List<string> counts)
    {
        var problemsBefore = problems.Count;
        foreach (var p in CaseWareDifferences(s.Export, s.Entities, s.Contacts))
        {
            problems.Add(p);
        }

        counts.Add(string.Create(CultureInfo.InvariantCulture, $"CaseWare Cloud: {s.Export.Count} clients with {s.Export.Sum(c => c.Contacts.Count)} contacts exported; {s.Entities.Count} entities, {s.Contacts.Count} contacts held{(problems.Count == problemsBefore ? ", equal" : string.Empty)}"));
    }

    /// <summary>How CaseWare Cloud differs from AuditCase's export; empty when equal.</summary>
    public static IReadOnlyList<string> CaseWareDifferences(IReadOnlyList<CaseWareClient> export, IReadOnlyList<EntityView> entities, IReadOnlyList<ContactView> contacts)
    {
        var problems = new List<string>();
        var byNumber = entities.GroupBy(e => e.Number, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var contactsOf = contacts.GroupBy(c => c.EntityId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var missing = new List<string>();
        var doubled = new List<string>();
        var different = new List<string>();
        foreach (var client in export)
        {
            if (!byNumber.TryGetValue(client.Number, out var found))
            {
                missing.Add(client.Number);
                continue;
            }

            if (found.Count > 1)
            {
                doubled.Add($"{client.Number} ({found.Count}x)");
            }

            var entity = found[0];
            if (entity.Name != client.Name || (entity.Phone ?? string.Empty) != client.Phone)
            {
                different.Add($"{client.Number} (name '{entity.Name}', phone '{entity.Phone}'; the export says '{client.Name}', '{client.Phone}')");
            }

            var held = (contactsOf.GetValueOrDefault(entity.Id) ?? []).GroupBy(c => c.Email, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
            foreach (var (email, mobile) in client.Contacts)
            {
                if (!held.TryGetValue(email, out var c))
                {
                    missing.Add($"{client.Number} contact {email}");
                }
                else if (c.Count > 1)
                {
                    doubled.Add($"{client.Number} contact {email} ({c.Count}x)");
                }
                else if ((c[0].Mobile ?? string.Empty) != mobile)
                {
                    different.Add($"{client.Number} contact {email} (mobile '{c[0].Mobile}'; the export says '{mobile}')");
                }
            }

            foreach (var extra in held.Keys.Where(e => !client.Contacts.ContainsKey(e)))
            {
                different.Add($"{client.Number} contact {extra} (not in the export)");
            }
        }

        var exported = export.Select(c => c.Number).ToHashSet(StringComparer.Ordinal);
        Add(problems, "CaseWare: exported clients or contacts missing", missing);
        Add(problems, "CaseWare: clients or contacts held more than once", doubled);
        Add(problems, "CaseWare: held differently from the export", different);
        Add(problems, "CaseWare: entities not in the export", [.. byNumber.Keys.Where(n => !exported.Contains(n))]);
        return problems;
    }

    private static void CheckCertipost(OfficeSnapshot s, List<string> problems, List<string> counts)
    {
        var optIns = s.OptIns.GroupBy(r => r, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
        var accounts = s.Accounts.ToHashSet(StringComparer.OrdinalIgnoreCase);
        Add(problems, "Certipost: relations never enrolled", [.. s.Relations.Where(r => !accounts.Contains(r))]);
        Add(problems, "Certipost: relations enrolled more than once", [.. s.Relations.Where(r => optIns.GetValueOrDefault(r) > 1).Select(r => $"{r} ({optIns[r]}x)")]);
        Add(problems, "Certipost: accounts of no relation", [.. s.Accounts.Where(a => !s.Relations.Contains(a, StringComparer.OrdinalIgnoreCase))]);
        if (s.Confirmed is { } confirmed)
        {
            var set = confirmed.ToHashSet(StringComparer.OrdinalIgnoreCase);
            Add(problems, "Certipost: relations not confirmed by the daily list", [.. s.Relations.Where(r => !set.Contains(r))]);
        }

        counts.Add(string.Create(CultureInfo.InvariantCulture, $"Certipost: {s.Relations.Count} relations, {s.OptIns.Count} opt-ins taken, {s.Accounts.Count} accounts{(s.Confirmed is null ? string.Empty : $", {s.Confirmed.Count} confirmed")}"));
    }
}
