using System.Runtime.InteropServices;

namespace ConnectorHost.Composition;

/// <summary>
/// FH-8: what the host writes is its own. At start the process umask is set to 0077, so every file the host creates
/// (the state database with its -wal and -shm files, the logs, the mail outbox, PIN letters, moved-in outcome files
/// the host writes) is 0600 and every folder 0700, whatever umask the shell or service manager gave it. The systemd
/// unit sets <c>UMask=0077</c> too. Files an admin or the office's software put in a folder keep their own modes.
/// </summary>
internal static class FileModes
{
    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Sets the process umask to 0077 (no-op on Windows, where rights are ACLs inherited from the folder).</summary>
    public static void RestrictUmask()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = Umask(0x3F); // 0077
        }
    }

    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
