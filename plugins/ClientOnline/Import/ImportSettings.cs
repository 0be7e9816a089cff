using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>How the values of a CSV export are separated.</summary>
public enum CsvDelimiter
{
    /// <summary>Taken from the header line: the one of comma, semicolon and tab it holds most.</summary>
    Auto,

    /// <summary>Comma separated (Excel's "CSV (comma delimited)").</summary>
    Comma,

    /// <summary>Semicolon separated (Excel's CSV in Dutch regional settings).</summary>
    Semicolon,
}

/// <summary>Settings of <c>clientonline.import</c> (PO-1..PO-7).</summary>
public sealed class ClientImportSettings : IValidatableObject
{
    /// <summary>The administration service's address.</summary>
    [Description("The ClientOnline administration (Beheer) SOAP service. https uses TLS; http is only for a local sandbox.")]
    [Example("http://127.0.0.1:5180/soap/2010/beheer")]
    public Uri Endpoint { get; set; } = new(BeheerNamespace.DefaultEndpoint);

    /// <summary>The office's portal account.</summary>
    [Description("The user name of the office's ClientOnline account.")]
    [Required]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The account's password.</summary>
    [Description("The password of the office's ClientOnline account. Write it as ${ENV_VAR} or ${file:path}.")]
    [Required]
    [Secret]
    [Example("${CLIENTONLINE_PASSWORD}")]
    public string Password { get; set; } = string.Empty;

    /// <summary>How long one call may take.</summary>
    [Description("How long one SOAP call may take.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The office's export.</summary>
    [Description("The office's export of its clients: a .csv (comma or semicolon, UTF-8 with or without BOM) or an .xlsx file. The dry-run and import commands take another with --arg file=...")]
    [Required]
    [Example("samples/clients.csv")]
    public string File { get; set; } = string.Empty;

    /// <summary>The worksheet of an .xlsx export.</summary>
    [Description("The worksheet of an .xlsx export, also a hidden one; empty: the first visible worksheet (hidden ones, such as an old list or a lookup sheet, are passed over and the report names them).")]
    [Example("Klanten")]
    public string? Sheet { get; set; }

    /// <summary>The header's row.</summary>
    [Description("The row (.xlsx) or line (.csv) holding the column headings, 1 being the first; empty: the row among the first 20 that holds most of the headings under 'columns', so a title block above the header is skipped.")]
    [Range(1, 1_048_576)]
    public int? HeaderRow { get; set; }

    /// <summary>The CSV separator.</summary>
    [Description("How a CSV export separates values: Auto (from the header line), Comma or Semicolon.")]
    public CsvDelimiter Delimiter { get; set; } = CsvDelimiter.Auto;

    /// <summary>How large an export is read (FH-5).</summary>
    [Description("How large an export or users file the import reads: file size, what an .xlsx unpacks to and how much one of its parts grows, rows, columns and cell length. A file over a limit is refused with the limit named, before it is read into memory.")]
    public ImportLimits Limits { get; set; } = new();

    /// <summary>The mapping of the portal's template fields onto the export's column headings.</summary>
    [Description("Per template field, the heading of the export's column that holds it. Every heading given must be in the export; write \"\" for a field the export does not have. Name and KvK number or hidden id are needed.")]
    public ImportColumns Columns { get; set; } = new();

    /// <summary>The group new clients go into.</summary>
    [Description("The client group new clients are put in (PO-2) when their row's group cell is empty; the dry run and the import say so on each row it applies to. Empty: such clients go in no group. Only new clients are placed in groups.")]
    [Example("Cliënten met alle rechten")]
    public string? Group { get; set; }

    /// <summary>The groups the import makes sure exist.</summary>
    [Description("Client groups the import creates at the portal when missing, each with its rights and, optionally, the approval token of its clients.")]
    public List<GroupSetting> Groups { get; set; } = [];

    /// <summary>The branches the import makes sure exist.</summary>
    [Description("Branches (vestigingen) the import creates at the portal when missing (PO-7). A row's branch must be one of the portal's.")]
    public List<string> Branches { get; set; } = [];

    /// <summary>The default approval token.</summary>
    [Description("How users confirm approvals, unless the row's token column or the client's group says otherwise: Pin (a letter with a PIN per user) or Sms (needs the user's mobile number).")]
    public ApprovalTokenKind Token { get; set; } = ApprovalTokenKind.Pin;

    /// <summary>The default login method.</summary>
    [Description("How new users log in, unless the users file says otherwise: Password, or PasswordAndSms (needs the user's mobile number).")]
    public LoginMethod Login { get; set; } = LoginMethod.Password;

    /// <summary>The document types the superuser may approve.</summary>
    [Description("The document types each client's first user (the superuser) gets 'Mag accorderen' on (PO-3, PO-5).")]
    public List<string> DocumentTypes { get; set; } = ["jaarrekening"];

    /// <summary>A file with more users per client.</summary>
    [Description("Optional: a .csv or .xlsx with more users per client, with the headings KvK-nummer or Hidden id, Gebruikersnaam, Naam, E-mail, Mobiel, Inloggen, Accorderingstoken, Rechten (for example 'jaarrekening=Moet; OB-aangifte=Mag'). The first user of a client becomes its superuser.")]
    [Example("samples/users.csv")]
    public string? UsersFile { get; set; }

    /// <summary>Where the PIN letters go.</summary>
    [Description("The folder the PIN letters (one HTML file per user, ready to print) are written to; empty: letters/ in the pipeline's data folder.")]
    public string? LettersFolder { get; set; }

    /// <summary>The letter's template.</summary>
    [Description("The Scriban template of the PIN letter (HTML), relative to the configuration folder.")]
    public string LetterTemplate { get; set; } = "templates/pin-letter.scriban";

    /// <summary>The PIN's length.</summary>
    [Description("The number of digits of a generated PIN.")]
    [Range(5, 8)]
    public int PinLength { get; set; } = 6;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult($"'endpoint' must be an http:// or https:// address, got '{Endpoint}'", [nameof(Endpoint)]);
        }

        if (string.IsNullOrWhiteSpace(Columns.Name))
        {
            yield return new ValidationResult("'columns.name' is needed: every client needs a name", [nameof(Columns)]);
        }

        if (string.IsNullOrWhiteSpace(Columns.KvkNumber) && string.IsNullOrWhiteSpace(Columns.HiddenId))
        {
            yield return new ValidationResult("'columns.kvkNumber' or 'columns.hiddenId' is needed: clients are found by one of them", [nameof(Columns)]);
        }

        if (Token == ApprovalTokenKind.None)
        {
            yield return new ValidationResult("'token' must be Pin or Sms", [nameof(Token)]);
        }

        foreach (var group in Groups.Where(g => string.IsNullOrWhiteSpace(g.Name)))
        {
            yield return new ValidationResult("every entry of 'groups' needs a name", [nameof(Groups)]);
        }
    }
}

