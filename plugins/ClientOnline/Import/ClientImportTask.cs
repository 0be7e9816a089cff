using System.Globalization;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// <c>clientonline.import</c>: sets the portal up from the office's export (PO-1..PO-7). Reads the CSV or Excel
/// export, maps it onto the portal's template fields, shows per line what would happen (dry run), and creates only
/// the new clients, in their group and branch, with their users (the first one the superuser), approval tokens and
/// PIN letters. Every step is recorded per client in the state store before and after it is done, and every client
/// is looked up at the portal before it is created, so the import can run again, or after a crash, without creating
/// anything twice. Scheduled like any sync task, usually run by hand through its commands.
/// </summary>
internal sealed class ClientImportTask : ISyncTask, IAdminCommands, IDisposable
{
    /// <summary>How many clients' "creating" records one transaction writes.</summary>
    internal const int CreatingBatch = 500;

    private readonly ClientImportSettings _settings;
    private readonly IComponentContext _context;
    private readonly BeheerClient _portal;
    private readonly ImportRecords _records;
    private readonly ILogger<ClientImportTask> _logger;
    private readonly ImportDefaults _defaults;
    private readonly ClientOnboarding _onboarding;
    private readonly ClientImportCommands _commands;
    private CleanImport? _clean;

    public ClientImportTask(ClientImportSettings settings, IComponentContext context, BeheerClient portal)
    {
        _settings = settings;
        _context = context;
        _portal = portal;
        _records = new ImportRecords(context.State.Records, context.PipelineName);
        _logger = context.LoggerFactory.CreateLogger<ClientImportTask>();
        _defaults = new ImportDefaults(settings, context);
        var pins = new PinHashes(_defaults.PinKeyFile);
        _onboarding = new ClientOnboarding(settings, context, portal, _records, _defaults, pins, _logger);
        _commands = new ClientImportCommands(settings, context, _records, _defaults, pins, _onboarding, ImportAsync);
    }

