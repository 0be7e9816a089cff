using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Plugins.AccountingTasks;

/// <summary>
/// The model of the host's <c>instruction-created</c> template (same properties as the host's own model):
/// <c>dossier</c>, <c>severity</c>, <c>text</c>, <c>cause</c>, <c>created_at</c>.
/// </summary>
/// <param name="Dossier">The dossier.</param>
/// <param name="Severity">Orange: the office can fix it; red: support must step in.</param>
/// <param name="Text">What to do.</param>
/// <param name="Cause">The cause code.</param>
/// <param name="CreatedAt">When the instruction was made, in the office's time zone.</param>
public sealed record InstructionCreatedMail(string Dossier, InstructionSeverity Severity, string Text, string Cause, DateTime CreatedAt);

/// <summary>The model of the host's <c>instructions-reminder</c> template: <c>generated_at</c> and <c>instructions</c>.</summary>
/// <param name="GeneratedAt">When the reminder was made, in the office's time zone.</param>
/// <param name="Instructions">The open instructions, oldest first.</param>
public sealed record InstructionsReminderMail(DateTime GeneratedAt, IReadOnlyList<InstructionCreatedMail> Instructions);

/// <summary>The mail template names.</summary>
internal static class MailTemplates
{
    public const string InstructionCreated = "instruction-created";
    public const string InstructionsReminder = "instructions-reminder";
}
