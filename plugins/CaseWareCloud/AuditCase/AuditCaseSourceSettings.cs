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
