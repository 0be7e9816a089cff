using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>Where the relations come from.</summary>
public enum RelationSourceKind
{
    /// <summary>A CSV export of the accounting package.</summary>
    Csv,

    /// <summary>A SQL query against the accounting package's database (ADO.NET).</summary>
    Sql,
}

/// <summary>The relation source: a CSV export or a SQL query, and how its columns map onto relation fields.</summary>
public sealed class RelationSourceSettings : IValidatableObject
{
    /// <summary>CSV or SQL.</summary>
    [Description("Csv: read the package's CSV export at 'path'. Sql: run 'query' on the database at 'connectionString'.")]
    public RelationSourceKind Kind { get; set; } = RelationSourceKind.Csv;

    /// <summary>The CSV file.</summary>
    [Description("Csv: the export file, UTF-8 with or without BOM. Relative paths are taken from the configuration file's folder.")]
    [Example("../data/certipost/relaties.csv")]
    public string? Path { get; set; }

    /// <summary>The CSV delimiter.</summary>
    [Description("Csv: the delimiter between columns, one character (';', ',', '|' or 'tab').")]
    public string Delimiter { get; set; } = ";";

    /// <summary>The ADO.NET provider.</summary>
    [Description("Sql: the ADO.NET provider's invariant name. Microsoft.Data.Sqlite ships with the plugin.")]
    public string Provider { get; set; } = "Microsoft.Data.Sqlite";

    /// <summary>The connection string.</summary>
    [Description("Sql: the connection string of the package's database.")]
    [Secret]
    [Example("Data Source=../data/boekhouding.db;Mode=ReadOnly")]
    public string? ConnectionString { get; set; }

    /// <summary>The query.</summary>
    [Description("Sql: the query returning one row per relation, with the columns named under 'columns'.")]
    [Example("SELECT nr AS Nummer, naam AS Naam, btwnr AS BtwNummer, email AS Email, taal AS Taal, straat AS Straat, postcode AS Postcode, gemeente AS Gemeente, land AS Land, efact AS StatusEFactuur FROM relaties")]
    public string? Query { get; set; }

    /// <summary>The query's time-out.</summary>
    [Description("Sql: how long the query may take.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Which column holds which field.</summary>
    [Description("The column (CSV header or query column name, case-insensitive) of each relation field. An empty name: the export has no such column.")]
    public RelationColumns Columns { get; set; } = new();

    /// <summary>The package's status values meaning admitted.</summary>
    [Description("The package's e-invoicing status values that mean admitted ('Toegelaten'), case-insensitive. Any other value is not admitted.")]
    public List<string> AdmittedStatuses { get; set; } = ["Toegelaten"];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == RelationSourceKind.Csv && string.IsNullOrWhiteSpace(Path))
        {
            yield return new ValidationResult("'path' is required when kind is Csv: the CSV export to read.", [nameof(Path)]);
        }

        if (Kind == RelationSourceKind.Csv && CsvRelationSource.ParseDelimiter(Delimiter) is null)
        {
            yield return new ValidationResult($"'delimiter' must be one character or 'tab', got '{Delimiter}'.", [nameof(Delimiter)]);
        }

        if (Kind == RelationSourceKind.Sql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("'connectionString' is required when kind is Sql.", [nameof(ConnectionString)]);
        }

        if (Kind == RelationSourceKind.Sql && string.IsNullOrWhiteSpace(Query))
        {
            yield return new ValidationResult("'query' is required when kind is Sql: the SELECT returning the relations.", [nameof(Query)]);
        }

        if (string.IsNullOrWhiteSpace(Columns.Number) || string.IsNullOrWhiteSpace(Columns.EInvoicingStatus))
        {
            yield return new ValidationResult("'columns.number' and 'columns.eInvoicingStatus' cannot be empty: every relation needs both.", [nameof(Columns)]);
        }
    }
}

/// <summary>The column names of the relation fields in the export or the query's result.</summary>
public sealed class RelationColumns
{
    /// <summary>The relation number's column.</summary>
    [Description("The relation number's column; required.")]
    public string Number { get; set; } = "Nummer";

    /// <summary>The name's column.</summary>
    [Description("The name's column.")]
    public string Name { get; set; } = "Naam";

    /// <summary>The enterprise/VAT number's column.</summary>
    [Description("The enterprise/VAT number's column.")]
    public string VatNumber { get; set; } = "BtwNummer";

    /// <summary>The e-mail's column.</summary>
    [Description("The e-mail address's column.")]
    public string Email { get; set; } = "Email";

    /// <summary>The language's column.</summary>
    [Description("The language's column (nl, fr, de, en).")]
    public string Language { get; set; } = "Taal";

    /// <summary>The street's column.</summary>
    [Description("The street and house number's column.")]
    public string Street { get; set; } = "Straat";

    /// <summary>The postal code's column.</summary>
    [Description("The postal code's column.")]
    public string PostalCode { get; set; } = "Postcode";

    /// <summary>The city's column.</summary>
    [Description("The city's column.")]
    public string City { get; set; } = "Gemeente";

    /// <summary>The ISO country code's column.</summary>
    [Description("The ISO country code's column (BE, NL, ...).")]
    public string CountryCode { get; set; } = "Land";

    /// <summary>The e-invoicing status's column.</summary>
    [Description("The column of the package's 'Status elektronisch versturen factuur'; required.")]
    public string EInvoicingStatus { get; set; } = "StatusEFactuur";

    /// <summary>The configured columns, by field; fields without a column are left out.</summary>
    /// <returns>The mapping.</returns>
    public IReadOnlyList<(RelationField Field, string Column)> Configured() =>
        new (RelationField Field, string Column)[]
        {
            (RelationField.Number, Number),
            (RelationField.Name, Name),
            (RelationField.VatNumber, VatNumber),
            (RelationField.Email, Email),
            (RelationField.Language, Language),
            (RelationField.Street, Street),
            (RelationField.PostalCode, PostalCode),
            (RelationField.City, City),
            (RelationField.CountryCode, CountryCode),
            (RelationField.EInvoicingStatus, EInvoicingStatus),
        }.Where(c => !string.IsNullOrWhiteSpace(c.Column)).Select(c => (c.Field, c.Column.Trim())).ToList();
}
