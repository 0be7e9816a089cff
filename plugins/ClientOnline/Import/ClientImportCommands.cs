using System.Globalization;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// The admin commands of <c>clientonline.import</c>: the dry run and the import over an export, the import
/// template, the users the import created and their PIN letters. <c>import</c> is the task's dry run or real run
/// over one export (file argument, lines argument, dry run).
/// </summary>
internal sealed class ClientImportCommands(
    ClientImportSettings settings,
    IComponentContext context,
    ImportRecords records,
    ImportDefaults defaults,
    PinHashes pins,
    ClientOnboarding onboarding,
    Func<string?, string?, bool, CancellationToken, Task<ImportReport>> import) : IAdminCommands
{
    /// <summary>
    /// The commands with their handlers; the factory lists them so <c>connectorhost plugins</c> and the reference docs
    /// show them, the task offers them bound to its instance.
    /// </summary>
    public static AdminCommandCollection<ClientImportCommands> All { get; } = new()
    {
        {
            new("dry-run", "Shows per line of the export whether the client is new, already at the portal, or invalid (with the reason); changes nothing.")
            {
                Parameters =
                [
                    new("file", "Another export than the configured one, for example file=exports/clients-2025.xlsx."),
                    new("lines", "Only these lines of the export, for example lines=2-50,61 (default: all)."),
                ],
            },
            c => Refusing(c.DryRunAsync)
        },
        {
            new("import", "Creates the new clients of the export in their group and branch, with their users, tokens and PIN letters; clients already at the portal are left alone.")
            {
                ChangesState = true,
                Parameters =
                [
                    new("file", "Another export than the configured one, for example file=exports/clients-2025.xlsx."),
                    new("lines", "Only these lines of the export, for example lines=2-50,61 (default: all)."),
                ],
            },
            c => Refusing(c.ImportAsync)
        },
        {
            new("write-template", "Writes the portal's import template (.xlsx, with the configured column headings) for people who fill it by hand.")
            {
                ChangesState = true,
                Parameters = [new("file", "Where to write it, for example file=templates/clienten-sjabloon.xlsx.") { Required = true }],
            },
            c => Refusing(c.WriteTemplateAsync)
        },
        {
            new("users", "Lists the users the import created: client, login, superuser, token and whether the PIN letter is written."),
            c => Refusing(c.UsersAsync)
        },
        {
            new("letters", "Writes the PIN letters still due (after an interrupted import); with login=..., gives that user a new PIN and letter.")
            {
                ChangesState = true,
                Parameters = [new("login", "A user's login: a new PIN, set at the portal, and a new letter, for example login=jansen.")],
            },
            c => Refusing(c.LettersAsync)
        },
    };

    /// <inheritdoc />
    public IReadOnlyList<AdminCommand> Commands => All.BindTo(this);

    /// <summary>Turns the faults an admin can act on (a bad export, the portal refusing or away) into a failed result with the reason.</summary>
    private static AdminCommandHandler Refusing(AdminCommandHandler handler) => async (request, cancellationToken) =>
    {
        try
        {
            return await handler(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ImportFileException or FormatException or TransientFailureException or TargetAuthenticationException or PortalRefusedException)
        {
            return AdminCommandResult.Failure(ex.Message);
        }
    };

    private Task<AdminCommandResult> DryRunAsync(AdminCommandRequest request, CancellationToken cancellationToken) => ImportAsync(request, dryRun: true, cancellationToken);

    private Task<AdminCommandResult> ImportAsync(AdminCommandRequest request, CancellationToken cancellationToken) => ImportAsync(request, dryRun: false, cancellationToken);

    private async Task<AdminCommandResult> ImportAsync(AdminCommandRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        var report = await import(request.Argument("file"), request.Argument("lines"), dryRun, cancellationToken).ConfigureAwait(false);
        return AdminCommandResult.Success(report.Summary, report.Table());
    }

    private Task<AdminCommandResult> WriteTemplateAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var file = request.Argument("file");
        if (file is null)
        {
            return Task.FromResult(AdminCommandResult.Failure("write-template needs --arg file=<path>.xlsx"));
        }

        var written = TemplateWorkbook.Write(defaults.CommandPaths.Confine(file), settings.Columns);
        return Task.FromResult(AdminCommandResult.Success($"Wrote the import template to {written}"));
    }

    private async Task<AdminCommandResult> UsersAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var rows = new List<ResultRow>();
        foreach (var (_, record) in await records.ListAsync(cancellationToken).ConfigureAwait(false))
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

    private async Task<AdminCommandResult> LettersAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var login = request.Argument("login");
        var template = PinLetters.LoadTemplate(context.ResolvePath(settings.LetterTemplate));
        var written = new List<ResultRow>();
        var reissued = false;
        foreach (var (key, record) in await records.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var u in record.Users.Where(u => u.Token == ApprovalTokenKind.Pin))
            {
                if (login is not null && string.Equals(u.Login, login, StringComparison.OrdinalIgnoreCase))
                {
                    u.Pin = pins.NewPinOtherThan(settings.PinLength, u.PinHash);
                    u.PinHash = null;
                    u.Stage = "created";
                    reissued = true;
                }
                else if (u.Stage is not ("created" or "letter-written" or "token-set"))
                {
                    continue;
                }

                await onboarding.SetTokenAndLetterAsync(key, record, u, template, cancellationToken).ConfigureAwait(false);
                written.Add(new ResultRow([record.Name, u.Login, u.FullName, u.Letter ?? ""]));
            }
        }

        if (login is not null && !reissued)
        {
            return AdminCommandResult.Failure($"The import created no PIN user '{login}'; see the users command.");
        }

        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{written.Count} letter(s) written to {defaults.LettersFolder}"),
            new ResultTable("Letters written", ["Client", "Login", "Name", "Letter"], written) { EmptyText = "No letters were due." });
    }
}
