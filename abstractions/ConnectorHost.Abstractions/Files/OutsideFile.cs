using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ConnectorHost.Abstractions.Files;

/// <summary>What kind of entry a path names, as the file system says without following a link.</summary>
public enum OutsideFileType
{
    /// <summary>Nothing at that path.</summary>
    Missing,

    /// <summary>A regular file: the only kind that is read.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (never followed).</summary>
    SymbolicLink,

    /// <summary>A named pipe: opening it for reading blocks until some program writes to it.</summary>
    Fifo,

    /// <summary>A character device (<c>/dev/zero</c>, a terminal): endless or blocking.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix socket.</summary>
    Socket,
}

/// <summary>One look at a path: its type, size and number of hard links.</summary>
/// <param name="Path">The path looked at.</param>
/// <param name="Type">What it is.</param>
/// <param name="Length">Its size in bytes (0 unless regular).</param>
/// <param name="Links">How many names the file has on its disk (hard links); 1 where the system does not tell.</param>
public sealed record OutsideFileStatus(string Path, OutsideFileType Type, long Length, long Links)
{
    /// <summary>
    /// Why the file must not be read (FH-1, FH-10), in words for the office, or <c>null</c> when it is a regular file
    /// with one name. A link, a folder, a pipe, a device or a socket is refused without being opened; a file with more
    /// than one hard link too, because a second name can make a file from outside a folder look like one in it.
    /// </summary>
    public string? Refusal
    {
        get
        {
            var name = System.IO.Path.GetFileName(Path);
            return Type switch
            {
                OutsideFileType.Regular when Links > 1 =>
                    $"'{name}' has {Links} hard links (the same file also has another name on this disk); it is not read, because a link can bring in a file from outside the folder. Put a copy of the file in the folder (copy, not ln).",
                OutsideFileType.Regular => null,
                OutsideFileType.Missing => $"'{name}' is gone.",
                _ => $"'{name}' is {Describe(Type)}, not a regular file; it is not opened (reading it could block or never end). Remove it and put the document itself in the folder.",
            };
        }
    }

    private static string Describe(OutsideFileType type) => type switch
    {
        OutsideFileType.Directory => "a folder",
        OutsideFileType.SymbolicLink => "a symbolic link",
        OutsideFileType.Fifo => "a named pipe (FIFO)",
        OutsideFileType.CharacterDevice => "a character device",
        OutsideFileType.BlockDevice => "a block device",
        OutsideFileType.Socket => "a socket",
        _ => type.ToString(),
    };
}

