using System.Security.Cryptography;
using System.Text;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;
using Microsoft.Extensions.Logging;

namespace Acme.Foo;

/// <summary>
/// Signs the inbox's new or changed files. What was signed is kept in the host's record store (collection
/// <see cref="Collection"/>, keyed by file name, with the content's SHA-256 as fingerprint), so a file is signed once
/// per content, across restarts. Offers the read-only view <c>list</c>.
/// </summary>
/// <remarks>
/// Created once per pipeline when the host starts (or a <c>command</c> runs) and used for every run until the host
/// stops; it holds no open resources, so it needs no <see cref="IDisposable"/>.
/// </remarks>
public sealed partial class SignTask(SignSettings settings, IComponentContext context) : ISyncTask, IAdminCommands
{
    /// <summary>The record collection of this plugin.</summary>
    public const string Collection = "acme.foo.signed";

    /// <summary>The commands the task offers, each with its handler (the host runs the handler of the command asked for).</summary>
    public static AdminCommandCollection<SignTask> Commands { get; } = new()
    {
        { new("list", "Show every signed file with its signature and when it was signed."), task => task.ListAsync },
    };

    private readonly ILogger _logger = context.LoggerFactory.CreateLogger<SignTask>();

    IReadOnlyList<AdminCommand> IAdminCommands.Commands => Commands.BindTo(this);

    /// <inheritdoc />
    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        var inbox = context.ResolvePath(settings.Inbox);
        var outbox = Directory.CreateDirectory(context.ResolvePath(settings.Outbox)).FullName;
        if (!Directory.Exists(inbox))
        {
            return SyncResult.Transient($"The inbox {inbox} does not exist. Create it, or correct 'inbox' in the pipeline's settings.");
        }

        var signed = new List<string>();
        var unchanged = 0;
        foreach (var file in Directory.GetFiles(inbox, settings.Pattern).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
            var fingerprint = Convert.ToHexString(SHA256.HashData(content));
            var known = await context.State.Records.GetAsync(Collection, name, cancellationToken).ConfigureAwait(false);
            if (known?.Fingerprint == fingerprint)
            {
                unchanged++;
                continue;
            }

            var signature = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.SigningKey), content));
            await File.WriteAllTextAsync(Path.Combine(outbox, name + ".sig"), signature, cancellationToken).ConfigureAwait(false);
            await context.State.Records.PutAsync(new StoredRecord(Collection, name, "signed", signature) { Fingerprint = fingerprint }, cancellationToken).ConfigureAwait(false);
            LogSigned(_logger, name, context.PipelineName);
            signed.Add(name);
        }

        if (signed.Count > 0 && settings.MailReport)
        {
            await context.Mail.SendAsync("acme.foo-report", new { Pipeline = context.PipelineName, Files = signed, Count = signed.Count }, null, cancellationToken).ConfigureAwait(false);
        }

        return SyncResult.Success($"{signed.Count} file(s) signed, {unchanged} unchanged ({Plugin.Name} {Plugin.Version})");
    }

    private async Task<AdminCommandResult> ListAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        var records = await context.State.Records.ListAsync(Collection, cancellationToken).ConfigureAwait(false);
        LogListed(_logger, records.Count, context.PipelineName);
        var rows = records.Select(r => new ResultRow([r.Key, r.Data, r.UpdatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)])).ToList();
        return AdminCommandResult.Success(
            $"{records.Count} file(s) signed",
            new ResultTable("Signed files", ["File", "Signature", "Signed at"], rows) { EmptyText = "Nothing signed yet." });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed {File} for pipeline {Pipeline}")]
    private static partial void LogSigned(ILogger logger, string file, string pipeline);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listed {Count} signed file(s) of pipeline {Pipeline}")]
    private static partial void LogListed(ILogger logger, int count, string pipeline);
}