    public IReadOnlyList<AdminCommand> Commands => _commands.Commands;

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await ImportVersion.OfAsync(ScheduledFiles(), cancellationToken).ConfigureAwait(false);
            if (version is not null && _clean?.Version == version)
            {
                var unchanged = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(_settings.File)} is unchanged since the import of {_clean.At:yyyy-MM-dd HH:mm:ss} UTC, which left nothing to do; not read again (the 'import' command reads it anyway). That import: {_clean.Summary}");
                _logger.LogRun(unchanged);
                return SyncResult.Success(unchanged);
            }

            _clean = null;
            var report = await ImportAsync(null, null, dryRun: false, cancellationToken).ConfigureAwait(false);
            _logger.LogRun(report.Summary);
            var invalid = report.Rows.Where(r => r.Mark == RowMark.Error).ToList();
            if (invalid.Count == 0 && version is not null)
            {
                _clean = new CleanImport(version, _context.Clock.GetUtcNow(), report.Summary);
            }

            return invalid.Count == 0
                ? SyncResult.Success(report.Summary)
                : SyncResult.NeedsPerson(new Instruction(
                    _context.PipelineName,
                    InstructionSeverity.Orange,
                    $"{report.Summary}. Correct these {(report.Sheet is null ? "lines" : "rows")} of {report.Source} and run the import again: "
                        + string.Join("; ", invalid.Take(20).Select(r => $"{(report.Sheet is null ? "line" : "row")} {r.Line}: {r.Reason}")) + (invalid.Count > 20 ? $"; and {invalid.Count - 20} more (see the dry-run command)" : ""),
                    "clientonline-import-invalid-rows"));
        }
        catch (ImportFileException ex)
        {
            return SyncResult.NeedsPerson(new Instruction(_context.PipelineName, InstructionSeverity.Orange, ex.Message, "clientonline-import-file"));
        }
        catch (TransientFailureException ex)
        {
            return SyncResult.Transient(ex.Message);
        }
    }

    /// <summary>The files a scheduled run reads: the export and, when set, the users file.</summary>
    private IEnumerable<(string Name, string Path)> ScheduledFiles()
    {
        yield return (Path.GetFileName(_settings.File), _context.ResolvePath(_settings.File));
        if (!string.IsNullOrWhiteSpace(_settings.UsersFile))
        {
            yield return (Path.GetFileName(_settings.UsersFile), _context.ResolvePath(_settings.UsersFile));
        }
    }

    public Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken) => ((IAdminCommands)_commands).RunAsync(request, cancellationToken);

    public void Dispose() => _portal.Dispose();

    /// <summary>The dry run or the real run over one export.</summary>
    internal async Task<ImportReport> ImportAsync(string? fileArgument, string? linesArgument, bool dryRun, CancellationToken cancellationToken)
    {
        var path = fileArgument is null ? _context.ResolvePath(_settings.File) : _defaults.CommandPaths.Confine(fileArgument);
        var selected = ClientRows.ParseSelection(linesArgument);
        var table = ExportTable.Read(path, _settings.Delimiter, _settings.Sheet, new HeaderSearch(_settings.HeaderRow, _settings.Columns.Headings()), _settings.Limits);
        var lines = ClientRows.Check(table, _settings.Columns);
        if (!string.IsNullOrWhiteSpace(_settings.UsersFile))
        {
            var users = ExportTable.Read(_context.ResolvePath(_settings.UsersFile), _settings.Delimiter, null, new HeaderSearch(null, ClientRows.UserHeadings), _settings.Limits);
            ClientRows.AttachUsers(users, lines, _settings.Login);
        }

        ClientRows.CheckUsers(lines, _defaults.TokenOf);

        // What the portal knows: groups and branches (those in the settings are created by a real run), and the clients.
        if (!dryRun)
        {
            await EnsureGroupsAndBranchesAsync(cancellationToken).ConfigureAwait(false);
        }

        var groups = (await _portal.ListGroupsAsync(cancellationToken).ConfigureAwait(false)).Select(g => g.Name)
            .Concat(_settings.Groups.Select(g => g.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var branches = (await _portal.ListBranchesAsync(cancellationToken).ConfigureAwait(false))
            .Concat(_settings.Branches).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Where(l => l.Row is not null))
        {
            if (_defaults.GroupOf(line.Row!) is { } group && !groups.Contains(group))
            {
                line.Problems.Add($"client group '{group}' does not exist at the portal; add it under 'groups:' or correct the group");
            }

            if (line.Row!.Branch is { } branch && !branches.Contains(branch))
            {
                line.Problems.Add($"branch (vestiging) '{branch}' does not exist at the portal; add it under 'branches:' or correct the branch");
            }
        }

        var candidates = lines.Where(l => l.Valid && selected(l.Line)).Select(l => l.Row!).ToList();
        var found = await _portal.FindClientsAsync(
            [.. candidates.Where(r => r.KvkNumber is not null).Select(r => r.KvkNumber!)],
            [.. candidates.Where(r => r.KvkNumber is null).Select(r => r.HiddenId!)],
            cancellationToken).ConfigureAwait(false);
        var byKvk = found.Where(c => c.KvkNumber is not null).GroupBy(c => c.KvkNumber!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byId = found.GroupBy(c => c.HiddenId).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        var report = new ImportReport(path, dryRun) { Sheet = table.Sheet, SkippedHiddenSheets = table.SkippedHiddenSheets };
        var template = !dryRun && candidates.Any(r => r.Users.Count > 0) ? PinLetters.LoadTemplate(_context.ResolvePath(_settings.LetterTemplate)) : null;

        // Every client's record in one read, not one per line.
        var records = (await _records.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Key, r => r.Record, StringComparer.Ordinal);

        // The report keeps the lines' order; the clients to create run side by side, up to maxInFlight (OF-1), each
        // client's chain of calls in order.
        var rows = new Action<ImportReport>?[lines.Count];
        var work = new List<(int Index, CheckedLine Line, ClientInfo? Card, ClientRecord? Record, string Notes)>();
        for (var index = 0; index < lines.Count; index++)
        {
            var line = lines[index];
            var row = line.Row;
            if (!line.Valid)
            {
                rows[index] = r => r.Add(line.Line, row, "Invalid", line.Reason, RowMark.Error);
                continue;
            }

            var notes = Notes(line);

            if (!selected(line.Line))
            {
                rows[index] = r => r.Add(line.Line, row, "Not selected", "outside --arg lines", RowMark.None);
                continue;
            }

            var card = row!.KvkNumber is { } kvk ? byKvk.GetValueOrDefault(kvk) : byId.GetValueOrDefault(row.HiddenId!);
            var record = records.GetValueOrDefault(row.Key);
            if (card is not null && (record is null || record.Stage == "done"))
            {
                rows[index] = r => r.Add(line.Line, row, "Already present", $"hidden id {card.HiddenId}", RowMark.None);
                continue;
            }

            var mark = line.Warnings.Count > 0 ? RowMark.Warning : RowMark.None;
            if (dryRun)
            {
                rows[index] = r => r.Add(line.Line, row, card is null ? "New" : "Resume", (card is null
                    ? $"{row.Users.Count} user(s)"
                    : $"an earlier import stopped at '{record!.Stage}'; the import finishes it") + notes, mark, _defaults.GroupOf(row));
                continue;
            }

            work.Add((index, line, card, record, notes));
        }

        // The "creating" records of the clients the portal does not have, a batch at a time in one transaction each,
        // instead of one transaction per client (OF-2): each is written before its client is created (PO-3), and one
        // for a client that a crash kept from being created is harmless (the portal does not have it: created afresh).
        var creating = new HashSet<int>();
        var fresh = new List<(string Key, ClientRecord Record)>();
        for (var k = 0; k < work.Count; k++)
        {
            if (work[k].Card is null)
            {
                var record = _onboarding.Creating(work[k].Line.Row!);
                work[k] = work[k] with { Record = record };
                creating.Add(work[k].Index);
                fresh.Add((work[k].Line.Row!.Key, record));
                if (fresh.Count == CreatingBatch)
                {
                    await _records.PutManyAsync(fresh, cancellationToken).ConfigureAwait(false);
                    fresh.Clear();
                }
            }
        }

        if (fresh.Count > 0)
        {
            await _records.PutManyAsync(fresh, cancellationToken).ConfigureAwait(false);
        }

        TransientFailureException? interrupted = null;
        try
        {
            await Parallel.ForEachAsync(
                work,
                new ParallelOptions { MaxDegreeOfParallelism = _context.MaxInFlight, CancellationToken = cancellationToken },
                async (item, token) =>
                {
                    var (index, line, card, record, notes) = item;
                    var row = line.Row!;
                    var mark = line.Warnings.Count > 0 ? RowMark.Warning : RowMark.None;
                    try
                    {
                        var users = await _onboarding.CreateAsync(row, card, record, template!, token, creatingWritten: creating.Contains(index)).ConfigureAwait(false);
                        rows[index] = r => r.Add(line.Line, row, card is null ? "Created" : "Completed", $"{users} user(s){notes}", mark, _defaults.GroupOf(row));
                        if (line.Warnings.Count > 0)
                        {
                            _logger.LogRepaired(line.Line, row.Name, string.Join("; ", line.Warnings));
                        }
                    }
                    catch (PortalRefusedException ex)
                    {
                        rows[index] = r => r.Add(line.Line, row, "Refused", ex.Message, RowMark.Error);
                    }
                    catch (TransientFailureException ex)
                    {
                        // The portal failed this client's chain: its record says where it stopped, the next run
                        // finishes it; the other clients go on.
                        Interlocked.CompareExchange(ref interrupted, ex, null);
                    }
                }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var add in rows)
            {
                add?.Invoke(report);
            }
        }

        if (interrupted is not null)
        {
            throw interrupted;
        }

        return report;
    }

    private async Task EnsureGroupsAndBranchesAsync(CancellationToken cancellationToken)
    {
        foreach (var group in _settings.Groups)
        {
            await _portal.SaveGroupAsync(new GroupInfo { Name = group.Name, Rights = [.. group.Rights] }, cancellationToken).ConfigureAwait(false);
        }

        var branches = await _portal.ListBranchesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var branch in _settings.Branches.Where(b => !branches.Contains(b, StringComparer.OrdinalIgnoreCase)))
        {
            await _portal.AddBranchAsync(branch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What the report says besides the status: the default group from the YAML where it applies (PO-9), and every
    /// repair made to the line's values (PO-10, CP-9), so the dry run shows what the import will send.
    /// </summary>
    private string Notes(CheckedLine line)
    {
        var notes = new List<string>();
        if (line.Row!.Group is null && !string.IsNullOrWhiteSpace(_settings.Group))
        {
            notes.Add(string.IsNullOrWhiteSpace(_settings.Columns.Group)
                ? $"group '{_settings.Group}' from the setting 'group'"
                : $"group '{_settings.Group}' from the setting 'group': the '{_settings.Columns.Group}' cell is empty");
        }

        if (line.Warnings.Count > 0)
        {
            notes.Add("repaired: " + string.Join("; ", line.Warnings));
        }

        return notes.Count == 0 ? string.Empty : "; " + string.Join("; ", notes);
    }
}
