namespace ConnectorHost.Abstractions.Mail;

/// <summary>
/// Sends mails rendered from the admin's Scriban templates in <c>config/templates</c>. A template
/// <c>name</c> consists of <c>name.subject.scriban</c>, <c>name.text.scriban</c> and optionally
/// <c>name.html.scriban</c>.
/// </summary>
public interface IMailer
{
    /// <summary>Renders a template against a model and delivers the mail.</summary>
    /// <param name="templateName">The template's name, for example <c>instruction-created</c>.</param>
    /// <param name="model">The object the template sees as <c>model</c>; its properties in snake_case too.</param>
    /// <param name="to">The recipients; when empty, the host's configured default recipients.</param>
    /// <param name="cancellationToken">Stops the delivery.</param>
    /// <returns>A task that completes when the mail is delivered (or written to the pickup folder).</returns>
    Task SendAsync(string templateName, object model, IReadOnlyList<string>? to, CancellationToken cancellationToken);
}
