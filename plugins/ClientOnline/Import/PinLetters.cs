using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scriban;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// PINs and the letters that carry them (PO-4, PO-6): a PIN is drawn from a cryptographic random source, kept in the
/// state store only until its letter is written, then only as a keyed hash (<see cref="PinHashes"/>). Letters are rendered from the
/// admin's Scriban template (HTML), one file per user, ready to print. A PIN never goes into a log line.
/// </summary>
internal static class PinLetters
{
    public static string NewPin(int length) =>
        RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, length)).ToString("D" + length.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Parses the letter template; errors name the file and the line.</summary>
    /// <exception cref="ImportFileException">The template is missing or does not parse.</exception>
    public static Template LoadTemplate(string path)
    {
        if (!File.Exists(path))
        {
            throw new ImportFileException($"The PIN letter template {path} does not exist; set 'letterTemplate' or add the file (see config/templates/pin-letter.scriban).");
        }

        var template = Template.Parse(File.ReadAllText(path), path);
        return template.HasErrors
            ? throw new ImportFileException($"The PIN letter template {path} has errors: {string.Join("; ", template.Messages.Select(m => m.ToString()))}")
            : template;
    }

    /// <summary>
    /// Writes one letter (atomically: a temporary file, then a rename). A letter holds a PIN: it is created readable by
    /// the host's user only (0600, its folder 0700 when the import creates it; FH-8), never readable by others first.
    /// </summary>
    /// <returns>The letter's path.</returns>
    public static string Write(Template template, string folder, LetterModel model)
    {
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        var html = template.Render(model);
        var name = Safe(model.ClientHiddenId) + "_" + Safe(model.Login) + ".html";
        var path = Path.Combine(folder, name);
        var temp = path + ".tmp";
        File.Delete(temp); // a left-over of a crash keeps its mode when written over
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temp, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            writer.Write(html);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string Safe(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '@' ? c : '_'));
}

/// <summary>What a PIN letter template sees (in snake case: <c>ClientName</c> is <c>{{ client_name }}</c>).</summary>
internal sealed record LetterModel(
    string ClientName,
    string ClientHiddenId,
    string? ClientKvk,
    string? Address,
    string? PostalCode,
    string? City,
    string FullName,
    string Login,
    string Pin,
    string LetterDate);
