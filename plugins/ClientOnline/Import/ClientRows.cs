using System.Globalization;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>A client user to create, from the export's row or from the users file (PO-3).</summary>
internal sealed record UserRow(
    string Source,
    int Line,
    string Login,
    string FullName,
    string? Email,
    string? Mobile,
    LoginMethod LoginMethod,
    ApprovalTokenKind? Token,
    IReadOnlyDictionary<string, ApprovalRight> Rights);

/// <summary>One client of the export, mapped onto the portal's template fields.</summary>
internal sealed record ClientRow(
    int Line,
    string Name,
    string? KvkNumber,
    string? HiddenId,
    string? Address,
    string? PostalCode,
    string? City,
    string? Email,
    string? Branch,
    string? Group,
    ApprovalTokenKind? Token)
{
    /// <summary>The key the client is recorded and found by: <c>kvk:12345678</c> or <c>id:4711</c>.</summary>
    public string Key => KvkNumber is not null ? "kvk:" + KvkNumber : "id:" + HiddenId;

    /// <summary>The client's users; the first becomes the superuser.</summary>
    public List<UserRow> Users { get; } = [];
}

/// <summary>A line of the export, checked: a client, or the reason it cannot be imported.</summary>
/// <param name="Line">The line in the file.</param>
/// <param name="Row">The client, when the line reads as one (also when invalid, for the table).</param>
/// <param name="Problems">What is wrong; empty when valid.</param>
internal sealed record CheckedLine(int Line, ClientRow? Row, List<string> Problems)
{
    public bool Valid => Problems.Count == 0;

    /// <summary>What was repaired on the way (a mobile number's lost zero, a <c>mailto:</c> …): shown by the dry run and the import alike.</summary>
    public List<string> Warnings { get; init; } = [];

    public string Reason => string.Join("; ", Problems);
}

/// <summary>
/// Maps an export onto the template fields and checks every line: a name, a KvK number of 8 digits or a hidden id,
/// no number twice in the file, a known token, a mobile number where SMS needs one. Nothing is left out silently:
/// every line comes back, valid or with its reasons.
/// </summary>
internal static class ClientRows
{
    /// <summary>The users file's headings.</summary>
    internal static readonly string[] UserHeadings = ["KvK-nummer", "Hidden id", "Gebruikersnaam", "Naam", "E-mail", "Mobiel", "Inloggen", "Accorderingstoken", "Rechten"];

    /// <summary>Checks the export's headings against the column mapping.</summary>
    /// <exception cref="ImportFileException">A mapped heading is missing; the message lists what the header has.</exception>
    public static Dictionary<TemplateField, int> MapHeadings(ExportTable table, ImportColumns columns)
    {
        var index = new Dictionary<TemplateField, int>();
        var missing = new List<string>();
        foreach (var (field, key, heading) in columns.All())
        {
            if (string.IsNullOrWhiteSpace(heading))
            {
                continue;
            }

            var at = FindHeading(table.Headings, heading);
            if (at < 0)
            {
                missing.Add($"'{heading}' (columns.{key})");
            }
            else
            {
                index[field] = at;
            }
        }

        if (missing.Count > 0)
        {
            var hint = table.Separator is not null && table.Headings.Count == 1 ? WrongDelimiterHint(table)
                : index.Count == 0 ? string.Create(CultureInfo.InvariantCulture, $" No line among the first {HeaderSearch.SearchDepth} holds the expected headings: set 'headerRow:' to the {(table.Sheet is null ? "line" : "row")} of the column headings.")
                : string.Empty;
            throw new ImportFileException(
                $"{table.Where(table.HeaderLine)}: the header misses the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}. "
                + $"The header has: {string.Join(", ", table.Headings.Select(h => "'" + h + "'"))}.{hint} "
                + "Map each template field to the export's heading under 'columns:', or write \"\" for a field the export does not have.");
        }

        return index;
    }

