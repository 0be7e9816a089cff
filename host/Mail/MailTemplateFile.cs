using Scriban;

namespace ConnectorHost.Mail;

/// <summary>One parsed template file, as cached by <see cref="MailTemplateStore"/>.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="Template">The parsed template (without errors).</param>
/// <param name="LastWriteTimeUtc">The file's last write time when it was parsed.</param>
/// <param name="Length">The file's length when it was parsed.</param>
public sealed record MailTemplateFile(string Path, Template Template, DateTime LastWriteTimeUtc, long Length);

/// <summary>The files of one mail template.</summary>
/// <param name="Name">The template's name, for example <c>instruction-created</c>.</param>
/// <param name="Subject"><c>name.subject.scriban</c>.</param>
/// <param name="Text"><c>name.text.scriban</c>.</param>
/// <param name="Html"><c>name.html.scriban</c>, when it exists.</param>
public sealed record MailTemplateSet(string Name, MailTemplateFile Subject, MailTemplateFile Text, MailTemplateFile? Html);

/// <summary>A rendered mail.</summary>
/// <param name="Subject">The subject, on one line.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body, when the template has one.</param>
public sealed record RenderedMail(string Subject, string Text, string? Html);
