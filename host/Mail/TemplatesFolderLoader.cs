using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace ConnectorHost.Mail;

/// <summary>
/// Serves Scriban's <c>include 'name'</c> from the templates folder only: <c>include 'footer.text'</c> reads
/// <c>footer.text.scriban</c> beside the templates. Absolute paths, <c>..</c> out of the folder and links that
/// lead out of it are refused.
/// </summary>
internal sealed class TemplatesFolderLoader : ITemplateLoader
{
    private const string Extension = ".scriban";
    private readonly string _folder;

    public TemplatesFolderLoader(string folder) => this._folder = Path.GetFullPath(folder);

    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        if (string.IsNullOrWhiteSpace(templateName) || Path.IsPathRooted(templateName))
        {
            throw new ScriptRuntimeException(
                callerSpan,
                $"include '{templateName}' is refused: give a file name inside the templates folder {_folder}, like 'footer.text'.");
        }

        var fileName = templateName.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? templateName : templateName + Extension;
        var path = Path.GetFullPath(Path.Combine(_folder, fileName));
        if (!PathGuard.IsInside(_folder, path))
        {
            throw new ScriptRuntimeException(
                callerSpan,
                $"include '{templateName}' is refused: it points outside the templates folder {_folder}; only files inside it can be included.");
        }

        return path;
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
    {
        try
        {
            return File.ReadAllText(templatePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScriptRuntimeException(callerSpan, $"include: cannot read {templatePath}: {e.Message}");
        }
    }

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        ValueTask.FromResult<string?>(Load(context, callerSpan, templatePath));
}

/// <summary>Checks that a path stays inside a folder, also through symbolic links.</summary>
internal static class PathGuard
{
    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>True when <paramref name="path"/> is below <paramref name="root"/> and no link on the way leads out.</summary>
    public static bool IsInside(string root, string path)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var full = Path.GetFullPath(path);
        if (!IsBelow(rootFull, full))
        {
            return false;
        }

        for (var current = full; current is not null && IsBelow(rootFull, current); current = Path.GetDirectoryName(current))
        {
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is null)
            {
                continue;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is null || !IsBelow(rootFull, Path.GetFullPath(target.FullName)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBelow(string rootFull, string full) =>
        full.Length > rootFull.Length + 1
        && full.StartsWith(rootFull, PathComparison)
        && (full[rootFull.Length] == Path.DirectorySeparatorChar || full[rootFull.Length] == Path.AltDirectorySeparatorChar);
}
