using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Abstractions.Mail;

/// <summary>
/// The model of the <c>instruction-created</c> mail, the one mail of a new accountant instruction, whoever created it
/// (a queue task's failure or a sync task that needs a person): <c>dossier</c>, <c>severity</c> (<c>Orange</c> or
/// <c>Red</c>), <c>text</c>, <c>cause</c>, <c>created_at</c>.
/// </summary>
/// <param name="Dossier">The dossier (or client, or pipeline) it concerns.</param>
/// <param name="Severity">Orange: the office can fix it; red: support must step in.</param>
/// <param name="Text">What to do.</param>
/// <param name="Cause">The machine-readable cause, for example <c>wrong-period</c>.</param>
/// <param name="CreatedAt">When the instruction was made, in the office's time zone.</param>
public sealed record InstructionCreatedMail(string Dossier, InstructionSeverity Severity, string Text, string Cause, DateTime CreatedAt)
{
    /// <summary>The template's name.</summary>
    public const string Template = "instruction-created";

    /// <summary>The model of an instruction.</summary>
    /// <param name="instruction">The instruction.</param>
    /// <param name="createdAt">When it was made, in the office's time zone.</param>
    /// <returns>The model.</returns>
    public static InstructionCreatedMail From(Instruction instruction, DateTime createdAt)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return new(instruction.Dossier, instruction.Severity, instruction.Text, instruction.Cause, createdAt);
    }
}

/// <summary>The model of the <c>instructions-reminder</c> mail: <c>generated_at</c> and the list <c>instructions</c>.</summary>
/// <param name="GeneratedAt">When the reminder was made, in the office's time zone.</param>
/// <param name="Instructions">The open instructions, oldest first.</param>
public sealed record InstructionsReminderMail(DateTime GeneratedAt, IReadOnlyList<InstructionCreatedMail> Instructions)
{
    /// <summary>The template's name.</summary>
    public const string Template = "instructions-reminder";
}
