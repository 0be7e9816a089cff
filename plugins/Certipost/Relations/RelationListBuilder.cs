namespace ConnectorHost.Plugins.Certipost;

/// <summary>
/// Collects the relations a source reads, one per line or row: the relation number is required and unique, and a
/// problem names the line (or both lines) in the source's own words.
/// </summary>
/// <param name="numberColumn">The column holding the relation number, for the message.</param>
/// <param name="at">Names one line, for example "export.csv, line 7".</param>
/// <param name="atBoth">Names two lines, for example "export.csv, lines 3 and 7".</param>
internal sealed class RelationListBuilder(string numberColumn, Func<int, string> at, Func<int, int, string> atBoth)
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.OrdinalIgnoreCase);

    public List<Relation> Relations { get; } = [];

    public void Add(Func<RelationField, string> field, int line)
    {
        var number = field(RelationField.Number);
        if (number.Length == 0)
        {
            throw new RelationSourceException($"{at(line)}: the relation number ('{numberColumn}') is empty.", line);
        }

        if (_seen.TryGetValue(number, out var first))
        {
            throw new RelationSourceException(
                $"{atBoth(first, line)}: relation number {number} appears twice. Each relation must appear once.",
                first,
                line);
        }

        _seen[number] = line;
        Relations.Add(new Relation
        {
            Number = number,
            Name = field(RelationField.Name),
            VatNumber = field(RelationField.VatNumber),
            Email = field(RelationField.Email),
            Language = field(RelationField.Language),
            Street = field(RelationField.Street),
            PostalCode = field(RelationField.PostalCode),
            City = field(RelationField.City),
            CountryCode = field(RelationField.CountryCode),
            EInvoicingStatus = field(RelationField.EInvoicingStatus),
            Line = line,
        });
    }
}
