using System.Globalization;
using MimeKit;

namespace ConnectorHost.Mail;

/// <summary>
/// Writes each mail as <c>&lt;utc-timestamp&gt;-&lt;guid&gt;.eml</c> into a folder. The file is written under a
/// temporary name (<c>.&lt;name&gt;.eml.tmp</c>) and then renamed, so that a reader of the folder never sees half a mail.
/// </summary>
public sealed class PickupFolderDelivery : IMailDelivery
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the delivery.</summary>
    /// <param name="folder">The pickup folder; created when missing.</param>
    /// <param name="timeProvider">The clock for the file names; the system clock when null.</param>
    public PickupFolderDelivery(string folder, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        this._timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The pickup folder, as an absolute path.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public string Description => "pickup folder " + Folder;

    /// <inheritdoc />
    public async Task<string> DeliverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = _timeProvider.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)
            + "-" + Guid.NewGuid().ToString("N") + ".eml";
        var path = Path.Combine(Folder, name);
        var temporary = Path.Combine(Folder, "." + name + ".tmp");
        try
        {
            Directory.CreateDirectory(Folder);
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await message.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: false);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new MailDeliveryException(
                $"Could not write the mail to the pickup folder {Folder}: {e.Message} Check that the folder exists or can be created and that the host may write to it.",
                e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind; its temporary name keeps readers of the folder away from it.
        }
    }
}
