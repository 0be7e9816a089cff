using ConnectorHost.Abstractions.Mail;

namespace ConnectorHost.Mail;

/// <summary>The template names of the mails the host itself sends, with the models they render.</summary>
public static class MailTemplates
{
    /// <summary>A new accountant instruction; model <see cref="InstructionCreatedMail"/> (in the abstractions, shared with plugins).</summary>
    public const string InstructionCreated = InstructionCreatedMail.Template;

    /// <summary>The periodic list of open instructions; model <see cref="InstructionsReminderMail"/>.</summary>
    public const string InstructionsReminder = InstructionsReminderMail.Template;

    /// <summary>A document the host gave up on; model <see cref="DocumentFinallyFailedMail"/>.</summary>
    public const string DocumentFinallyFailed = "document-finally-failed";
}

/// <summary>The model of <c>document-finally-failed</c>: <c>file_name</c>, <c>pipeline</c>, <c>attempts</c>,
/// <c>last_error</c>, <c>failed_at</c>.</summary>
/// <param name="FileName">The document's file name.</param>
/// <param name="Pipeline">The pipeline (document source) it came from.</param>
/// <param name="Attempts">How many times it was tried.</param>
/// <param name="LastError">The error of the last attempt.</param>
/// <param name="FailedAt">When the last attempt failed, in the office's time zone.</param>
public sealed record DocumentFinallyFailedMail(string FileName, string Pipeline, int Attempts, string LastError, DateTime FailedAt);
