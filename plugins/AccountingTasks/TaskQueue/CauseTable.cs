using System.Text.RegularExpressions;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>One cause of a failed task and the accountant instruction it gives (AT-5, AT-6).</summary>
/// <param name="Cause">The package's cause code.</param>
/// <param name="Severity">Orange: the office can fix it; red: support must step in.</param>
/// <param name="Text">
/// The instruction in plain Dutch. <c>{name}</c> is replaced by the failure's detail of that name (<c>year</c>,
/// <c>journal</c>, <c>vatCode</c>, <c>reference</c>, <c>dossierCode</c>) or by <c>dossier</c>, <c>kind</c>,
/// <c>attempts</c>, <c>cause</c>, <c>message</c>.
/// </param>
internal sealed record CauseEntry(string Cause, InstructionSeverity Severity, string Text);

/// <summary>The table of failure causes and their instructions: one plain-Dutch instruction per cause.</summary>
internal static partial class CauseTable
{
    /// <summary>The cause of a task whose passing failures outlasted <c>maxTransientRetries</c>.</summary>
    public const string PackageUnavailable = "package-unavailable";

    /// <summary>A failure the package did not explain.</summary>
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<CauseEntry> Entries =
    [
        new(PackageUnavailable, InstructionSeverity.Orange,
            "Het boekhoudpakket was {attempts} keer na elkaar niet bereikbaar voor dossier {dossier}: controleer of de server van het boekhoudpakket draait en bereikbaar is, en markeer de instructie dan als opgelost."),
        new("wrong-period", InstructionSeverity.Orange,
            "Boekjaar {year} is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum."),
        new("wrong-journal", InstructionSeverity.Orange,
            "Dagboek {journal} bestaat niet in het boekhoudpakket voor dossier {dossier}: maak het dagboek aan of kies een bestaand dagboek in het boekingsvoorstel."),
        new("database-error", InstructionSeverity.Red,
            "De database van het boekhoudpakket gaf een fout bij dossier {dossier}: ons supportteam moet ingrijpen. Stuur deze instructie door naar support en voer de taak niet opnieuw uit."),
        new("duplicate-booking", InstructionSeverity.Orange,
            "Boeking {reference} staat al in het boekhoudpakket: controleer of het om een dubbele boeking gaat, verwijder het boekingsvoorstel of de bestaande boeking, en markeer de instructie dan als opgelost."),
        new("wrong-vat-code", InstructionSeverity.Orange,
            "Btw-code {vatCode} bestaat niet in het boekhoudpakket voor dossier {dossier}: voeg de btw-code toe of kies een geldige btw-code in het boekingsvoorstel."),
        new("wrong-dossier-code", InstructionSeverity.Orange,
            "Dossiercode {dossierCode} bestaat niet in het boekhoudpakket: geef de juiste dossiercode in en herstart de activatie, of annuleer de activatie als ze foutief was."),
        new(Unknown, InstructionSeverity.Red,
            "De taak {kind} voor dossier {dossier} faalde met een onbekende fout ({cause}: {message}): ons supportteam moet ingrijpen. Stuur deze instructie door naar support."),
    ];

    private static readonly Dictionary<string, CauseEntry> ByCause = Entries.ToDictionary(e => e.Cause, StringComparer.Ordinal);

    /// <summary>Makes the instruction for a failure.</summary>
    /// <param name="dossier">The task's dossier.</param>
    /// <param name="cause">The package's cause code; an unknown code gives the red <see cref="Unknown"/> instruction.</param>
    /// <param name="values">The failure's details and the task's facts, for the placeholders.</param>
    /// <returns>The instruction; its cause is the package's code, also when it was not in the table.</returns>
    public static Instruction InstructionFor(string dossier, string cause, IReadOnlyDictionary<string, string> values)
    {
        var entry = ByCause.GetValueOrDefault(cause) ?? ByCause[Unknown];
        var text = Placeholder().Replace(entry.Text, m =>
            values.TryGetValue(m.Groups[1].Value, out var value) && !string.IsNullOrWhiteSpace(value)
                ? value
                : m.Groups[1].Value == "dossier" ? dossier : "(onbekend)");
        return new Instruction(dossier, entry.Severity, text, cause);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