    /// <summary>Reads and checks every line of the export, cleaning what can be cleaned (each repair a warning).</summary>
    public static List<CheckedLine> Check(ExportTable table, ImportColumns columns)
    {
        var index = MapHeadings(table, columns);
        var result = new List<CheckedLine>(table.Lines.Count);
        foreach (var line in table.Lines)
        {
            string? Get(TemplateField field) =>
                index.TryGetValue(field, out var i) && i < line.Cells.Count && line.Cells[i].Length > 0 ? line.Cells[i] : null;

            var fields = new FieldCleaner();
            if (line.Problem is not null)
            {
                fields.Problems.Add(line.Problem);
            }

            var name = fields.Text(Get(TemplateField.Name), "name");
            if (name is null)
            {
                fields.Problems.Add($"no name (column '{columns.Name}')");
            }

            var kvk = fields.Apply(Get(TemplateField.KvkNumber), DutchNumbers.Kvk);
            var hiddenId = Get(TemplateField.HiddenId);
            if (Get(TemplateField.KvkNumber) is null && hiddenId is null)
            {
                fields.Problems.Add("neither a KvK number nor a hidden id: the portal cannot find the client again");
            }

            ApprovalTokenKind? token = null;
            if (Get(TemplateField.Token) is { } rawToken)
            {
                token = ParseToken(rawToken);
                if (token is null)
                {
                    fields.Problems.Add($"token '{rawToken}' is neither Pin nor Sms");
                }
            }

            var email = fields.Apply(Get(TemplateField.Email), raw => EmailAddresses.Normalise(raw, EmailRules.Ascii), "e-mail");
            var row = new ClientRow(line.Line, name ?? string.Empty, kvk, hiddenId, fields.Text(Get(TemplateField.Address), "address"),
                fields.Apply(Get(TemplateField.PostalCode), DutchNumbers.PostalCode), fields.Text(Get(TemplateField.City), "city"), email,
                Get(TemplateField.Branch), Get(TemplateField.Group), token);
            if (Get(TemplateField.UserLogin) is { } login)
            {
                var mobile = fields.Apply(Get(TemplateField.UserMobile), raw => PhoneNumbers.Normalise(raw, PhoneRules.Dutch), "mobile number");
                var userEmail = fields.Apply(Get(TemplateField.UserEmail), raw => EmailAddresses.Normalise(raw, EmailRules.Ascii), "contact person's e-mail");
                row.Users.Add(new UserRow(table.FileName, line.Line, login, fields.Text(Get(TemplateField.UserFullName), "contact person") ?? name ?? login, userEmail, mobile,
                    LoginMethod.Password, null, new Dictionary<string, ApprovalRight>(StringComparer.OrdinalIgnoreCase)));
            }
            else if (Get(TemplateField.UserFullName) is not null || Get(TemplateField.UserMobile) is not null)
            {
                fields.Problems.Add($"a contact person without a login (column '{columns.UserLogin}')");
            }

            result.Add(new CheckedLine(line.Line, row, fields.Problems) { Warnings = fields.Warnings });
        }

        MarkDuplicates(result, r => r.KvkNumber, "KvK number");
        MarkDuplicates(result, r => r.HiddenId, "hidden id");
        return result;
    }