/// <summary>
/// Reads files that come from outside (a source folder, a secret file, an import) safely: the type is checked before
/// opening, the open itself never waits for a writer (a named pipe is refused, not waited on), and what was opened is
/// checked again, so a file swapped between the look and the open is caught (FH-1, FH-10). On Linux the checks use
/// <c>statx</c>; elsewhere only folders and links are told apart and a file counts as having one name.
/// </summary>
public static class OutsideFile
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxNlink = 0x4;
    private const uint StatxSize = 0x200;
    private const int ORdOnly = 0;
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int Enoent = 2;
    private const int Enotdir = 20;

    /// <summary>Looks at a path without following a link and without opening it.</summary>
    /// <param name="path">The path.</param>
    /// <returns>What is there.</returns>
    public static OutsideFileStatus Inspect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!OperatingSystem.IsLinux())
        {
            return InspectPortable(path);
        }

        var buffer = new byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxNlink | StatxSize, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir)
            {
                return new OutsideFileStatus(path, OutsideFileType.Missing, 0, 0);
            }

            throw new IOException($"'{path}' cannot be looked at: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        return FromStatx(path, buffer);
    }

    /// <summary>
    /// Opens a regular file for reading, without ever waiting on a named pipe, and checks what was opened.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="bufferSize">The stream's buffer (1: none).</param>
    /// <returns>The open file.</returns>
    /// <exception cref="OutsideFileRefusedException">It is not a regular file with one name.</exception>
    /// <exception cref="FileNotFoundException">It is gone.</exception>
    public static FileStream OpenRead(string path, int bufferSize = 1)
    {
        var before = Inspect(path);
        if (before.Type == OutsideFileType.Missing)
        {
            throw new FileNotFoundException($"'{path}' is gone.", path);
        }

        if (before.Refusal is { } refusal)
        {
            throw new OutsideFileRefusedException(before, refusal);
        }

        if (!OperatingSystem.IsLinux())
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize, FileOptions.None);
        }

        var fd = Open(path, ORdOnly | ONonBlock | OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno == Enoent
                ? new FileNotFoundException($"'{path}' is gone.", path)
                : new IOException($"'{path}' cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var buffer = new byte[256];
            if (Statx(fd, string.Empty, AtEmptyPath, StatxType | StatxMode | StatxNlink | StatxSize, buffer) != 0)
            {
                throw new IOException($"'{path}' cannot be looked at after opening: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            var opened = FromStatx(path, buffer);
            if (opened.Refusal is { } changed)
            {
                throw new OutsideFileRefusedException(opened, changed);
            }

            return new FileStream(handle, FileAccess.Read, bufferSize);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads a whole regular file of at most <paramref name="maxBytes"/>, giving up after <paramref name="deadline"/>:
    /// a read that hangs (a network share that stopped answering) leaves its thread behind and throws
    /// <see cref="TimeoutException"/> naming the file, so the caller goes on.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The most it may hold.</param>
    /// <param name="deadline">How long the read may take.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The bytes.</returns>
    public static async Task<byte[]> ReadAllBytesAsync(string path, long maxBytes, TimeSpan deadline, CancellationToken cancellationToken = default)
    {
        var read = Task.Run(
            () =>
            {
                using var stream = OpenRead(path);
                if (stream.Length > maxBytes)
                {
                    throw new OutsideFileRefusedException(
                        Inspect(path),
                        $"'{Path.GetFileName(path)}' is {stream.Length:N0} bytes; at most {maxBytes:N0} bytes are read from it.");
                }

                var bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
                return bytes;
            },
            CancellationToken.None);
        try
        {
            return await read.WaitAsync(deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Reading '{path}' did not finish within {deadline.TotalSeconds:0.#} s (a network share that stopped answering?); it was given up.");
        }
    }

    private static OutsideFileStatus FromStatx(string path, byte[] buffer)
    {
        // struct statx: stx_nlink (u32) at 16, stx_mode (u16) at 28, stx_size (u64) at 40; the same on every architecture.
        var links = BitConverter.ToUInt32(buffer, 16);
        var mode = BitConverter.ToUInt16(buffer, 28);
        var size = BitConverter.ToInt64(buffer, 40);
        var type = (mode & 0xF000) switch
        {
            0x8000 => OutsideFileType.Regular,
            0x4000 => OutsideFileType.Directory,
            0xA000 => OutsideFileType.SymbolicLink,
            0x1000 => OutsideFileType.Fifo,
            0x2000 => OutsideFileType.CharacterDevice,
            0x6000 => OutsideFileType.BlockDevice,
            _ => OutsideFileType.Socket,
        };
        return new OutsideFileStatus(path, type, type == OutsideFileType.Regular ? size : 0, links);
    }

    private static OutsideFileStatus InspectPortable(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return new OutsideFileStatus(path, OutsideFileType.SymbolicLink, 0, 1);
        }

        if (Directory.Exists(path))
        {
            return new OutsideFileStatus(path, OutsideFileType.Directory, 0, 1);
        }

        return info.Exists ? new OutsideFileStatus(path, OutsideFileType.Regular, info.Length, 1) : new OutsideFileStatus(path, OutsideFileType.Missing, 0, 0);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Open(string path, int flags);
}

/// <summary>A file from outside that is not read: not a regular file, or one with more than one name (FH-1, FH-10).</summary>
public class OutsideFileRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public OutsideFileRefusedException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    public OutsideFileRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why.</param>
    /// <param name="innerException">The cause.</param>
    public OutsideFileRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="status">What the file is.</param>
    /// <param name="reason">Why it is not read, for the office.</param>
    public OutsideFileRefusedException(OutsideFileStatus status, string reason)
        : base(reason) => Status = status;

    /// <summary>What the file is, when known.</summary>
    public OutsideFileStatus? Status { get; }
}