/// <summary>A client group the import makes sure exists.</summary>
public sealed class GroupSetting
{
    /// <summary>The group's name.</summary>
    [Description("The group's name.")]
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>Its rights.</summary>
    [Description("The modules its clients may use: Accorderen, Deponeren, Dossier, Nieuws, Gebruikersbeheer.")]
    public List<string> Rights { get; set; } = [];

    /// <summary>The approval token of its clients.</summary>
    [Description("The approval token of the group's clients (Pin or Sms); empty: the import's token.")]
    public ApprovalTokenKind? Token { get; set; }
}

/// <summary>
/// The portal's import template fields and the export's column headings that hold them. The defaults are the
/// headings of the template <c>write-template</c> writes.
/// </summary>
public sealed class ImportColumns
{
    /// <summary>The client's name.</summary>
    [Description("The client's name (needed).")]
    public string Name { get; set; } = "Naam";

    /// <summary>The KvK number.</summary>
    [Description("The KvK number, 8 digits.")]
    public string KvkNumber { get; set; } = "KvK-nummer";

    /// <summary>The hidden id.</summary>
    [Description("The hidden id: the client's number in the office's own package, kept by the portal.")]
    public string HiddenId { get; set; } = "Hidden id";

    /// <summary>Street and house number.</summary>
    [Description("Street and house number, for the letters.")]
    public string Address { get; set; } = "Adres";

    /// <summary>The postal code.</summary>
    [Description("The postal code.")]
    public string PostalCode { get; set; } = "Postcode";

    /// <summary>The city.</summary>
    [Description("The city.")]
    public string City { get; set; } = "Plaats";

    /// <summary>The client's e-mail.</summary>
    [Description("The client's e-mail address.")]
    public string Email { get; set; } = "E-mail";

    /// <summary>The branch.</summary>
    [Description("The branch (vestiging); empty cell: concern-wide.")]
    public string Branch { get; set; } = "Vestiging";

    /// <summary>The group.</summary>
    [Description("The client group of a new client; empty cell: the import's group.")]
    public string Group { get; set; } = "Cliëntgroep";

    /// <summary>The approval token.</summary>
    [Description("Pin or Sms for the client's users; empty cell: the group's or the import's.")]
    public string Token { get; set; } = "Accorderingstoken";

    /// <summary>The first user's login.</summary>
    [Description("The login of the client's first user (the superuser); empty cell: no user from this row.")]
    public string UserLogin { get; set; } = "Gebruikersnaam";

    /// <summary>The first user's name.</summary>
    [Description("The first user's full name, as the PIN letter addresses them.")]
    public string UserFullName { get; set; } = "Contactpersoon";

    /// <summary>The first user's e-mail.</summary>
    [Description("The first user's e-mail address.")]
    public string UserEmail { get; set; } = "E-mail contactpersoon";

    /// <summary>The first user's mobile number.</summary>
    [Description("The first user's mobile number (needed for SMS).")]
    public string UserMobile { get; set; } = "Mobiel";

    /// <summary>The headings the export's header should hold, to find it below a title block.</summary>
    /// <returns>The non-empty headings.</returns>
    internal IReadOnlyList<string> Headings() => [.. All().Select(a => a.Heading).Where(h => !string.IsNullOrWhiteSpace(h))];

    /// <summary>The fields with their headings, in template order.</summary>
    /// <returns>(field, setting key, heading) per field.</returns>
    internal IReadOnlyList<(TemplateField Field, string Key, string Heading)> All() =>
    [
        (TemplateField.Name, "name", Name),
        (TemplateField.KvkNumber, "kvkNumber", KvkNumber),
        (TemplateField.HiddenId, "hiddenId", HiddenId),
        (TemplateField.Address, "address", Address),
        (TemplateField.PostalCode, "postalCode", PostalCode),
        (TemplateField.City, "city", City),
        (TemplateField.Email, "email", Email),
        (TemplateField.Branch, "branch", Branch),
        (TemplateField.Group, "group", Group),
        (TemplateField.Token, "token", Token),
        (TemplateField.UserLogin, "userLogin", UserLogin),
        (TemplateField.UserFullName, "userFullName", UserFullName),
        (TemplateField.UserEmail, "userEmail", UserEmail),
        (TemplateField.UserMobile, "userMobile", UserMobile),
    ];
}

/// <summary>The portal's import template fields.</summary>
internal enum TemplateField
{
    Name,
    KvkNumber,
    HiddenId,
    Address,
    PostalCode,
    City,
    Email,
    Branch,
    Group,
    Token,
    UserLogin,
    UserFullName,
    UserEmail,
    UserMobile,
}