    /// <summary>
    /// Reads the users file and attaches each user to its client among <paramref name="lines"/>; a user whose client is
    /// not in the export, or whose row is wrong, makes that client's line invalid, naming the users file's line.
    /// </summary>
    public static void AttachUsers(ExportTable users, IReadOnlyList<CheckedLine> lines, LoginMethod defaultLogin)
    {
        var at = UserHeadings.ToDictionary(h => h, h => FindHeading(users.Headings, h), StringComparer.Ordinal);
        var missing = new[] { "Gebruikersnaam", "Naam" }.Where(h => at[h] < 0).ToList();
        if (at["KvK-nummer"] < 0 && at["Hidden id"] < 0)
        {
            missing.Add("KvK-nummer or Hidden id");
        }

        if (missing.Count > 0)
        {
            throw new ImportFileException($"{users.FileName}, line 1: the users file misses the column(s) {string.Join(", ", missing.Select(m => "'" + m + "'"))}; its headings are {string.Join(", ", UserHeadings)}.");
        }

        var byKvk = lines.Where(l => l.Row?.KvkNumber is not null).GroupBy(l => l.Row!.KvkNumber!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var byId = lines.Where(l => l.Row?.HiddenId is not null).GroupBy(l => l.Row!.HiddenId!).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var line in users.Lines)
        {
            string? Get(string heading) => at[heading] is var i && i >= 0 && i < line.Cells.Count && line.Cells[i].Length > 0 ? line.Cells[i] : null;
            var kvk = Get("KvK-nummer") is { } k ? Clean(k) : null;
            var id = Get("Hidden id");
            var client = (kvk is not null && byKvk.TryGetValue(kvk, out var c1) ? c1 : null) ?? (id is not null && byId.TryGetValue(id, out var c2) ? c2 : null);
            var where = users.Sheet is null ? string.Create(CultureInfo.InvariantCulture, $"{users.FileName} line {line.Line}") : users.Where(line.Line);
            if (client is null)
            {
                throw new ImportFileException($"{where}: the user's client ({(kvk is not null ? "KvK " + kvk : "hidden id " + id)}) is not in the export; add the client or remove the user.");
            }

            var problems = new List<string>();
            if (line.Problem is not null)
            {
                problems.Add(line.Problem);
            }

            var login = Get("Gebruikersnaam");
            if (login is null)
            {
                problems.Add("no login (Gebruikersnaam)");
            }

            var method = defaultLogin;
            if (Get("Inloggen") is { } rawLogin)
            {
                method = rawLogin.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant() switch
                {
                    "PASSWORD" or "WACHTWOORD" => LoginMethod.Password,
                    "PASSWORDANDSMS" or "WACHTWOORD+SMS" or "SMS" => LoginMethod.PasswordAndSms,
                    _ => Fail(problems, $"login method '{rawLogin}' is neither Password nor PasswordAndSms", defaultLogin),
                };
            }

            ApprovalTokenKind? token = null;
            if (Get("Accorderingstoken") is { } rawToken)
            {
                token = ParseToken(rawToken);
                if (token is null)
                {
                    problems.Add($"token '{rawToken}' is neither Pin nor Sms");
                }
            }

            var rights = new Dictionary<string, ApprovalRight>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in (Get("Rechten") ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
                var right = pair.Length == 2 ? ParseRight(pair[1]) : null;
                if (right is null || pair[0].Length == 0)
                {
                    problems.Add($"right '{part}' is not 'documenttype=Mag' or 'documenttype=Moet'");
                }
                else
                {
                    rights[pair[0]] = right.Value;
                }
            }

            var fields = new FieldCleaner();
            var fullName = fields.Text(Get("Naam"), "name");
            var email = fields.Apply(Get("E-mail"), raw => EmailAddresses.Normalise(raw, EmailRules.Ascii), "e-mail");
            var mobile = fields.Apply(Get("Mobiel"), raw => PhoneNumbers.Normalise(raw, PhoneRules.Dutch), "mobile number");
            problems.AddRange(fields.Problems);
            client.Warnings.AddRange(fields.Warnings.Select(w => $"{where}: {w}"));
            if (problems.Count > 0)
            {
                client.Problems.Add($"{where}: {string.Join("; ", problems)}");
                continue;
            }

            client.Row!.Users.Add(new UserRow(users.FileName, line.Line, login!, fullName ?? login!, email, mobile, method, token, rights));
        }
    }

