using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>Settings of <c>certipost.enrol</c>.</summary>
public sealed class EnrolTaskSettings
{
    /// <summary>Where the relations come from.</summary>
    [Description("Where the relations come from: the package's CSV export or a SQL query.")]
    [Required]
    public RelationSourceSettings? Source { get; set; }

    /// <summary>Certipost.</summary>
    [Description("How to reach Certipost.")]
    [Required]
    public CertipostConnectionSettings? Certipost { get; set; }

    /// <summary>The fields a relation needs before it is sent.</summary>
    [Description("The fields a relation must have before it is sent (CP-2). A Belgian (country BE) VAT/enterprise number must also have a valid check digit.")]
    public List<RelationField> MandatoryFields { get; set; } =
    [
        RelationField.Name,
        RelationField.VatNumber,
        RelationField.Email,
        RelationField.Language,
        RelationField.Street,
        RelationField.PostalCode,
        RelationField.City,
        RelationField.CountryCode,
    ];

    /// <summary>Whether each run also sends.</summary>
    [Description("false (the default): each run recomputes the eligible list only, so the office can review it and send by hand. true: each run also sends the complete ones.")]
    public bool AutoSend { get; set; }
}
