using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>Where the AuditCase clients and contact persons come from.</summary>
public enum AuditCaseSourceKind
{
    /// <summary>AuditCase's JSON export: one file with the clients, each with its contact persons.</summary>
    Json,

    /// <summary>Two SQL queries on AuditCase's database (ADO.NET): one for the clients, one for the contact persons.</summary>
    Sql,
}

/// <summary>The AuditCase source: a JSON export or two SQL queries.</summary>
public sealed class AuditCaseSourceSettings : IValidatableObject
{
    /// <summary>JSON or SQL.</summary>
    [Description("Json: read AuditCase's export at 'path'. Sql: run 'clientsQuery' and 'contactsQuery' on the database at 'connectionString'.")]
    public AuditCaseSourceKind Kind { get; set; } = AuditCaseSourceKind.Json;

    /// <summary>The JSON export.</summary>
    [Description("Json: the export file, UTF-8, {\"clients\": [{\"clientNumber\": ..., \"contacts\": [...]}]}. Relative paths are taken from the configuration file's folder.")]
    [Example("auditcase-export.json")]
    public string? Path { get; set; }

    /// <summary>The ADO.NET provider.</summary>
    [Description("Sql: the ADO.NET provider's invariant name. Microsoft.Data.Sqlite ships with the plugin.")]
    public string Provider { get; set; } = "Microsoft.Data.Sqlite";

    /// <summary>The connection string.</summary>
    [Description("Sql: the connection string of AuditCase's database.")]
    [Secret]
    [Example("Data Source=../data/auditcase.db;Mode=ReadOnly")]
    public string? ConnectionString { get; set; }

    /// <summary>The clients query.</summary>
    [Description("Sql: one row per client, with the columns clientNumber, name, kind, status, address, postalCode, city, country, phone, email, website, facebook, twitter, linkedIn, linkWithCaseWareCloud (name them with AS).")]
    [Example("SELECT klantnr AS clientNumber, naam AS name, soort AS kind, status, ... , koppel_cwc AS linkWithCaseWareCloud FROM klanten")]
    public string? ClientsQuery { get; set; }

    /// <summary>The contacts query.</summary>
    [Description("Sql: one row per contact person, with the columns id, clientNumber, firstName, infix, lastName, initials, email, phone, mobile, linkWithCaseWareCloud.")]
    [Example("SELECT id, klantnr AS clientNumber, voornaam AS firstName, tussenvoegsel AS infix, ... FROM contactpersonen")]
    public string? ContactsQuery { get; set; }

    /// <summary>The query's time-out.</summary>
    [Description("Sql: how long each query may take.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == AuditCaseSourceKind.Json && string.IsNullOrWhiteSpace(Path))
        {
            yield return new ValidationResult("'path' is required when kind is Json: AuditCase's export file.", [nameof(Path)]);
        }

        if (Kind == AuditCaseSourceKind.Sql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("'connectionString' is required when kind is Sql.", [nameof(ConnectionString)]);
        }

        if (Kind == AuditCaseSourceKind.Sql && (string.IsNullOrWhiteSpace(ClientsQuery) || string.IsNullOrWhiteSpace(ContactsQuery)))
        {
            yield return new ValidationResult("'clientsQuery' and 'contactsQuery' are required when kind is Sql.", [nameof(ClientsQuery), nameof(ContactsQuery)]);
        }
    }
}

/// <summary>How to reach CaseWare Cloud.</summary>
public sealed class CaseWareCloudConnectionSettings
{
    /// <summary>The firm's address.</summary>
    [Description("The firm's CaseWare Cloud address, https://{region}.casewarecloud.com/{firm}/ (the API is under ms/caseware-cloud/api/v2/), or the sandbox's.")]
    [Required]
    [Example("https://eu.casewarecloud.com/my-firm/")]
    public Uri? BaseUrl { get; set; }

    /// <summary>The API client id.</summary>
    [Description("The API key's ClientId (CaseWare Cloud: Settings, API keys).")]
    [Required]
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The API client secret.</summary>
    [Description("The API key's ClientSecret.")]
    [Required]
    [Secret]
    [Example("${CASEWARE_CLIENT_SECRET}")]
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>The language of CaseWare Cloud's messages.</summary>
    [Description("The language of CaseWare Cloud's messages, sent with the token request: en, nl, fr, ...")]
    public string Language { get; set; } = "en";

    /// <summary>The time-out of one call.</summary>
    [Description("How long one call to CaseWare Cloud may take.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per call.</summary>
    [Description("Attempts of one call when CaseWare Cloud answers 5xx, does not answer or says 429 (too many requests). After the last the run stops and the next run resumes.")]
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first back-off.</summary>
    [Description("The wait after the first 5xx or network failure of a call; it doubles after each further one.")]
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After honoured.</summary>
    [Description("The longest wait a 429's Retry-After may ask for; a longer one ends the run, which resumes at the next.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Settings of <c>casewarecloud.sync</c>.</summary>
public sealed class CaseWareCloudSyncSettings
{
    /// <summary>Where the clients come from.</summary>
    [Description("Where the clients and contact persons come from: AuditCase's JSON export or SQL queries.")]
    [Required]
    public AuditCaseSourceSettings? Source { get; set; }

    /// <summary>CaseWare Cloud.</summary>
    [Description("How to reach CaseWare Cloud.")]
    [Required]
    public CaseWareCloudConnectionSettings? CaseWareCloud { get; set; }

    /// <summary>The client kinds that are private persons.</summary>
    [Description("AuditCase's client kinds that mean a private person, case-insensitive. Private clients are never sent (CW-2).")]
    public List<string> PrivateKinds { get; set; } = ["Private", "Particulier"];

    /// <summary>The client statuses that are never sent.</summary>
    [Description("AuditCase's client statuses that are never sent, case-insensitive (CW-2).")]
    public List<string> ExcludedStatuses { get; set; } = ["Suspect"];

    /// <summary>How often a progress line is logged.</summary>
    [Description("A progress line is logged every this many clients or contacts.")]
    [Range(10, 1_000_000)]
    public int ProgressEvery { get; set; } = 1000;
}