    /// <summary>Checks the users of each line: unique logins in the files, and a mobile number where SMS needs one.</summary>
    public static void CheckUsers(IReadOnlyList<CheckedLine> lines, Func<ClientRow, ApprovalTokenKind> tokenOf)
    {
        var logins = new Dictionary<string, (CheckedLine Line, UserRow User)>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Where(l => l.Row is not null))
        {
            foreach (var user in line.Row!.Users)
            {
                var where = user.Source + " line " + user.Line.ToString(CultureInfo.InvariantCulture);
                if (logins.TryGetValue(user.Login, out var first))
                {
                    var firstWhere = first.User.Source + " line " + first.User.Line.ToString(CultureInfo.InvariantCulture);
                    line.Problems.Add($"login '{user.Login}' ({where}) is also on {firstWhere}");
                    if (!ReferenceEquals(first.Line, line))
                    {
                        first.Line.Problems.Add($"login '{user.Login}' ({firstWhere}) is also on {where}");
                    }

                    continue;
                }

                logins[user.Login] = (line, user);
                var token = user.Token ?? tokenOf(line.Row);
                if (user.Mobile is null && token == ApprovalTokenKind.Sms)
                {
                    line.Problems.Add($"user '{user.Login}' ({where}) confirms by SMS but has no mobile number");
                }

                if (user.Mobile is null && user.LoginMethod == LoginMethod.PasswordAndSms)
                {
                    line.Problems.Add($"user '{user.Login}' ({where}) logs in with an SMS code but has no mobile number");
                }
            }
        }
    }

    /// <summary>Parses a line selection such as <c>2-50,61</c>.</summary>
    /// <exception cref="FormatException">Not a selection.</exception>
    public static Func<int, bool> ParseSelection(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "*")
        {
            return _ => true;
        }

        var ranges = new List<(int From, int To)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', 2, StringSplitOptions.TrimEntries);
            if (!int.TryParse(bounds[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || (bounds.Length == 2 ? !int.TryParse(bounds[1], NumberStyles.None, CultureInfo.InvariantCulture, out var to) : (to = from) < 0))
            {
                throw new FormatException($"'{part}' is not a line or a range of lines; write for example lines=2-50,61.");
            }

            ranges.Add((from, to));
        }

        return line => ranges.Any(r => line >= r.From && line <= r.To);
    }

    public static ApprovalTokenKind? ParseToken(string text) => text.Trim().ToUpperInvariant() switch
    {
        "PIN" or "PINCODE" or "PIN-CODE" => ApprovalTokenKind.Pin,
        "SMS" or "SMS-CODE" => ApprovalTokenKind.Sms,
        _ => null,
    };

    private static ApprovalRight? ParseRight(string text) => text.Trim().ToUpperInvariant() switch
    {
        "MAG" or "MAG ACCORDEREN" or "MAYAPPROVE" => ApprovalRight.MayApprove,
        "MOET" or "MOET ACCORDEREN" or "MUSTAPPROVE" => ApprovalRight.MustApprove,
        _ => null,
    };

    private static T Fail<T>(List<string> problems, string problem, T fallback)
    {
        problems.Add(problem);
        return fallback;
    }

    private static void MarkDuplicates(List<CheckedLine> lines, Func<ClientRow, string?> number, string what)
    {
        foreach (var group in lines.Where(l => l.Row is not null && number(l.Row) is not null)
                     .GroupBy(l => number(l.Row!)!.ToUpperInvariant())
                     .Where(g => g.Count() > 1))
        {
            var all = string.Join(", ", group.Select(l => l.Line.ToString(CultureInfo.InvariantCulture)));
            foreach (var line in group)
            {
                line.Problems.Add($"{what} {number(line.Row!)} is in the file more than once (lines {all}); keep one");
            }
        }
    }

    private static int FindHeading(IReadOnlyList<string> headings, string heading)
    {
        for (var i = 0; i < headings.Count; i++)
        {
            if (string.Equals(headings[i].Trim(), heading.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static string WrongDelimiterHint(ExportTable table)
    {
        var heading = table.Headings[0];
        foreach (var (c, name) in new[] { (';', "Semicolon"), (',', "Comma"), ('\t', "tab") })
        {
            if (heading.Contains(c, StringComparison.Ordinal))
            {
                return name == "tab"
                    ? " The header reads as one column holding tabs: the file is tab separated; save it as CSV with commas or semicolons."
                    : $" The header reads as one column holding '{c}': the file is separated by '{c}' but was read with '{table.Separator}'; set 'delimiter: {name}' or 'delimiter: Auto'.";
            }
        }

        return string.Empty;
    }

    private static string Clean(string number) => string.Concat(number.Where(ch => !char.IsWhiteSpace(ch) && ch != '.'));
}
