using System.Globalization;
using ConnectorHost.Abstractions.Commands;
using ConnectorHost.Abstractions.Sync;
using ConnectorHost.Plugins.CaseWareCloud.AuditCase;
using ConnectorHost.Plugins.Normalisation;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>What one run did, counted.</summary>
internal sealed record SyncReport
{
    public int Clients { get; set; }

    public int ClientsCreated { get; set; }

    public int ClientsUpdated { get; set; }

    public int ClientsMatched { get; set; }

    public int ClientsUnchanged { get; set; }

    public int ClientsDeactivated { get; set; }

    public int ClientsNotSent { get; set; }

    public int ClientsRejected { get; set; }

    public int Contacts { get; set; }

    public int ContactsCreated { get; set; }

    public int ContactsUpdated { get; set; }

    public int ContactsMatched { get; set; }

    public int ContactsUnchanged { get; set; }

    public int ContactsRevoked { get; set; }

    public int ContactsNotSent { get; set; }

    public int ContactsRejected { get; set; }

    public long ApiCalls { get; set; }

    public long WriteCalls { get; set; }

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"CaseWare Cloud: clients {ClientsCreated} created, {ClientsUpdated} updated, {ClientsMatched} matched, {ClientsUnchanged} unchanged, {ClientsDeactivated} deactivated, {ClientsNotSent} not sent, {ClientsRejected} rejected; "
        + $"contacts {ContactsCreated} created, {ContactsUpdated} updated, {ContactsMatched} matched, {ContactsUnchanged} unchanged, {ContactsRevoked} revoked, {ContactsNotSent} not sent, {ContactsRejected} rejected; {ApiCalls} API calls ({WriteCalls} writes)");
}

/// <summary>CaseWare Cloud refused one record (4xx); the run goes on with the others.</summary>
/// <summary>CaseWare Cloud refused a record; the reason without its closing full stop, so messages can go on after it.</summary>
internal sealed class RecordRejectedException(string reason) : Exception(reason.TrimEnd().TrimEnd('.'));

/// <summary>
/// <c>casewarecloud.sync</c>: each run reads AuditCase's clients and contact persons and brings CaseWare Cloud in
/// line with them. Only linked business clients that are not suspect are sent (CW-1, CW-2), and only the contact
/// persons of sent clients (CW-5) that have an e-mail of their own, their login (CW-7). Only what changed since the
/// last run is sent (a SHA-256 fingerprint per record). Unlinking or deleting revokes a contact's access and sets a
/// client's entity Inactive (CW-6). Each record's state is written as soon as CaseWare Cloud took it, and an entity or
/// contact is looked up by client number or e-mail before it is created, so a run cut off by a crash resumes without
/// duplicates. The admin views <c>clients</c> and <c>contacts</c> show where each record stands and why.
/// </summary>
public sealed partial class CaseWareCloudSync : ISyncTask, IAdminCommands, IDisposable
{
    /// <summary>Above this many creates in one run the whole list is fetched once instead of one search per record.</summary>
    private const int PrefetchThreshold = 50;

    private const int PageSize = 1000;

    private readonly IAuditCaseSource _source;
    private readonly CaseWareCloudClient _client;
    private readonly SyncRecords _records;
    private readonly TimeProvider _clock;
    private readonly HashSet<string> _privateKinds;
    private readonly HashSet<string> _excludedStatuses;
    private readonly int _progressEvery;
    private readonly ILogger _logger;

    internal CaseWareCloudSync(IAuditCaseSource source, CaseWareCloudClient client, SyncRecords records, TimeProvider clock, CaseWareCloudSyncSettings settings, ILogger logger)
    {
        _source = source;
        _client = client;
        _records = records;
        _clock = clock;
        _privateKinds = new HashSet<string>(settings.PrivateKinds, StringComparer.OrdinalIgnoreCase);
        _excludedStatuses = new HashSet<string>(settings.ExcludedStatuses, StringComparer.OrdinalIgnoreCase);
        _progressEvery = settings.ProgressEvery;
        _logger = logger;
    }

    /// <inheritdoc />
    public IReadOnlyList<AdminCommand> Commands { get; } =
    [
        new("clients", "Every AuditCase client with its link to CaseWare Cloud: sent, not sent and why (private, suspect, not linked), or rejected with CaseWare Cloud's reason; and when it was last synced."),
        new("contacts", "The contact persons that are not in CaseWare Cloud, with the reason: not linked, client not sent, no e-mail, an e-mail shared with another contact, or rejected."),
    ];

    internal CaseWareCloudClient Client => _client;

