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
internal sealed partial class ClientImportTask : ISyncTask, IAdminCommands, IDisposable
{
    private readonly ClientImportSettings _settings;
    private readonly IComponentContext _context;
    private readonly BeheerClient _portal;
    private readonly ImportRecords _records;
    private readonly ILogger<ClientImportTask> _logger;

    public ClientImportTask(ClientImportSettings settings, IComponentContext context, BeheerClient portal)
    {
        _settings = settings;
        _context = context;
        _portal = portal;
        _records = new ImportRecords(context.State.Records, context.PipelineName);
        _logger = context.LoggerFactory.CreateLogger<ClientImportTask>();
    }

    public IReadOnlyList<AdminCommand> Commands { get; } =
    [
        new("dry-run", "Shows per line of the export whether the client is new, already at the portal, or invalid (with the reason); changes nothing.")
        {
            Parameters =
            [
                new("file", "Another export than the configured one, for example file=exports/clients-2025.xlsx."),
                new("lines", "Only these lines of the export, for example lines=2-50,61 (default: all)."),
            ],
        },
        new("import", "Creates the new clients of the export in their group and branch, with their users, tokens and PIN letters; clients already at the portal are left alone.")
        {
            ChangesState = true,
            Parameters =
            [
                new("file", "Another export than the configured one, for example file=exports/clients-2025.xlsx."),
                new("lines", "Only these lines of the export, for example lines=2-50,61 (default: all)."),
            ],
        },
        new("write-template", "Writes the portal's import template (.xlsx, with the configured column headings) for people who fill it by hand.")
        {
            ChangesState = true,
            Parameters = [new("file", "Where to write it, for example file=templates/clienten-sjabloon.xlsx.") { Required = true }],
        },
        new("users", "Lists the users the import created: client, login, superuser, token and whether the PIN letter is written."),
        new("letters", "Writes the PIN letters still due (after an interrupted import); with login=..., gives that user a new PIN and letter.")
        {
            ChangesState = true,
            Parameters = [new("login", "A user's login: a new PIN, set at the portal, and a new letter, for example login=jansen.")],
        },
    ];

    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await ImportAsync(null, null, dryRun: false, cancellationToken).ConfigureAwait(false);
            LogRun(report.Summary);
            var invalid = report.Rows.Where(r => r.Mark == RowMark.Error).ToList();
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

