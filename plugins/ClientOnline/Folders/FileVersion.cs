using System.Globalization;

namespace ConnectorHost.Plugins.ClientOnline.Folders;

/// <summary>
/// A file's version without reading it: its size, last-write time and creation time (where the file system keeps a
/// birth time, a file replaced by another gets a new one even with the same size and last-write time). .NET gives no
/// inode number, so the creation time stands in for it. Used to pass over unchanged pending files (an idle scan reads
/// nothing) and to check, before moving a file on an outcome, that it is still the version decided on (CO-13).
/// </summary>
internal static class FileVersion
{
    public static string Of(FileInfo file) => string.Create(
        CultureInfo.InvariantCulture,
        $"{file.Length}:{file.LastWriteTimeUtc.Ticks}:{file.CreationTimeUtc.Ticks}");
}