    /// <inheritdoc />
    public async Task<SyncResult> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await SyncAsync(cancellationToken).ConfigureAwait(false);
            return SyncResult.Success(report.Summary);
        }
        catch (AuditCaseSourceException e)
        {
            LogSourceFailed(e.Message);
            return SyncResult.NeedsPerson(new Instruction("casewarecloud", InstructionSeverity.Orange, $"The AuditCase clients could not be read; nothing was sent: {e.Message}", "casewarecloud-source"));
        }
        catch (CaseWareCloudAuthenticationException e)
        {
            LogAuthenticationFailed(e.Message);
            return SyncResult.NeedsPerson(new Instruction("casewarecloud", InstructionSeverity.Orange, e.Message, "casewarecloud-authentication"));
        }
        catch (CaseWareCloudUnavailableException e)
        {
            LogUnavailable(e.Message);
            return SyncResult.Transient($"{e.Message} What was sent before is kept; the next run goes on from there.");
        }
    }

    /// <inheritdoc />
    public async Task<AdminCommandResult> RunAsync(AdminCommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Command switch
        {
            "clients" => await ClientsViewAsync(cancellationToken).ConfigureAwait(false),
            "contacts" => await ContactsViewAsync(cancellationToken).ConfigureAwait(false),
            _ => AdminCommandResult.Failure($"Unknown command '{request.Command}'. Known: {string.Join(", ", Commands.Select(c => c.Name))}."),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>One run; throws for a failure that stops it.</summary>
    internal async Task<SyncReport> SyncAsync(CancellationToken cancellationToken)
    {
        var callsBefore = _client.Calls;
        var writesBefore = _client.WriteCalls;
        var export = await _source.ReadAsync(cancellationToken).ConfigureAwait(false);
        var run = new Run(this, await _records.ClientsAsync(cancellationToken).ConfigureAwait(false), await _records.ContactsAsync(cancellationToken).ConfigureAwait(false), cancellationToken);
        LogStarted(export.Clients.Count, export.Contacts.Count);
        try
        {
            await run.ClientsAsync(export.Clients).ConfigureAwait(false);
            await run.ContactsAsync(export.Contacts).ConfigureAwait(false);
        }
        finally
        {
            run.Report.ApiCalls = _client.Calls - callsBefore;
            run.Report.WriteCalls = _client.WriteCalls - writesBefore;
        }

        LogFinished(run.Report.Summary);
        if (run.Report.ContactsNotSent + run.Report.ClientsNotSent + run.Report.ClientsRejected + run.Report.ContactsRejected > 0)
        {
            LogSeeViews();
        }

        return run.Report;
    }

    /// <summary>Why a client cannot be sent (CW-1, CW-2), or null when it can.</summary>
    private (string Code, string Text)? NotSendable(AuditCaseClient client)
    {
        if (!client.Link)
        {
            return (Reasons.Unlinked, "not linked: the switch 'link with CaseWare Cloud' is off in AuditCase");
        }

        if (_privateKinds.Contains(client.Kind))
        {
            return (Reasons.Private, $"a private client (kind '{client.Kind}') cannot be linked with CaseWare Cloud; only business clients can. Switch the link off in AuditCase, or make it a business client");
        }

        if (_excludedStatuses.Contains(client.Status))
        {
            return (Reasons.Suspect, $"a client with status '{client.Status}' cannot be linked with CaseWare Cloud. Change the status in AuditCase once it is a client, or switch the link off");
        }

        return null;
    }

    private async Task<AdminCommandResult> ClientsViewAsync(CancellationToken cancellationToken)
    {
        var clients = await _records.ClientsAsync(cancellationToken).ConfigureAwait(false);
        var rows = clients.Values.OrderBy(c => c.ClientNumber, StringComparer.OrdinalIgnoreCase).Select(c => new ResultRow(
        [
            c.ClientNumber,
            c.Name,
            Describe(c.State, c.ReasonCode),
            c.LastSyncAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",
            c.Reason ?? string.Empty,
        ])
        {
            Mark = Mark(c.State, c.ReasonCode),
        }).ToList();
        var sent = clients.Values.Count(c => c.State == LinkState.Sent);
        var rejected = clients.Values.Count(c => c.State == LinkState.Rejected);
        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{clients.Count} clients: {sent} sent to CaseWare Cloud, {clients.Count - sent - rejected} not sent, {rejected} rejected"),
            new ResultTable("AuditCase clients and CaseWare Cloud", ["Client number", "Name", "Link", "Last sync", "Reason"], rows)
            {
                EmptyText = "No clients yet: the pipeline has not run, or AuditCase's export is empty.",
            });
    }

    private async Task<AdminCommandResult> ContactsViewAsync(CancellationToken cancellationToken)
    {
        var contacts = await _records.ContactsAsync(cancellationToken).ConfigureAwait(false);
        var notSent = contacts.Values.Where(c => c.State != LinkState.Sent)
            .OrderBy(c => c.ClientNumber, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new ResultRow(
            [
                c.ClientNumber,
                c.ContactId,
                c.Name,
                c.Email,
                Describe(c.State, c.ReasonCode),
                c.Reason ?? string.Empty,
            ])
            {
                Mark = Mark(c.State, c.ReasonCode),
            }).ToList();
        var repaired = contacts.Values.Where(c => c.State == LinkState.Sent && c.Repairs is not null)
            .OrderBy(c => c.ClientNumber, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(c => new ResultRow([c.ClientNumber, c.ContactId, c.Name, c.Email, c.Repairs!]) { Mark = RowMark.Warning })
            .ToList();
        return AdminCommandResult.Success(
            string.Create(CultureInfo.InvariantCulture, $"{contacts.Count} contact persons: {contacts.Count - notSent.Count} in CaseWare Cloud, {notSent.Count} not")
                + (repaired.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"; {repaired.Count} sent with a repaired e-mail")),
            new ResultTable("Contact persons not in CaseWare Cloud", ["Client number", "Contact id", "Name", "E-mail", "Link", "Reason"], notSent)
            {
                EmptyText = "Every known contact person is in CaseWare Cloud.",
            },
            new ResultTable("Contact persons sent with a repaired e-mail (correct them in AuditCase)", ["Client number", "Contact id", "Name", "E-mail sent", "Repaired"], repaired)
            {
                EmptyText = "No e-mail needed repairing.",
            });
    }

    private static string Describe(LinkState state, string? code) => state switch
    {
        LinkState.Sent => "linked, sent",
        LinkState.Rejected => "rejected",
        _ => code switch
        {
            Reasons.Unlinked => "not linked",
            Reasons.Private => "not sent: private",
            Reasons.Suspect => "not sent: suspect",
            Reasons.ClientNotSent => "not sent: client not sent",
            Reasons.NoEmail => "not sent: no e-mail",
            Reasons.SharedEmail => "not sent: shared e-mail",
            Reasons.InvalidEmail => "not sent: invalid e-mail",
            _ => "not sent",
        },
    };

    private static RowMark Mark(LinkState state, string? code) => state switch
    {
        LinkState.Sent => RowMark.None,
        LinkState.Rejected => RowMark.Error,
        _ => code == Reasons.Unlinked ? RowMark.None : RowMark.Warning,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "CaseWare Cloud sync: {Clients} clients and {Contacts} contact persons read from AuditCase")]
    private partial void LogStarted(int clients, int contacts);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Summary}")]
    private partial void LogFinished(string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress: {Done} of {Total} {What} checked ({Written} sent to CaseWare Cloud so far)")]
    private partial void LogProgress(int done, int total, string what, int written);

    [LoggerMessage(Level = LogLevel.Information, Message = "Some clients or contact persons are not in CaseWare Cloud; the 'clients' and 'contacts' commands of this pipeline list them with the reason")]
    private partial void LogSeeViews();

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientNumber} ({Name}): {What} in CaseWare Cloud (entity {CwId})")]
    private partial void LogClientSent(string clientNumber, string name, string what, string cwId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientNumber} ({Name}) is not sent to CaseWare Cloud: {Reason}")]
    private partial void LogClientNotSent(string clientNumber, string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientNumber} ({Name}) was refused by CaseWare Cloud: {Reason}. Correct the client in AuditCase; it is sent again when it changes")]
    private partial void LogClientRejected(string clientNumber, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientNumber} ({Name}): entity {CwId} set Inactive in CaseWare Cloud and its contact persons' access revoked, because {Reason}")]
    private partial void LogClientDeactivated(string clientNumber, string name, string cwId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact person {ContactId} {Name} of client {ClientNumber}: e-mail sent to CaseWare Cloud as {Email} ({Repairs}). Correct it in AuditCase")]
    private partial void LogContactEmailRepaired(string contactId, string name, string clientNumber, string email, string repairs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact person {ContactId} {Name} <{Email}> of client {ClientNumber}: {What} in CaseWare Cloud (contact {CwId})")]
    private partial void LogContactSent(string contactId, string name, string email, string clientNumber, string what, string cwId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact person {ContactId} {Name} of client {ClientNumber} is not sent to CaseWare Cloud: {Reason}")]
    private partial void LogContactNotSent(string contactId, string name, string clientNumber, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Contact person {ContactId} {Name} <{Email}> of client {ClientNumber} was refused by CaseWare Cloud: {Reason}. Correct the contact person in AuditCase; it is sent again when it changes")]
    private partial void LogContactRejected(string contactId, string name, string email, string clientNumber, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Contact person {ContactId} {Name} <{Email}> of client {ClientNumber}: access to CaseWare Cloud revoked (contact {CwId}), because {Reason}")]
    private partial void LogContactRevoked(string contactId, string name, string email, string clientNumber, string cwId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The AuditCase clients could not be read; nothing was sent to CaseWare Cloud: {Reason}")]
    private partial void LogSourceFailed(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}")]
    private partial void LogAuthenticationFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The CaseWare Cloud sync stopped: {Reason} What was sent so far is kept; the next run goes on from there")]
    private partial void LogUnavailable(string reason);

    /// <summary>One run's work and counters.</summary>
    private sealed class Run(CaseWareCloudSync owner, Dictionary<string, ClientRecord> clientRecords, Dictionary<string, ContactRecord> contactRecords, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, string> _sentEntities = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, (string Code, string Text)> _clientNotSent = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _emailRepairs = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _emailProblems = new(StringComparer.OrdinalIgnoreCase);
        private Dictionary<string, EntityFound>? _entitiesByNumber;
        private Dictionary<string, ContactFound>? _contactsByLogin;

        public SyncReport Report { get; } = new();

        private CaseWareCloudClient Api => owner._client;

        private DateTimeOffset Now => owner._clock.GetUtcNow();

        public async Task ClientsAsync(IReadOnlyList<AuditCaseClient> clients)
        {
            Report.Clients = clients.Count;
            var creates = clients.Count(c => owner.NotSendable(c) is null && !(clientRecords.TryGetValue(c.ClientNumber, out var r) && r.CwId is not null));
            if (creates > PrefetchThreshold)
            {
                _entitiesByNumber = (await FetchAllAsync<EntityFound>("entities", "list the entities").ConfigureAwait(false))
                    .Where(e => e.EntityNo is not null).GroupBy(e => e.EntityNo!, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            }

            var done = 0;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var client in clients)
            {
                cancellationToken.ThrowIfCancellationRequested();
                seen.Add(client.ClientNumber);
                clientRecords.TryGetValue(client.ClientNumber, out var record);
                if (owner.NotSendable(client) is { } reason)
                {
                    await NotSendableClientAsync(client.ClientNumber, client.Name, Mapping.ToEntity(client), record, reason).ConfigureAwait(false);
                }
                else
                {
                    await SendClientAsync(client, record).ConfigureAwait(false);
                }

                if (++done % owner._progressEvery == 0)
                {
                    owner.LogProgress(done, clients.Count, "clients", Report.ClientsCreated + Report.ClientsUpdated + Report.ClientsMatched);
                }
            }

            foreach (var gone in clientRecords.Values.Where(r => !seen.Contains(r.ClientNumber)).ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                await NotSendableClientAsync(gone.ClientNumber, gone.Name, gone.Sent, gone, (Reasons.Deleted, "it is no longer in AuditCase's export")).ConfigureAwait(false);
                await owner._records.DeleteClientAsync(gone.ClientNumber, cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task ContactsAsync(IReadOnlyList<AuditCaseContact> contacts)
        {
            Report.Contacts = contacts.Count;
            contacts = [.. contacts.Select(CleanEmail)];

            // CW-7: the e-mail is the login, so two contact persons that would be sent with one address are both held back.
            var candidates = contacts.Where(c => c.Link && _sentEntities.ContainsKey(c.ClientNumber) && c.Email.Trim().Length > 0).ToList();
            var byLogin = candidates.GroupBy(c => Mapping.Login(c.Email)).Where(g => g.Count() > 1).ToDictionary(g => g.Key, g => g.ToList());
            var creates = candidates.Count(c => !byLogin.ContainsKey(Mapping.Login(c.Email)) && !(contactRecords.TryGetValue(c.Id, out var r) && r.CwId is not null));
            if (creates > PrefetchThreshold)
            {
                _contactsByLogin = (await FetchAllAsync<ContactFound>("contacts", "list the contacts").ConfigureAwait(false))
                    .Where(c => c.Email is not null).GroupBy(c => Mapping.Login(c.Email!)).ToDictionary(g => g.Key, g => g.First());
            }

            var done = 0;
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var contact in contacts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                seen.Add(contact.Id);
                contactRecords.TryGetValue(contact.Id, out var record);
                var reason = NotSendable(contact, byLogin);
                if (reason is { } r)
                {
                    await NotSendableContactAsync(contact, record, r).ConfigureAwait(false);
                }
                else
                {
                    await SendContactAsync(contact, record, _sentEntities[contact.ClientNumber]).ConfigureAwait(false);
                }

                if (++done % owner._progressEvery == 0)
                {
                    owner.LogProgress(done, contacts.Count, "contact persons", Report.ContactsCreated + Report.ContactsUpdated + Report.ContactsMatched);
                }
            }

            foreach (var gone in contactRecords.Values.Where(r => !seen.Contains(r.ContactId)).ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (gone is { CwId: { } cwId, Revoked: false } && gone.State != LinkState.NotSent)
                {
                    await RevokeAsync(gone, cwId, "it was deleted in AuditCase").ConfigureAwait(false);
                }

                await owner._records.DeleteContactAsync(gone.ContactId, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// CW-8: the contact's e-mail, its CaseWare Cloud login, cleaned with the shared rules (invisible characters,
        /// <c>mailto:</c>, a display name, the domain in lower case and ASCII); a repair is logged and shown in the
        /// contacts view, an address that cannot be a login keeps the contact person back with the reason.
        /// </summary>
        private AuditCaseContact CleanEmail(AuditCaseContact contact)
        {
            if (contact.Email.Trim().Length == 0)
            {
                return contact;
            }

            var cleaned = EmailAddresses.Normalise(contact.Email, EmailRules.Ascii);
            if (cleaned.Problem is { } problem)
            {
                _emailProblems[contact.Id] = problem;
                return contact;
            }

            if (cleaned.WasRepaired)
            {
                _emailRepairs[contact.Id] = string.Join("; ", cleaned.Warnings);
                owner.LogContactEmailRepaired(contact.Id, contact.DisplayName, contact.ClientNumber, cleaned.Value, _emailRepairs[contact.Id]);
            }

            return contact with { Email = cleaned.Value };
        }

        private (string Code, string Text)? NotSendable(AuditCaseContact contact, Dictionary<string, List<AuditCaseContact>> shared)
        {
            if (!contact.Link)
            {
                return (Reasons.Unlinked, "not linked: the switch 'link with CaseWare Cloud' is off in AuditCase");
            }

            if (!_sentEntities.ContainsKey(contact.ClientNumber))
            {
                var why = _clientNotSent.TryGetValue(contact.ClientNumber, out var r) ? r.Text : "it is not in CaseWare Cloud";
                return (Reasons.ClientNotSent, $"its client {contact.ClientNumber} is not sent to CaseWare Cloud ({why}); a contact person is only sent with its client");
            }

            if (contact.Email.Trim().Length == 0)
            {
                return (Reasons.NoEmail, "no e-mail address: the e-mail is the login in CaseWare Cloud. Enter the contact person's own e-mail in AuditCase");
            }

            if (_emailProblems.TryGetValue(contact.Id, out var problem))
            {
                return (Reasons.InvalidEmail, $"e-mail {problem}: the e-mail is the login in CaseWare Cloud. Correct the contact person's e-mail in AuditCase");
            }

            if (shared.TryGetValue(Mapping.Login(contact.Email), out var others))
            {
                var names = string.Join(", ", others.Where(o => o.Id != contact.Id).Select(o => $"{o.Id} {o.DisplayName} (client {o.ClientNumber})"));
                return (Reasons.SharedEmail, $"e-mail {contact.Email.Trim()} is also the e-mail of {names}; the e-mail is the login in CaseWare Cloud and must be unique. Give each contact person an e-mail of their own in AuditCase");
            }

            return null;
        }

        private async Task SendClientAsync(AuditCaseClient client, ClientRecord? record)
        {
            var dto = Mapping.ToEntity(client);
            var fingerprint = Mapping.Fingerprint(dto);
            if (record is { State: LinkState.Sent, CwId: { } known } && record.Fingerprint == fingerprint)
            {
                _sentEntities[client.ClientNumber] = known;
                Report.ClientsUnchanged++;
                return;
            }

            if (record is { State: LinkState.Rejected } && record.Fingerprint == fingerprint)
            {
                _clientNotSent[client.ClientNumber] = (Reasons.Rejected, $"CaseWare Cloud refused it: {record.Reason}");
                Report.ClientsRejected++;
                return;
            }

            var what = $"send client {client.ClientNumber} ({client.Name})";
            try
            {
                string? id = record?.CwId;
                string done;
                if (id is not null)
                {
                    var answer = await Api.SendAsync(HttpMethod.Put, $"entities/{id}", dto, $"update entity {client.ClientNumber}", cancellationToken).ConfigureAwait(false);
                    if (answer.Status == System.Net.HttpStatusCode.NotFound)
                    {
                        id = null;
                    }
                    else if (!answer.IsSuccess)
                    {
                        throw new RecordRejectedException(answer.Reason);
                    }
                }

                if (id is null)
                {
                    (id, done) = await CreateEntityAsync(dto, what).ConfigureAwait(false);
                }
                else
                {
                    done = "updated";
                    Report.ClientsUpdated++;
                }

                _sentEntities[client.ClientNumber] = id;
                await owner._records.PutAsync(
                    new ClientRecord { ClientNumber = client.ClientNumber, Name = client.Name, State = LinkState.Sent, CwId = id, LastSyncAt = Now, Sent = dto, Fingerprint = fingerprint },
                    cancellationToken).ConfigureAwait(false);
                owner.LogClientSent(client.ClientNumber, client.Name, done, id);
            }
            catch (RecordRejectedException e)
            {
                Report.ClientsRejected++;
                _clientNotSent[client.ClientNumber] = (Reasons.Rejected, $"CaseWare Cloud refused it: {e.Message}");
                await owner._records.PutAsync(
                    new ClientRecord { ClientNumber = client.ClientNumber, Name = client.Name, State = LinkState.Rejected, CwId = record?.CwId, ReasonCode = Reasons.Rejected, Reason = e.Message, LastSyncAt = record?.LastSyncAt, Sent = record?.Sent, Fingerprint = fingerprint },
                    cancellationToken).ConfigureAwait(false);
                owner.LogClientRejected(client.ClientNumber, client.Name, e.Message);
            }
        }

        /// <summary>Creates an entity, or takes over the one CaseWare Cloud already has with this client number.</summary>
        private async Task<(string Id, string Done)> CreateEntityAsync(EntityDto dto, string what)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await FindEntityAsync(dto.EntityNo, live: attempt > 1).ConfigureAwait(false) is { } existing)
                {
                    await AdoptAsync(existing.Fields, dto, $"entities/{existing.Id}", what).ConfigureAwait(false);
                    Report.ClientsMatched++;
                    return (existing.Id, "matched by client number");
                }

                try
                {
                    var answer = await Api.SendAsync(HttpMethod.Post, "entities", dto, $"create entity {dto.EntityNo}", cancellationToken).ConfigureAwait(false);
                    if (answer.Status == System.Net.HttpStatusCode.Conflict && attempt == 1)
                    {
                        continue; // created meanwhile: look it up live and take it over
                    }

                    if (!answer.IsSuccess)
                    {
                        throw new RecordRejectedException(answer.Reason);
                    }

                    var created = answer.Read<EntityFound>();
                    _entitiesByNumber?.TryAdd(dto.EntityNo, created);
                    Report.ClientsCreated++;
                    return (created.Id, "created");
                }
                catch (CaseWareCloudUncertainException e) when (attempt < owner._client.MaxAttempts)
                {
                    owner.LogUncertain(what, e.Message);
                    await owner._client.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<EntityFound?> FindEntityAsync(string entityNo, bool live)
        {
            if (!live && _entitiesByNumber is { } all)
            {
                return all.GetValueOrDefault(entityNo);
            }

            var answer = await Api.SendAsync(HttpMethod.Get, $"entities?search={Uri.EscapeDataString($"EntityNo = '{entityNo.Replace("'", "''", StringComparison.Ordinal)}'")}&page=1&pageSize=10", null, $"look up entity {entityNo}", cancellationToken).ConfigureAwait(false);
            return answer.IsSuccess
                ? answer.Read<ApiPage<EntityFound>>().Items.FirstOrDefault(e => string.Equals(e.EntityNo, entityNo, StringComparison.OrdinalIgnoreCase))
                : throw new CaseWareCloudUnavailableException($"Could not look up entity {entityNo}: {answer.Reason}");
        }

        /// <summary>Takes over what CaseWare Cloud already has: updated only when its fields differ.</summary>
        private async Task AdoptAsync<T>(T existing, T wanted, string path, string what)
        {
            if (EqualityComparer<T>.Default.Equals(existing, wanted))
            {
                return;
            }

            var answer = await Api.SendAsync(HttpMethod.Put, path, wanted, what, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                throw new RecordRejectedException(answer.Reason);
            }
        }

        private async Task NotSendableClientAsync(string clientNumber, string name, EntityDto? lastKnown, ClientRecord? record, (string Code, string Text) reason)
        {
            _clientNotSent[clientNumber] = reason;
            if (reason.Code != Reasons.Deleted)
            {
                Report.ClientsNotSent++;
            }

            var deactivated = record?.Deactivated ?? false;
            if (record is { CwId: { } cwId } && !deactivated && (record.State == LinkState.Sent || record.Sent is not null) && lastKnown is not null)
            {
                // CW-6 for the client: its entity is set Inactive (not deleted: its files stay), its contacts lose access below.
                var answer = await Api.SendAsync(HttpMethod.Put, $"entities/{cwId}", lastKnown with { Status = Mapping.Inactive }, $"deactivate entity {clientNumber}", cancellationToken).ConfigureAwait(false);
                if (!answer.IsSuccess && answer.Status != System.Net.HttpStatusCode.NotFound)
                {
                    owner.LogClientRejected(clientNumber, name, $"setting it Inactive failed: {answer.Reason}");
                }
                else
                {
                    deactivated = true;
                    Report.ClientsDeactivated++;
                    owner.LogClientDeactivated(clientNumber, name, cwId, reason.Text);
                }
            }
            else if (record is null || record.State != LinkState.NotSent || record.ReasonCode != reason.Code)
            {
                if (reason.Code is not (Reasons.Unlinked or Reasons.Deleted))
                {
                    owner.LogClientNotSent(clientNumber, name, reason.Text);
                }
            }

            if (reason.Code == Reasons.Deleted)
            {
                return;
            }

            var updated = new ClientRecord
            {
                ClientNumber = clientNumber,
                Name = name,
                State = LinkState.NotSent,
                CwId = record?.CwId,
                ReasonCode = reason.Code,
                Reason = reason.Text,
                LastSyncAt = record?.LastSyncAt,
                Sent = record?.Sent,
                Deactivated = deactivated,
            };
            if (record is null || record.State != updated.State || record.ReasonCode != updated.ReasonCode || record.Reason != updated.Reason || record.Name != name || record.Deactivated != deactivated)
            {
                await owner._records.PutAsync(updated, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task SendContactAsync(AuditCaseContact contact, ContactRecord? record, string entityId)
        {
            var dto = Mapping.ToContact(contact, entityId);
            var fingerprint = Mapping.Fingerprint(dto);
            if (record is { State: LinkState.Sent, CwId: not null, Revoked: false } && record.Fingerprint == fingerprint)
            {
                Report.ContactsUnchanged++;
                return;
            }

            if (record is { State: LinkState.Rejected } && record.Fingerprint == fingerprint)
            {
                Report.ContactsRejected++;
                return;
            }

            var what = $"send contact person {contact.Id} {contact.DisplayName} <{dto.Email}> of client {contact.ClientNumber}";
            try
            {
                string? id = record?.CwId;
                string done;
                if (id is not null)
                {
                    var answer = await Api.SendAsync(HttpMethod.Put, $"contacts/{id}", dto, $"update contact {dto.Email}", cancellationToken).ConfigureAwait(false);
                    if (answer.Status == System.Net.HttpStatusCode.NotFound)
                    {
                        id = null;
                    }
                    else if (!answer.IsSuccess)
                    {
                        throw new RecordRejectedException(answer.Reason);
                    }
                }

                if (id is null)
                {
                    (id, done) = await CreateContactAsync(dto, what).ConfigureAwait(false);
                }
                else
                {
                    done = "updated";
                    Report.ContactsUpdated++;
                }

                await owner._records.PutAsync(
                    new ContactRecord { ContactId = contact.Id, ClientNumber = contact.ClientNumber, Name = contact.DisplayName, Email = dto.Email, State = LinkState.Sent, CwId = id, LastSyncAt = Now, Fingerprint = fingerprint, Repairs = _emailRepairs.GetValueOrDefault(contact.Id) },
                    cancellationToken).ConfigureAwait(false);
                owner.LogContactSent(contact.Id, contact.DisplayName, dto.Email, contact.ClientNumber, done, id);
            }
            catch (RecordRejectedException e)
            {
                Report.ContactsRejected++;
                await owner._records.PutAsync(
                    new ContactRecord { ContactId = contact.Id, ClientNumber = contact.ClientNumber, Name = contact.DisplayName, Email = dto.Email, State = LinkState.Rejected, CwId = record?.CwId, ReasonCode = Reasons.Rejected, Reason = e.Message, LastSyncAt = record?.LastSyncAt, Revoked = record?.Revoked ?? false, Fingerprint = fingerprint },
                    cancellationToken).ConfigureAwait(false);
                owner.LogContactRejected(contact.Id, contact.DisplayName, dto.Email, contact.ClientNumber, e.Message);
            }
        }

        /// <summary>Creates a contact, or takes over the one CaseWare Cloud already has with this e-mail (CW-7).</summary>
        private async Task<(string Id, string Done)> CreateContactAsync(ContactDto dto, string what)
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await FindContactAsync(dto.Email, live: attempt > 1).ConfigureAwait(false) is { } existing)
                {
                    await AdoptAsync(existing.HasAccess ? existing.Fields : existing.Fields with { Email = string.Empty }, dto, $"contacts/{existing.Id}", what).ConfigureAwait(false);
                    Report.ContactsMatched++;
                    return (existing.Id, "matched by e-mail");
                }

                try
                {
                    var answer = await Api.SendAsync(HttpMethod.Post, "contacts", dto, $"create contact {dto.Email}", cancellationToken).ConfigureAwait(false);
                    if (answer.Status == System.Net.HttpStatusCode.Conflict && attempt == 1)
                    {
                        continue;
                    }

                    if (!answer.IsSuccess)
                    {
                        throw new RecordRejectedException(answer.Reason);
                    }

                    var created = answer.Read<ContactFound>();
                    _contactsByLogin?.TryAdd(Mapping.Login(dto.Email), created);
                    Report.ContactsCreated++;
                    return (created.Id, "created");
                }
                catch (CaseWareCloudUncertainException e) when (attempt < owner._client.MaxAttempts)
                {
                    owner.LogUncertain(what, e.Message);
                    await owner._client.DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<ContactFound?> FindContactAsync(string email, bool live)
        {
            if (!live && _contactsByLogin is { } all)
            {
                return all.GetValueOrDefault(Mapping.Login(email));
            }

            var answer = await Api.SendAsync(HttpMethod.Get, $"contacts?search={Uri.EscapeDataString($"Email = '{email.Replace("'", "''", StringComparison.Ordinal)}'")}&page=1&pageSize=10", null, $"look up contact {email}", cancellationToken).ConfigureAwait(false);
            return answer.IsSuccess
                ? answer.Read<ApiPage<ContactFound>>().Items.FirstOrDefault(c => Mapping.Login(c.Email ?? string.Empty) == Mapping.Login(email))
                : throw new CaseWareCloudUnavailableException($"Could not look up contact {email}: {answer.Reason}");
        }

        private async Task NotSendableContactAsync(AuditCaseContact contact, ContactRecord? record, (string Code, string Text) reason)
        {
            Report.ContactsNotSent++;
            var revoked = record?.Revoked ?? false;
            if (record is { CwId: { } cwId, Revoked: false } && record.State != LinkState.NotSent)
            {
                await RevokeAsync(record, cwId, reason.Text).ConfigureAwait(false);
                revoked = true;
            }
            else if (reason.Code != Reasons.Unlinked && (record is null || record.ReasonCode != reason.Code))
            {
                owner.LogContactNotSent(contact.Id, contact.DisplayName, contact.ClientNumber, reason.Text);
            }

            var updated = new ContactRecord
            {
                ContactId = contact.Id,
                ClientNumber = contact.ClientNumber,
                Name = contact.DisplayName,
                Email = contact.Email.Trim(),
                State = LinkState.NotSent,
                CwId = record?.CwId,
                ReasonCode = reason.Code,
                Reason = reason.Text,
                LastSyncAt = record?.LastSyncAt,
                Revoked = revoked,
            };
            if (record is null || record.State != updated.State || record.ReasonCode != updated.ReasonCode || record.Reason != updated.Reason
                || record.Name != updated.Name || record.Email != updated.Email || record.Revoked != revoked)
            {
                await owner._records.PutAsync(updated, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>CW-6: the contact can no longer log in to CaseWare Cloud.</summary>
        private async Task RevokeAsync(ContactRecord record, string cwId, string because)
        {
            var answer = await Api.SendAsync(HttpMethod.Delete, $"contacts/{cwId}/access", null, $"revoke the access of contact {record.Email}", cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess && answer.Status != System.Net.HttpStatusCode.NotFound)
            {
                throw new CaseWareCloudUnavailableException($"Could not revoke the access of contact person {record.ContactId} <{record.Email}>: {answer.Reason}");
            }

            Report.ContactsRevoked++;
            await owner._records.PutAsync(record with { Revoked = true, State = LinkState.NotSent }, cancellationToken).ConfigureAwait(false);
            owner.LogContactRevoked(record.ContactId, record.Name, record.Email, record.ClientNumber, cwId, because);
        }

        private async Task<List<T>> FetchAllAsync<T>(string path, string what)
        {
            var all = new List<T>();
            for (var page = 1; ; page++)
            {
                var answer = await Api.SendAsync(HttpMethod.Get, $"{path}?page={page}&pageSize={PageSize}", null, $"{what} (page {page})", cancellationToken).ConfigureAwait(false);
                if (!answer.IsSuccess)
                {
                    throw new CaseWareCloudUnavailableException($"Could not {what}: {answer.Reason}");
                }

                var items = answer.Read<ApiPage<T>>();
                all.AddRange(items.Items);
                if (items.Items.Count < PageSize || all.Count >= items.TotalCount)
                {
                    return all;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not {What}: {Failure} It may have been carried out; looking it up before trying again")]
    private partial void LogUncertain(string what, string failure);
}
