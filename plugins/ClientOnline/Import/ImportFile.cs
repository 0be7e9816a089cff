using ConnectorHost.Abstractions.Files;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// The export or users file the import reads (FH-1, FH-10): only a regular file with one name. A file with a second
/// hard link (a link can bring in a file from outside the export's folder, which SEC-2's check of the path cannot
/// see), a named pipe, a device or a socket is refused with the reason before it is opened, and what is opened is
/// checked again. A symbolic link is followed to its file (where it may point is checked by <see cref="CommandPaths"/>).
/// </summary>
internal static class ImportFile
{
    /// <summary>The file to read: <paramref name="path"/>, or the file a symbolic link there points at.</summary>
    /// <exception cref="ImportFileException">It does not exist, or it is not a regular file with one name.</exception>
    public static string Check(string name, string path)
    {
        var real = Real(path);
        var status = OutsideFile.Inspect(real);
        if (status.Type == OutsideFileType.Missing)
        {
            throw new ImportFileException($"{name}: the file does not exist ({path}).");
        }

        return status.Refusal is { } refusal
            ? throw new ImportFileException($"{name}: refused: {refusal} Nothing was imported.")
            : real;
    }

    /// <summary>Opens the file <see cref="Check"/> gave, never waiting on a pipe, and refuses it if it was swapped.</summary>
    /// <exception cref="ImportFileException">It is no longer a regular file with one name, or it is gone.</exception>
    public static FileStream OpenRead(string name, string path, int bufferSize)
    {
        try
        {
            return OutsideFile.OpenRead(path, bufferSize);
        }
        catch (OutsideFileRefusedException ex)
        {
            throw new ImportFileException($"{name}: refused: {ex.Message} Nothing was imported.");
        }
        catch (FileNotFoundException)
        {
            throw new ImportFileException($"{name}: the file does not exist ({path}).");
        }
    }

    private static string Real(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetFullPath(target.FullName) : path;
    }
}
