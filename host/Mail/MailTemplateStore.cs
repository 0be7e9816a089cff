using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Scriban;

namespace ConnectorHost.Mail;

/// <summary>
/// The mail templates in one folder: template <c>name</c> is <c>name.subject.scriban</c>, <c>name.text.scriban</c> and
/// the optional <c>name.html.scriban</c>. Parsed files are cached and parsed again when their last write time or
/// length changes, so that an admin's edit takes effect at the next mail without a restart. Thread-safe.
/// </summary>
public sealed partial class MailTemplateStore
{
    private readonly ConcurrentDictionary<string, MailTemplateFile> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates the store.</summary>
    /// <param name="folder">The templates folder; made absolute against the current directory when relative.</param>
    public MailTemplateStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The templates folder, as an absolute path.</summary>
    public string Folder { get; }

    /// <summary>The full path of one part of a template.</summary>
    /// <param name="templateName">The template's name.</param>
    /// <param name="part"><c>subject</c>, <c>text</c> or <c>html</c>.</param>
    /// <returns>The path, whether the file exists or not.</returns>
    public string PathOf(string templateName, string part)
    {
        CheckName(templateName);
        return Path.Combine(Folder, $"{templateName}.{part}.scriban");
    }

    /// <summary>The parsed files of a template, from the cache when the files did not change.</summary>
    /// <param name="templateName">The template's name, for example <c>instruction-created</c>.</param>
    /// <returns>The parsed files.</returns>
    /// <exception cref="MailTemplateException">A file is missing, unreadable or does not parse.</exception>
    public MailTemplateSet Get(string templateName)
    {
        var subjectPath = PathOf(templateName, "subject");
        var textPath = PathOf(templateName, "text");
        var subject = Load(subjectPath);
        var text = Load(textPath);
        if (subject is null || text is null)
        {
            var missing = new List<string>(2);
            if (subject is null)
            {
                missing.Add(subjectPath);
            }

            if (text is null)
            {
                missing.Add(textPath);
            }

            throw MailTemplateException.Missing(templateName, Folder, missing);
        }

        var html = Load(PathOf(templateName, "html"));
        return new MailTemplateSet(templateName, subject, text, html);
    }

    private MailTemplateFile? Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            _cache.TryRemove(path, out _);
            return null;
        }

        // The time and length are read before the content: a write in between makes them differ next time.
        var lastWrite = info.LastWriteTimeUtc;
        var length = info.Length;
        if (_cache.TryGetValue(path, out var cached) && cached.LastWriteTimeUtc == lastWrite && cached.Length == length)
        {
            return cached;
        }

        string source;
        try
        {
            source = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw MailTemplateException.Unreadable(path, e);
        }

        var template = Template.Parse(source, path);
        if (template.HasErrors)
        {
            _cache.TryRemove(path, out _);
            throw ScribanErrors.FromParserMessages(template.Messages, path, null);
        }

        var file = new MailTemplateFile(path, template, lastWrite, length);
        _cache[path] = file;
        return file;
    }

    private static void CheckName(string templateName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(templateName);
        if (!TemplateName().IsMatch(templateName) || templateName.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{templateName}' is not a valid mail template name: use letters, digits, '-', '_' and '.', like 'instruction-created'.",
                nameof(templateName));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex TemplateName();
}
