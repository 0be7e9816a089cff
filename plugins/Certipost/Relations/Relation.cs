namespace ConnectorHost.Plugins.Certipost;

/// <summary>A customer (relation) as the office's accounting package exports it.</summary>
public sealed record Relation
{
    /// <summary>The relation number in the accounting package; the key of the relation everywhere.</summary>
    public required string Number { get; init; }

    /// <summary>The name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The enterprise or VAT number, as written in the package (for example <c>BE 0403.170.701</c>).</summary>
    public string VatNumber { get; init; } = string.Empty;

    /// <summary>The e-mail address Certipost mails the welcome to (CP-8).</summary>
    public string Email { get; init; } = string.Empty;

    /// <summary>The language (<c>nl</c>, <c>fr</c>, <c>de</c> or <c>en</c>).</summary>
    public string Language { get; init; } = string.Empty;

    /// <summary>The street and house number.</summary>
    public string Street { get; init; } = string.Empty;

    /// <summary>The postal code.</summary>
    public string PostalCode { get; init; } = string.Empty;

    /// <summary>The city.</summary>
    public string City { get; init; } = string.Empty;

    /// <summary>The ISO 3166-1 alpha-2 country code, for example <c>BE</c>.</summary>
    public string CountryCode { get; init; } = string.Empty;

    /// <summary>The e-invoicing status in the package ("Status elektronisch versturen factuur"), for example <c>Toegelaten</c>.</summary>
    public string EInvoicingStatus { get; init; } = string.Empty;

    /// <summary>Where it was read: the line of the CSV file or the row of the query's result (1 = the first data row).</summary>
    public int Line { get; init; }

    /// <summary>The value of one field.</summary>
    /// <param name="field">The field.</param>
    /// <returns>Its value, trimmed.</returns>
    public string Get(RelationField field) => (field switch
    {
        RelationField.Number => Number,
        RelationField.Name => Name,
        RelationField.VatNumber => VatNumber,
        RelationField.Email => Email,
        RelationField.Language => Language,
        RelationField.Street => Street,
        RelationField.PostalCode => PostalCode,
        RelationField.City => City,
        RelationField.CountryCode => CountryCode,
        RelationField.EInvoicingStatus => EInvoicingStatus,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown relation field."),
    }).Trim();
}

/// <summary>The fields of a <see cref="Relation"/>.</summary>
public enum RelationField
{
    /// <summary>The relation number.</summary>
    Number,

    /// <summary>The name.</summary>
    Name,

    /// <summary>The enterprise or VAT number.</summary>
    VatNumber,

    /// <summary>The e-mail address.</summary>
    Email,

    /// <summary>The language.</summary>
    Language,

    /// <summary>The street and house number.</summary>
    Street,

    /// <summary>The postal code.</summary>
    PostalCode,

    /// <summary>The city.</summary>
    City,

    /// <summary>The ISO country code.</summary>
    CountryCode,

    /// <summary>The e-invoicing status in the package.</summary>
    EInvoicingStatus,
}

/// <summary>Where a relation stands in its Certipost enrolment.</summary>
public enum RelationStatus
{
    /// <summary>Not admitted to electronic invoices in the package (Onbekend, Geweigerd).</summary>
    NotAdmitted,

    /// <summary>"Toegelaten": admitted, eligible for enrolment (CP-1).</summary>
    Admitted,

    /// <summary>"Toegestaan, doorgegeven, niet bevestigd": sent to Certipost, not yet confirmed (CP-4).</summary>
    Submitted,

    /// <summary>On Certipost's daily list of enrolled customers: receives invoices electronically (CP-6).</summary>
    Confirmed,

    /// <summary>Unsubscribed on Certipost's site (CP-7).</summary>
    Unsubscribed,
}

/// <summary>Names of statuses and fields as the office sees them.</summary>
public static class CertipostNames
{
    /// <summary>The status as the accounting package shows it, for example "Toegestaan, doorgegeven, niet bevestigd".</summary>
    /// <param name="status">The status.</param>
    /// <returns>Its Dutch label.</returns>
    public static string Label(RelationStatus status) => status switch
    {
        RelationStatus.NotAdmitted => "Niet toegelaten",
        RelationStatus.Admitted => "Toegelaten",
        RelationStatus.Submitted => "Toegestaan, doorgegeven, niet bevestigd",
        RelationStatus.Confirmed => "Toegestaan, bevestigd",
        RelationStatus.Unsubscribed => "Uitgeschreven",
        _ => status.ToString(),
    };

    /// <summary>The status with its label, for messages: <c>Submitted ("Toegestaan, doorgegeven, niet bevestigd")</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The text.</returns>
    public static string Describe(RelationStatus status) => $"{status} (\"{Label(status)}\")";

    /// <summary>A field's name for people.</summary>
    /// <param name="field">The field.</param>
    /// <returns>Its name.</returns>
    public static string Label(RelationField field) => field switch
    {
        RelationField.Number => "relation number",
        RelationField.Name => "name",
        RelationField.VatNumber => "VAT/enterprise number",
        RelationField.Email => "e-mail",
        RelationField.Language => "language",
        RelationField.Street => "street",
        RelationField.PostalCode => "postal code",
        RelationField.City => "city",
        RelationField.CountryCode => "ISO country code",
        RelationField.EInvoicingStatus => "e-invoicing status",
        _ => field.ToString(),
    };
}
