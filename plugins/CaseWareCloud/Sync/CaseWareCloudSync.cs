using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.CaseWareCloud.AuditCase;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>
/// <c>casewarecloud.sync</c>: each run reads AuditCase's clients and contact persons and brings CaseWare Cloud in
/// line with them. Only linked business clients that are not suspect are sent (CW-1, CW-2), and only the contact
/// persons of sent clients (CW-5) that have an e-mail of their own, their login (CW-7). Only what changed since the
/// last run is sent (a SHA-256 fingerprint per record). Unlinking or deleting revokes a contact's access and sets a
/// client's entity Inactive (CW-6). Each record's state is written as soon as CaseWare Cloud took it, and an entity or
/// contact is looked up by client number or e-mail before it is created, so a run cut off by a crash resumes without
/// duplicates. The admin views <c>clients</c> and <c>contacts</c> show where each record stands and why
/// (<see cref="CaseWareCloudSyncCommands"/>); the clients are reconciled by <see cref="EntityReconciler"/>, their
/// contact persons by <see cref="ContactReconciler"/>.
/// </summary>
public sealed class CaseWareCloudSync : ISyncTask, IAdminCommands, IDisposable
{
    private readonly IAuditCaseSource _source;
    private readonly CaseWareCloudClient _client;
    private readonly SyncRecords _records;
    private readonly TimeProvider _clock;
    private readonly ClientRules _rules;
    private readonly int _progressEvery;
    private readonly int _batchSize;
    private readonly ILogger _logger;
    private readonly CaseWareCloudSyncCommands _commands;

    internal CaseWareCloudSync(IAuditCaseSource source, CaseWareCloudClient client, SyncRecords records, TimeProvider clock, CaseWareCloudSyncSettings settings, ILogger logger)
    {
        _source = source;
        _client = client;
        _records = records;
        _clock = clock;
        _rules = new ClientRules(settings.PrivateKinds, settings.ExcludedStatuses);
        _progressEvery = settings.ProgressEvery;
        _batchSize = settings.BatchSize;
        _logger = logger;
        _commands = new CaseWareCloudSyncCommands(records);
    }

    /// <inheritdoc />
    public IReadOnlyList<AdminCommand> Commands => _commands.Commands;

    internal CaseWareCloudClient Client => _client;

    /// <inheritdoc />
    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await SyncAsync(cancellationToken).ConfigureAwait(false);
            return SyncResult.Success(report.Summary);
        }
        catch (AuditCaseExportChangedException e)
        {
            _logger.LogUnavailable(e.Message);
            return SyncResult.Transient($"{e.Message} What was sent before is kept; the next run reads the new export.");
        }
        catch (AuditCaseSourceException e)
        {
            _logger.LogSourceFailed(e.Message);
            return SyncResult.NeedsPerson(new Instruction("casewarecloud", InstructionSeverity.Orange, $"The AuditCase clients could not be read; nothing was sent: {e.Message}", "casewarecloud-source"));
        }
        catch (CaseWareCloudAuthenticationException e)
        {
            _logger.LogAuthenticationFailed(e.Message);
            return SyncResult.NeedsPerson(new Instruction("casewarecloud", InstructionSeverity.Orange, e.Message, "casewarecloud-authentication"));
        }
        catch (CaseWareCloudUnavailableException e)
        {
            _logger.LogUnavailable(e.Message);
            return SyncResult.Transient($"{e.Message} What was sent before is kept; the next run goes on from there.");
        }
    }

    /// <inheritdoc />
    public Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken) => ((IAdminCommands)_commands).RunAsync(request, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>One run; throws for a failure that stops it.</summary>
    internal async Task<SyncReport> SyncAsync(CancellationToken cancellationToken)
    {
        // An export that did not change since a run went through all of it has nothing to send: that run's records say
        // so. Not read at all (at 20,000 clients that is ~100 MB of objects per run for nothing).
        var version = await _source.VersionAsync(cancellationToken).ConfigureAwait(false) is { } exported ? $"{exported}; {_rules.Fingerprint}" : null;
        var complete = await _records.CompleteRunAsync(cancellationToken).ConfigureAwait(false);
        if (version is not null && complete?.Version == version)
        {
            var unchanged = new SyncReport { UnchangedSince = complete };
            _logger.LogFinished(unchanged.Summary);
            return unchanged;
        }

        if (complete is not null)
        {
            await _records.ForgetCompleteRunAsync(cancellationToken).ConfigureAwait(false);
        }

        var callsBefore = _client.Calls;
        var writesBefore = _client.WriteCalls;
        var export = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
        var run = new SyncRun(_client, _records, _clock, _progressEvery, _batchSize, _logger, cancellationToken);
        var entities = new EntityReconciler(run, _rules);
        var contacts = new ContactReconciler(run, entities);
        _logger.LogStarted(export.ClientCount, export.ContactCount);
        try
        {
            // Every client first (batch by batch), so each contact person finds its client's entity (CW-5).
            await entities.ClientsAsync(export).ConfigureAwait(false);
            await contacts.ContactsAsync(export).ConfigureAwait(false);
        }
        finally
        {
            run.Report.ApiCalls = _client.Calls - callsBefore;
            run.Report.WriteCalls = _client.WriteCalls - writesBefore;
        }

        _logger.LogFinished(run.Report.Summary);
        if (version is not null)
        {
            await _records.PutAsync(new CompleteRun(version, run.Now, run.Report.Summary), cancellationToken).ConfigureAwait(false);
        }

        if (run.Report.ContactsNotSent + run.Report.ClientsNotSent + run.Report.ClientsRejected + run.Report.ContactsRejected > 0)
        {
            _logger.LogSeeViews();
        }

        return run.Report;
    }
}
