using System.Text.RegularExpressions;
using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.Certipost;

/// <summary>What is wrong with one field of a relation.</summary>
/// <param name="Field">The field.</param>
/// <param name="Problem">What is wrong: <c>missing</c>, or why the value is not valid.</param>
public sealed record FieldProblem(RelationField Field, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{CertipostNames.Label(Field)}: {Problem}";
}

/// <summary>The mandatory-field check of CP-2, with the Belgian enterprise number's check digit.</summary>
public static partial class RelationChecks
{
    /// <summary>The languages Certipost mails in.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["nl", "fr", "de", "en"];

    /// <summary>Checks a relation against the mandatory fields.</summary>
    /// <param name="relation">The relation.</param>
    /// <param name="mandatory">The fields it must have.</param>
    /// <returns>The problems, in field order; empty when the relation is complete.</returns>
    public static IReadOnlyList<FieldProblem> Check(Relation relation, IEnumerable<RelationField> mandatory)
    {
        ArgumentNullException.ThrowIfNull(relation);
        ArgumentNullException.ThrowIfNull(mandatory);
        var problems = new List<FieldProblem>();
        foreach (var field in mandatory.Distinct().Order())
        {
            var value = relation.Get(field);
            var problem = value.Length == 0 ? "missing" : Invalid(field, value, relation);
            if (problem is not null)
            {
                problems.Add(new FieldProblem(field, problem));
            }
        }

        return problems;
    }

    /// <summary>Checks a Belgian enterprise number: 10 digits (an old 9-digit VAT number gets a leading 0), the last two = 97 − (the first 8 mod 97).</summary>
    /// <param name="value">The number as written, with or without <c>BE</c>, spaces and dots.</param>
    /// <param name="normalised">The 10 digits, when valid.</param>
    /// <param name="problem">Why it is not valid.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidBelgianEnterpriseNumber(string value, out string normalised, out string problem)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = value.Trim();
        if (digits.StartsWith("BE", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        digits = new string(digits.Where(c => !char.IsWhiteSpace(c) && !InvisibleCharacters.IsInvisible(c) && c is not ('.' or '-' or '/')).ToArray());
        var shown = InvisibleCharacters.Visible(value);
        normalised = string.Empty;
        if (digits.Length == 9 && digits.All(char.IsAsciiDigit))
        {
            digits = "0" + digits;
        }

        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            problem = $"'{shown}' is not a Belgian enterprise number (10 digits, for example BE 0403.170.701)";
            return false;
        }

        if (digits[0] is not ('0' or '1'))
        {
            problem = $"'{shown}' is not a Belgian enterprise number (it starts with 0 or 1)";
            return false;
        }

        var expected = 97 - (int.Parse(digits[..8], System.Globalization.CultureInfo.InvariantCulture) % 97);
        var actual = int.Parse(digits[8..], System.Globalization.CultureInfo.InvariantCulture);
        if (expected != actual)
        {
            problem = $"'{shown}' has a wrong check digit: 97 - ({digits[..8]} mod 97) = {expected:00}, not {digits[8..]}";
            return false;
        }

        normalised = digits;
        problem = string.Empty;
        return true;
    }

    private static string? Invalid(RelationField field, string value, Relation relation) => field switch
    {
        RelationField.VatNumber when relation.Get(RelationField.CountryCode).Equals("BE", StringComparison.OrdinalIgnoreCase)
            => IsValidBelgianEnterpriseNumber(value, out _, out var problem) ? null : problem,
        RelationField.Email => EmailAddresses.Normalise(value, EmailRules.Ascii).Problem,
        RelationField.Language => Languages.Contains(value.ToLowerInvariant()) ? null : $"'{value}' is not one of {string.Join(", ", Languages)}",
        RelationField.CountryCode => CountryPattern().IsMatch(value) ? null : $"'{value}' is not a two-letter ISO country code",
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();
}
