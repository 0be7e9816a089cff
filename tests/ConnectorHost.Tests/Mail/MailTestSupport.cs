using System.Collections.Concurrent;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Mail;
using Microsoft.Extensions.Logging;

using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Mail;

/// <summary>Mail helpers on a temporary folder.</summary>
internal static class TempFolderTemplates
{
    /// <summary>Writes <c>name.part.scriban</c> (part: subject, text, html) and returns its full path.</summary>
    public static string WriteTemplate(this TempFolder folder, string name, string part, string content)
    {
        var file = folder.Combine($"{name}.{part}.scriban");
        File.WriteAllText(file, content);
        return file;
    }
}

/// <summary>The host's mailer with the default templates, delivering through the test's SMTP server.</summary>
internal static class SmtpTestMailer
{
    /// <summary>A mailer to <c>administratie@kantoor.nl</c> through <paramref name="server"/>, with the shipped templates.</summary>
    public static IMailer Create(SmtpServerFixture server, string dataFolder, TimeProvider clock) => Mailer.Create(
        new MailSettings
        {
            Delivery = MailDelivery.Smtp,
            From = "connectorhost@kantoor.nl",
            DefaultTo = ["administratie@kantoor.nl"],
            Smtp = new SmtpMailSettings { Host = "127.0.0.1", Port = server.Port, Security = SmtpSecurity.None, TimeoutSeconds = 30 },
        },
        Path.Combine(RepoRoot.Find(), "config"),
        dataFolder,
        Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
        clock);
}

/// <summary>A logger that keeps its lines.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, formatter(state, exception)));
}

/// <summary>The model of the test templates.</summary>
public sealed record GreetingModel(string Name, int Count, IReadOnlyList<GreetingItem> Items, DateTime CreatedAt);

/// <summary>A list item of <see cref="GreetingModel"/>.</summary>
public sealed record GreetingItem(string FileName);

internal static class Greeting
{
    public const string Name = "greeting";
    public const string Subject = "Hello {{ model.name }}\n  ({{ count }} files)\n";
    public const string Text = "Dear {{ name }},\n{{ for item in items }}- {{ item.file_name }}\n{{ end }}Created {{ model.created_at | date.to_string '%d-%m-%Y %H:%M' }}\n";
    public const string Html = "<p>Dear {{ name | html.escape }}, {{ items.size }} files.</p>";

    public static GreetingModel Model => new(
        "Jansen & Zn <BV>", 2, [new GreetingItem("a.pdf"), new GreetingItem("b.xbrl")], new DateTime(2026, 11, 23, 9, 5, 0));

    public const string ExpectedSubject = "Hello Jansen & Zn <BV> (2 files)";
    public const string ExpectedText = "Dear Jansen & Zn <BV>,\n- a.pdf\n- b.xbrl\nCreated 23-11-2026 09:05\n";
    public const string ExpectedHtml = "<p>Dear Jansen &amp; Zn &lt;BV&gt;, 2 files.</p>";

    public static void WriteAll(TempFolder folder, bool html = true)
    {
        folder.WriteTemplate(Name, "subject", Subject);
        folder.WriteTemplate(Name, "text", Text);
        if (html)
        {
            folder.WriteTemplate(Name, "html", Html);
        }
    }

    public static ScribanMailRenderer Renderer(TempFolder folder) => new(new MailTemplateStore(folder.Path));
}
