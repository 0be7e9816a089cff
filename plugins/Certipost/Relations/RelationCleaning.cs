using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>A relation as it will be sent, what was repaired on the way and what makes it incomplete.</summary>
/// <param name="Relation">The relation with its cleaned fields.</param>
/// <param name="Repairs">What was repaired, each naming the field (shown in the list before sending).</param>
/// <param name="Problems">Fields refused by the cleaning: an e-mail that is not one address, double-encoded text.</param>
public sealed record CleanedRelation(Relation Relation, IReadOnlyList<string> Repairs, IReadOnlyList<FieldProblem> Problems);

/// <summary>
/// Cleans a relation read from the package with the shared rules, the same as every connector (CP-9, CP-10): the
/// e-mail normalised (invisible characters, <c>mailto:</c>, a display name, the domain in lower case and ASCII), line
/// breaks in one-line fields joined, unusual spaces read as plain ones, and text that looks double-encoded
/// (<c>CafÃ© MÃ¼ller</c>) refused with its likely original.
/// </summary>
public static class RelationCleaning
{
    private static readonly RelationField[] OneLineFields = [RelationField.Name, RelationField.Street, RelationField.PostalCode, RelationField.City];
    private static readonly RelationField[] TextFields = [RelationField.Name, RelationField.Street, RelationField.City];

    /// <summary>Cleans one relation.</summary>
    /// <param name="relation">The relation as read.</param>
    /// <returns>The cleaned relation with its repairs and problems.</returns>
    public static CleanedRelation Clean(Relation relation)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var repairs = new List<string>();
        var problems = new List<FieldProblem>();
        var values = new Dictionary<RelationField, string>();
        foreach (var field in OneLineFields)
        {
            var label = CertipostNames.Label(field);
            var found = new List<string>();
            var value = LineBreaks.Join(InvisibleCharacters.Strip(relation.Get(field), found).Trim(), label, found);
            repairs.AddRange(found.Select(f => f.StartsWith(label, StringComparison.Ordinal) ? f : $"{label}: {f}"));
            if (TextFields.Contains(field) && DoubleEncoding.Problem(value) is { } problem)
            {
                problems.Add(new FieldProblem(field, problem));
            }

            values[field] = value;
        }

        var email = relation.Get(RelationField.Email);
        if (email.Length > 0)
        {
            var cleaned = EmailAddresses.Normalise(email, EmailRules.Ascii);
            repairs.AddRange(cleaned.Warnings.Select(w => $"{CertipostNames.Label(RelationField.Email)}: {w}"));
            if (cleaned.Problem is { } problem)
            {
                problems.Add(new FieldProblem(RelationField.Email, problem));
            }
            else
            {
                email = cleaned.Value;
            }
        }

        var vat = new string([.. relation.Get(RelationField.VatNumber).Where(c => !InvisibleCharacters.IsInvisible(c)).Select(c => InvisibleCharacters.IsUnusualSpace(c) ? ' ' : c)]).Trim();
        var result = relation with
        {
            Name = values[RelationField.Name],
            Street = values[RelationField.Street],
            PostalCode = values[RelationField.PostalCode],
            City = values[RelationField.City],
            Email = email,
            VatNumber = vat,
        };
        return new CleanedRelation(result, repairs, problems);
    }
}
