using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Scriban;
using Scriban.Runtime;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// PINs and the letters that carry them (PO-4, PO-6): a PIN is drawn from a cryptographic random source, kept in the
/// state store only until its letter is written, then only as a keyed hash (<see cref="PinHashes"/>). Letters are rendered from the
/// admin's Scriban template (HTML), one file per user, ready to print. A PIN never goes into a log line.
/// </summary>
internal static class PinLetters
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string NewPin(int length) =>
        RandomNumberGenerator.GetInt32(0, (int)Math.Pow(10, length)).ToString("D" + length.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Parses the letter template; errors name the file and the line.</summary>
    /// <exception cref="ImportFileException">The template is missing or does not parse.</exception>
    public static LetterTemplate LoadTemplate(string path)
    {
        if (!File.Exists(path))
        {
            throw new ImportFileException($"The PIN letter template {path} does not exist; set 'letterTemplate' or add the file (see config/templates/pin-letter.scriban).");
        }

        var template = Template.Parse(File.ReadAllText(path), path);
        return template.HasErrors
            ? throw new ImportFileException($"The PIN letter template {path} has errors: {string.Join("; ", template.Messages.Select(m => m.ToString()))}")
            : new LetterTemplate(template);
    }

    /// <summary>
    /// Writes one letter (atomically: a temporary file, then a rename). A letter holds a PIN: it is created readable by
    /// the host's user only (0600, its folder 0700 when the import creates it; FH-8), never readable by others first.
    /// The file is written in one call, unbuffered; the folder is created when a letter finds it missing.
    /// </summary>
    /// <returns>The letter's path.</returns>
    public static string Write(LetterTemplate template, string folder, LetterModel model)
    {
        var bytes = Utf8.GetBytes(template.Render(model));
        var path = Path.Combine(folder, Safe(model.ClientHiddenId) + "_" + Safe(model.Login) + ".html");
        var temp = path + ".tmp";
        try
        {
            WriteNew(temp, bytes);
        }
        catch (IOException ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            // The folder is missing (ENOENT). .NET says FileNotFound instead of DirectoryNotFound when another letter
            // written at the same time created the folder between this open and .NET's look at the folder.
            CreateFolder(folder);
            WriteNew(temp, bytes);
        }
        catch (IOException) when (File.Exists(temp))
        {
            File.Delete(temp); // a left-over of a crash: written anew, so that it gets the mode of a new letter
            WriteNew(temp, bytes);
        }

        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static void WriteNew(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(bytes);
    }

    private static void CreateFolder(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }
    }

    private static string Safe(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '@' ? c : '_'));
}

/// <summary>
/// A parsed letter template and the contexts that render it. A Scriban <see cref="TemplateContext"/> copies every
/// built-in function when it is made, and <c>Template.Render(model)</c> makes one per
/// letter and reads the model by reflection: a third of a letter's CPU. Here a context is made once per letter
/// rendered at the same time (at most the pipeline's <c>maxInFlight</c>) and kept, and the model's fields are set by
/// name (OF-2). A context that failed to render is not kept.
/// </summary>
internal sealed class LetterTemplate(Template template)
{
    private readonly ConcurrentBag<TemplateContext> _contexts = [];

    public string Render(LetterModel model)
    {
        var context = _contexts.TryTake(out var kept) ? kept : new TemplateContext
        {
            // As Template.Render(model) sets them.
            EnableRelaxedMemberAccess = true,
            MemberRenamer = StandardMemberRenamer.Default,
        };
        context.PushGlobal(model.ToScriptObject());
        context.PushOutput();
        var html = template.Render(context);
        context.PopOutput();
        context.PopGlobal();
        _contexts.Add(context);
        return html;
    }
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
    string LetterDate)
{
    /// <summary>The fields by the names the template uses (those of <see cref="StandardMemberRenamer"/>).</summary>
    public ScriptObject ToScriptObject() => new(10)
    {
        ["client_name"] = ClientName,
        ["client_hidden_id"] = ClientHiddenId,
        ["client_kvk"] = ClientKvk,
        ["address"] = Address,
        ["postal_code"] = PostalCode,
        ["city"] = City,
        ["full_name"] = FullName,
        ["login"] = Login,
        ["pin"] = Pin,
        ["letter_date"] = LetterDate,
    };
}
