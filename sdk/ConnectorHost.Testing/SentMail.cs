namespace ConnectorHost.Testing;

/// <summary>One mail the <see cref="RecordingMailer"/> rendered, as the recipient would read it.</summary>
/// <param name="TemplateName">The template the component asked for.</param>
/// <param name="To">The recipients' addresses (the default recipients when the component gave none).</param>
/// <param name="Subject">The rendered subject.</param>
/// <param name="Text">The rendered plain-text body.</param>
/// <param name="Html">The rendered HTML body, or null when the template has none.</param>
public sealed record SentMail(string TemplateName, IReadOnlyList<string> To, string Subject, string Text, string? Html);
