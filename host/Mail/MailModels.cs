using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Mail;

/// <summary>The template names of the mails the host itself sends, with the models they render.</summary>
public static class MailTemplates
{
    /// <summary>A new accountant instruction; model <see cref="InstructionCreatedMail"/>.</summary>
    public const string InstructionCreated = "instruction-created";

    /// <summary>The periodic list of open instructions; model <see cref="InstructionsReminderMail"/>.</summary>
    public const string InstructionsReminder = "instructions-reminder";

    /// <summary>A document the host gave up on; model <see cref="DocumentFinallyFailedMail"/>.</summary>
    public const string DocumentFinallyFailed = "document-finally-failed";
}

/// <summary>The model of <c>instruction-created</c>: <c>dossier</c>, <c>severity</c> (<c>Orange</c> or <c>Red</c>),
/// <c>text</c>, <c>cause</c>, <c>created_at</c>.</summary>
/// <param name="Dossier">The dossier (or client) it concerns.</param>
/// <param name="Severity">Orange: the office can fix it; red: support must step in.</param>
/// <param name="Text">What to do.</param>
/// <param name="Cause">The machine-readable cause, for example <c>wrong-period</c>.</param>
/// <param name="CreatedAt">When the instruction was made, in the office's time zone.</param>
public sealed record InstructionCreatedMail(string Dossier, InstructionSeverity Severity, string Text, string Cause, DateTime CreatedAt)
{
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

/// <summary>The model of <c>instructions-reminder</c>: <c>generated_at</c> and the list <c>instructions</c>.</summary>
/// <param name="GeneratedAt">When the reminder was made, in the office's time zone.</param>
/// <param name="Instructions">The open instructions, oldest first.</param>
public sealed record InstructionsReminderMail(DateTime GeneratedAt, IReadOnlyList<OpenInstructionMailItem> Instructions);

/// <summary>One open instruction in <see cref="InstructionsReminderMail"/>: <c>dossier</c>, <c>severity</c>,
/// <c>text</c>, <c>cause</c>, <c>created_at</c>.</summary>
/// <param name="Dossier">The dossier (or client) it concerns.</param>
/// <param name="Severity">Orange: the office can fix it; red: support must step in.</param>
/// <param name="Text">What to do.</param>
/// <param name="Cause">The machine-readable cause.</param>
/// <param name="CreatedAt">When the instruction was made, in the office's time zone.</param>
public sealed record OpenInstructionMailItem(string Dossier, InstructionSeverity Severity, string Text, string Cause, DateTime CreatedAt);

/// <summary>The model of <c>document-finally-failed</c>: <c>file_name</c>, <c>pipeline</c>, <c>attempts</c>,
/// <c>last_error</c>, <c>failed_at</c>.</summary>
/// <param name="FileName">The document's file name.</param>
/// <param name="Pipeline">The pipeline (document source) it came from.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="LastError">The error of the last attempt.</param>
/// <param name="FailedAt">When the last attempt failed, in the office's time zone.</param>
public sealed record DocumentFinallyFailedMail(string FileName, string Pipeline, int Attempts, string LastError, DateTime FailedAt);
