using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ConnectorHost.Plugins;

/// <summary>
/// FH-6: who may put code in the host. A plugin runs with the host's rights, so whoever can write its folder or one of
/// its files can run code as the host. Before a plugin is loaded, the plugins folder (and the folders above it), the
/// plugin's folder with everything in it must be writable by no one but the host's own user (or root): not owned by
/// another user, not group- or world-writable. Folders above the plugins folder with the sticky bit (<c>/tmp</c>) are
/// accepted, as others cannot replace what is in them. The setting <c>host.allowPluginsWritableByOthers</c> turns the
/// check off, for a folder managed on purpose by a group of admins.
/// </summary>
/// <remarks>On Windows the check is not made (rights there are ACLs; see docs/install.md).</remarks>
public static class PluginFolderPermissions
{
    private const string SettingHint = "host.allowPluginsWritableByOthers";

    /// <summary>Refuses the plugins folder itself when others may write it or a folder above it.</summary>
    /// <param name="pluginsFolder">The plugins folder (full path).</param>
    /// <exception cref="PluginRefusedException">Someone else may write it.</exception>
    public static void VerifyRoot(string pluginsFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginsFolder);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(pluginsFolder));
        Check(folder, ancestor: false);
        for (var parent = Path.GetDirectoryName(folder); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            Check(parent, ancestor: true);
        }
    }

    /// <summary>Refuses a plugin folder when others may write it or anything in it.</summary>
    /// <param name="pluginFolder">One plugin's folder (full path).</param>
    /// <exception cref="PluginRefusedException">Someone else may write it or one of its files.</exception>
    public static void VerifyPlugin(string pluginFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pluginFolder);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Check(pluginFolder, ancestor: false);
        foreach (var entry in Directory.EnumerateFileSystemEntries(pluginFolder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            Check(entry, ancestor: false);
        }
    }

    /// <summary>The SHA-256 of a file, in lower-case hex (what the load log line, the audit and the dashboard show).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The hash, or "unreadable: …" when the file cannot be read.</returns>
    public static string Sha256(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + ex.Message;
        }
    }

    private static void Check(string path, bool ancestor)
    {
        var (mode, owner) = Stat(path);
        var self = GetEuid();
        var kind = (mode & 0xF000) == 0x4000 ? "folder" : "file";
        var groupOrWorld = mode & 0x12; // S_IWGRP | S_IWOTH
        var sticky = (mode & 0x200) != 0 && (mode & 0xF000) == 0x4000;
        if (owner != self && owner != 0)
        {
            throw Refused(path, kind, string.Create(CultureInfo.InvariantCulture, $"it belongs to user id {owner}, not to the host's user (id {self}) or root, so that user may change it"));
        }

        if (groupOrWorld != 0 && !(ancestor && sticky))
        {
            var who = (groupOrWorld & 0x2) != 0 ? "every local user" : "its group";
            throw Refused(path, kind, string.Create(CultureInfo.InvariantCulture, $"{who} may write it (mode {Convert.ToString(mode & 0xFFF, 8)})"));
        }
    }

    private static PluginRefusedException Refused(string path, string kind, string why) => new(
        $"The plugin is not loaded: the {kind} {path} may be changed by others than the host's user: {why}. Whoever can write there can run code " +
        $"inside the host. Make the host's user (or root) its owner and take write access from group and others (chmod go-w), or set {SettingHint}: true " +
        "if a group of admins manages the folder on purpose. See docs/install.md, Security.");

    /// <summary>The mode bits and the owner of a file or folder (following a symbolic link to what it points at).</summary>
    private static (int Mode, uint Owner) Stat(string path)
    {
        // statx(2): its struct has the same layout on every architecture (stx_uid at 20, stx_mode at 28 of 256 bytes).
        var buffer = new byte[256];
        if (Statx(-100 /* AT_FDCWD */, path, 0, 0x7ff /* STATX_BASIC_STATS */, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            throw new PluginRefusedException(string.Create(CultureInfo.InvariantCulture, $"The plugin is not loaded: the owner and rights of {path} cannot be read ({Marshal.GetPInvokeErrorMessage(error)}), so it is not known who may change it."));
        }

        return (BitConverter.ToUInt16(buffer, 28), BitConverter.ToUInt32(buffer, 20));
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