    public async Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            switch (request.Command)
            {
                case "dry-run":
                case "import":
                    var report = await ImportAsync(request.Argument("file"), request.Argument("lines"), request.Command == "dry-run", cancellationToken).ConfigureAwait(false);
                    return AdminCommandResult.Success(report.Summary, report.Table());
                case "write-template":
                    var file = request.Argument("file");
                    if (file is null)
                    {
                        return AdminCommandResult.Failure("write-template needs --arg file=<path>.xlsx");
                    }

                    var written = TemplateWorkbook.Write(CommandPaths.Confine(file), _settings.Columns);
                    return AdminCommandResult.Success($"Wrote the import template to {written}");
                case "users":
                    return await UsersAsync(cancellationToken).ConfigureAwait(false);
                case "letters":
                    return await LettersAsync(request.Argument("login"), cancellationToken).ConfigureAwait(false);
                default:
                    return AdminCommandResult.Failure($"Unknown command '{request.Command}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))}.");
            }
        }
        catch (Exception ex) when (ex is ImportFileException or FormatException or TransientFailureException or TargetAuthenticationException or PortalRefusedException)
        {
            return AdminCommandResult.Failure(ex.Message);
        }
    }

    public void Dispose() => _portal.Dispose();

    /// <summary>The dry run or the real run over one export.</summary>
    internal async Task<ImportReport> ImportAsync(string? fileArgument, string? linesArgument, bool dryRun, CancellationToken cancellationToken)
    {
        var path = fileArgument is null ? _context.ResolvePath(_settings.File) : CommandPaths.Confine(fileArgument);
        var selected = ClientRows.ParseSelection(linesArgument);
        var table = ExportTable.Read(path, _settings.Delimiter, _settings.Sheet, new HeaderSearch(_settings.HeaderRow, _settings.Columns.Headings()));
        var lines = ClientRows.Check(table, _settings.Columns);
        if (!string.IsNullOrWhiteSpace(_settings.UsersFile))
        {
            var users = ExportTable.Read(_context.ResolvePath(_settings.UsersFile), _settings.Delimiter, null, new HeaderSearch(null, ClientRows.UserHeadings));
            ClientRows.AttachUsers(users, lines, _settings.Login);
        }

        ClientRows.CheckUsers(lines, TokenOf);

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
            if (GroupOf(line.Row!) is { } group && !groups.Contains(group))
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
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = line.Row;
            if (!line.Valid)
            {
                report.Add(line.Line, row, "Invalid", line.Reason, RowMark.Error);
                continue;
            }

            var notes = Notes(line);

            if (!selected(line.Line))
            {
                report.Add(line.Line, row, "Not selected", "outside --arg lines", RowMark.None);
                continue;
            }

            var card = row!.KvkNumber is { } kvk ? byKvk.GetValueOrDefault(kvk) : byId.GetValueOrDefault(row.HiddenId!);
            var record = await _records.GetAsync(row.Key, cancellationToken).ConfigureAwait(false);
            if (card is not null && (record is null || record.Stage == "done"))
            {
                report.Add(line.Line, row, "Already present", $"hidden id {card.HiddenId}", RowMark.None);
                continue;
            }

            var mark = line.Warnings.Count > 0 ? RowMark.Warning : RowMark.None;
            if (dryRun)
            {
                report.Add(line.Line, row, card is null ? "New" : "Resume", (card is null
                    ? $"{row.Users.Count} user(s)"
                    : $"an earlier import stopped at '{record!.Stage}'; the import finishes it") + notes, mark, GroupOf(row));
                continue;
            }

            try
            {
                var users = await CreateAsync(row, card, record, template!, cancellationToken).ConfigureAwait(false);
                report.Add(line.Line, row, card is null ? "Created" : "Completed", $"{users} user(s){notes}", mark, GroupOf(row));
                if (line.Warnings.Count > 0)
                {
                    LogRepaired(line.Line, row.Name, string.Join("; ", line.Warnings));
                }
            }
            catch (PortalRefusedException ex)
            {
                report.Add(line.Line, row, "Refused", ex.Message, RowMark.Error);
            }
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

    /// <summary>Creates (or finishes) one client with its users; returns the number of users.</summary>
    private async Task<int> CreateAsync(ClientRow row, ClientInfo? card, ClientRecord? record, Scriban.Template? template, CancellationToken cancellationToken)
    {
        // A client the portal does not have starts afresh, also when an earlier record says otherwise (a portal reset).
        record = card is null || record is null ? new ClientRecord() : record;
        record.Line = row.Line;
        record.Name = row.Name;
        record.KvkNumber = row.KvkNumber;
        record.Address = row.Address;
        record.PostalCode = row.PostalCode;
        record.City = row.City;
        record.Group = GroupOf(row);
        record.Branch = row.Branch;
        if (card is null)
        {
            record.Stage = "creating";
            await _records.PutAsync(row.Key, record, cancellationToken).ConfigureAwait(false);
            var created = await _portal.CreateClientAsync(
                new ClientInfo
                {
                    Name = row.Name,
                    KvkNumber = row.KvkNumber,
                    HiddenId = row.HiddenId ?? string.Empty,
                    Address = row.Address,
                    PostalCode = row.PostalCode,
                    City = row.City,
                    Email = row.Email,
                    Branch = row.Branch,
                },
                record.Group,
                cancellationToken).ConfigureAwait(false);
            card = created.Client;
            LogClientCreated(row.Line, row.Name, card.HiddenId, created.AlreadyExisted);
        }

        record.HiddenId = card.HiddenId;
        if (row.Users.Count > 0)
        {
            record.Stage = "client-created";
            await _records.PutAsync(row.Key, record, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < row.Users.Count; i++)
        {
            var user = row.Users[i];
            var ur = record.Users.FirstOrDefault(u => string.Equals(u.Login, user.Login, StringComparison.OrdinalIgnoreCase));
            if (ur is null)
            {
                ur = new UserRecord { Login = user.Login, FullName = user.FullName, Superuser = i == 0, Token = user.Token ?? TokenOf(row) };
                record.Users.Add(ur);
            }

            await CreateUserAsync(row.Key, record, ur, user, template!, cancellationToken).ConfigureAwait(false);
        }

        record.Stage = "done";
        await _records.PutAsync(row.Key, record, cancellationToken).ConfigureAwait(false);
        return row.Users.Count;
    }

    private async Task CreateUserAsync(string key, ClientRecord record, UserRecord ur, UserRow user, Scriban.Template template, CancellationToken cancellationToken)
    {
        if (ur.Stage == "new")
        {
            await _portal.CreateUserAsync(
                new UserInfo
                {
                    Login = user.Login,
                    ClientHiddenId = record.HiddenId!,
                    FullName = user.FullName,
                    Email = user.Email,
                    Mobile = user.Mobile,
                    Superuser = ur.Superuser,
                    LoginMethod = user.LoginMethod,
                },
                cancellationToken).ConfigureAwait(false);
            var rights = new Dictionary<string, ApprovalRight>(StringComparer.OrdinalIgnoreCase);
            if (ur.Superuser)
            {
                foreach (var type in _settings.DocumentTypes)
                {
                    rights[type] = ApprovalRight.MayApprove;
                }
            }

            foreach (var (type, right) in user.Rights)
            {
                rights[type] = right;
            }

            foreach (var (type, right) in rights)
            {
                await _portal.SetDocumentTypeRightAsync(user.Login, type, right, cancellationToken).ConfigureAwait(false);
            }

            ur.Stage = "created";
            await _records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);
        }

        await SetTokenAndLetterAsync(key, record, ur, template, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the user's token at the portal and, for a PIN, writes the letter. A PIN lives only in memory and in its
    /// letter, never in the state store (SEC-5): the letter is written and the PIN's hash recorded first, then the
    /// PIN is set at the portal. A crash before the portal has it leaves the user at "letter-written", and the next
    /// run makes a new PIN and writes the letter again, so the letter and the portal always agree.
    /// </summary>
    private async Task SetTokenAndLetterAsync(string key, ClientRecord record, UserRecord ur, Scriban.Template template, CancellationToken cancellationToken)
    {
        if (ur.Stage is not ("created" or "letter-written" or "token-set"))
        {
            return;
        }

        if (ur.Token != ApprovalTokenKind.Pin)
        {
            await _portal.SetApprovalTokenAsync(ur.Login, ur.Token, null, cancellationToken).ConfigureAwait(false);
            ur.Stage = "done";
            await _records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);
            return;
        }

        var pin = PinLetters.NewPin(_settings.PinLength);
        ur.Letter = PinLetters.Write(template, LettersFolder, new LetterModel(
            record.Name, record.HiddenId!, record.KvkNumber, record.Address, record.PostalCode, record.City, ur.FullName, ur.Login, pin,
            _context.Clock.GetLocalNow().ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"))));
        ur.PinHash = PinLetters.Hash(pin);
        ur.Pin = null; // a plain PIN left by an earlier version goes with this write
        ur.Stage = "letter-written";
        await _records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);

        await _portal.SetApprovalTokenAsync(ur.Login, ur.Token, pin, cancellationToken).ConfigureAwait(false);
        ur.Stage = "done";
        await _records.PutAsync(key, record, cancellationToken).ConfigureAwait(false);
        LogLetterWritten(ur.Login, ur.Letter);
    }

    private async Task<AdminCommandResult> UsersAsync(CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        foreach (var (_, record) in await _records.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var u in record.Users)
            {
                var letter = u.Token != ApprovalTokenKind.Pin ? "-" : u.Stage == "done" && u.Letter is not null ? u.Letter : "due";
                rows.Add(new ResultRow([
                    record.Line.ToString(CultureInfo.InvariantCulture), record.Name, record.HiddenId ?? "", u.Login, u.FullName,
                    u.Superuser ? "yes" : "no", u.Token.ToString(), u.Stage, letter])
                {
                    Mark = u.Stage == "done" ? RowMark.None : RowMark.Warning,
                });
            }
        }

        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{rows.Count} user(s), {rows.Count(r => r.Mark == RowMark.Warning)} not finished"),
            new ResultTable("Users created by the import", ["Line", "Client", "Hidden id", "Login", "Name", "Superuser", "Token", "Stage", "Letter"], rows)
            {
                EmptyText = "The import has created no users yet.",
            });
    }

    private async Task<AdminCommandResult> LettersAsync(string? login, CancellationToken cancellationToken)
    {
        var template = PinLetters.LoadTemplate(_context.ResolvePath(_settings.LetterTemplate));
        var written = new List<ResultRow>();
        var reissued = false;
        foreach (var (key, record) in await _records.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var u in record.Users.Where(u => u.Token == ApprovalTokenKind.Pin))
            {
                if (login is not null && string.Equals(u.Login, login, StringComparison.OrdinalIgnoreCase))
                {
                    u.Pin = PinLetters.NewPinOtherThan(_settings.PinLength, u.PinHash);
                    u.PinHash = null;
                    u.Stage = "created";
                    reissued = true;
                }
                else if (u.Stage is not ("created" or "letter-written" or "token-set"))
                {
                    continue;
                }

                await SetTokenAndLetterAsync(key, record, u, template, cancellationToken).ConfigureAwait(false);
                written.Add(new ResultRow([record.Name, u.Login, u.FullName, u.Letter ?? ""]));
            }
        }

        if (login is not null && !reissued)
        {
            return AdminCommandResult.Failure($"The import created no PIN user '{login}'; see the users command.");
        }

        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{written.Count} letter(s) written to {LettersFolder}"),
            new ResultTable("Letters written", ["Client", "Login", "Name", "Letter"], written) { EmptyText = "No letters were due." });
    }

    /// <summary>Where the commands' file names may point (SEC-2): the export's folder first, the users file's, the data folder.</summary>
    private CommandPaths CommandPaths => new([
        Path.GetDirectoryName(_context.ResolvePath(_settings.File))!,
        .. string.IsNullOrWhiteSpace(_settings.UsersFile) ? Array.Empty<string>() : [Path.GetDirectoryName(_context.ResolvePath(_settings.UsersFile))!],
        _context.DataFolder]);

    private string LettersFolder => string.IsNullOrWhiteSpace(_settings.LettersFolder)
        ? Path.Combine(_context.DataFolder, "letters")
        : _context.ResolvePath(_settings.LettersFolder);

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

    private string? GroupOf(ClientRow row) => row.Group ?? (string.IsNullOrWhiteSpace(_settings.Group) ? null : _settings.Group);

    private ApprovalTokenKind TokenOf(ClientRow row) =>
        row.Token
        ?? _settings.Groups.FirstOrDefault(g => string.Equals(g.Name, GroupOf(row), StringComparison.OrdinalIgnoreCase))?.Token
        ?? _settings.Token;

    [LoggerMessage(Level = LogLevel.Information, Message = "Import: {Summary}")]
    private partial void LogRun(string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import line {Line}: client {Name} created at the portal as hidden id {HiddenId} (already there: {AlreadyExisted})")]
    private partial void LogClientCreated(int line, string name, string hiddenId, bool alreadyExisted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import line {Line}: client {Name} created with repaired values: {Repairs}. Correct them in the office's package so the next export is clean")]
    private partial void LogRepaired(int line, string name, string repairs);

    [LoggerMessage(Level = LogLevel.Information, Message = "PIN letter for user {Login} written to {Letter}")]
    private partial void LogLetterWritten(string login, string letter);
}

/// <summary>The outcome of a dry run or an import, line by line.</summary>
internal sealed class ImportReport(string file, bool dryRun)
{
    private static readonly string[] Columns = ["Line", "KvK", "Hidden id", "Name", "Group", "Branch", "Status", "Reason"];

    public string File { get; } = file;

    public bool DryRun { get; } = dryRun;

    /// <summary>The worksheet read, or null for a CSV file.</summary>
    public string? Sheet { get; init; }

    /// <summary>Hidden worksheets passed over.</summary>
    public IReadOnlyList<string> SkippedHiddenSheets { get; init; } = [];

    /// <summary>The file and sheet: <c>clients.xlsx, sheet 'Klanten'</c>.</summary>
    public string Source => Path.GetFileName(File) + (Sheet is null ? string.Empty : $", sheet '{Sheet}'")
        + (SkippedHiddenSheets.Count == 0 ? string.Empty : $" (hidden sheet{(SkippedHiddenSheets.Count > 1 ? "s" : "")} {string.Join(", ", SkippedHiddenSheets.Select(s => "'" + s + "'"))} skipped)");

    public List<ReportRow> Rows { get; } = [];

    public int Count(string status) => Rows.Count(r => r.Status == status);

    public string Summary
    {
        get
        {
            var counts = Rows.GroupBy(r => r.Status).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.ToLowerInvariant()}"));
            var repaired = Rows.Count(r => r.Mark == RowMark.Warning);
            return (DryRun ? "Dry run of " : "Import of ") + Source + ": " + (Rows.Count == 0 ? "no lines" : string.Join(", ", counts))
                + (repaired == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {repaired} with repaired values (see Reason)"));
        }
    }

    public void Add(int line, ClientRow? row, string status, string reason, RowMark mark, string? group = null) =>
        Rows.Add(new ReportRow(line, row?.KvkNumber, row?.HiddenId, row?.Name, group ?? row?.Group, row?.Branch, status, reason, mark));

    public ResultTable Table() => new(
        (DryRun ? "Dry run: " : "Import: ") + Source,
        Columns,
        [.. Rows.Select(r => new ResultRow([
            r.Line.ToString(CultureInfo.InvariantCulture), r.Kvk ?? "", r.HiddenId ?? "", r.Name ?? "", r.Group ?? "", r.Branch ?? "", r.Status, r.Reason])
        {
            Mark = r.Mark,
        })])
    {
        EmptyText = "The export has no lines below its header.",
    };
}

/// <summary>One line of an <see cref="ImportReport"/>.</summary>
internal sealed record ReportRow(int Line, string? Kvk, string? HiddenId, string? Name, string? Group, string? Branch, string Status, string Reason, RowMark Mark);
