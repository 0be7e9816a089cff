using ConnectorHost.Plugins.CaseWareCloud.AuditCase;
using ConnectorHost.Plugins.Normalisation;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>
/// AuditCase's contact persons as CaseWare Cloud contacts: only those of sent clients (CW-5) with an e-mail of their
/// own, their login (CW-7), cleaned (CW-8); a contact unlinked, held back or deleted loses its access (CW-6).
/// </summary>
internal sealed class ContactReconciler(SyncRun run, EntityReconciler entities)
    : Reconciler<AuditCaseContact, ContactRecord, ContactDto, ContactFound>(run)
{
    private readonly Dictionary<string, string> _emailRepairs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _emailProblems = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, List<AuditCaseContact>> _sharedLogins = [];

    protected override string Collection => "contacts";

    protected override string Plural => "contact persons";

    protected override int SentSoFar => Report.ContactsCreated + Report.ContactsUpdated + Report.ContactsMatched;

    protected override string SearchField => "Email";

    protected override string MatchedBy => "matched by e-mail";

    protected override IEqualityComparer<string> KeyComparer => StringComparer.Ordinal;

    public async Task ContactsAsync(AuditCaseExport export)
    {
        Report.Contacts = export.ContactCount;

        // CW-7: the e-mail is the login, so two contact persons that would be sent with one address are both held back.
        // Found over the whole export before any is sent, without holding it: a first pass counts the candidates per
        // hash of their login; a second keeps the contact persons of the logins counted twice, grouped by the login itself.
        var counted = new Dictionary<int, bool>();
        foreach (var contact in export.Contacts(CancellationToken))
        {
            if (CandidateLogin(contact) is { } login)
            {
                var hash = StringComparer.Ordinal.GetHashCode(login);
                counted[hash] = counted.ContainsKey(hash);
            }
        }

        if (counted.ContainsValue(true))
        {
            var groups = new Dictionary<string, List<AuditCaseContact>>();
            foreach (var contact in export.Contacts(CancellationToken))
            {
                if (CandidateLogin(contact) is { } login && counted[StringComparer.Ordinal.GetHashCode(login)])
                {
                    if (!groups.TryGetValue(login, out var group))
                    {
                        groups[login] = group = [];
                    }

                    group.Add(contact);
                }
            }

            _sharedLogins = groups.Where(g => g.Value.Count > 1).ToDictionary(g => g.Key, g => g.Value);
        }

        await ReconcileAllAsync(export.Contacts(CancellationToken).Select(CleanEmail), export.ContactCount, export.HasContact).ConfigureAwait(false);
    }

    /// <summary>The login a contact person would be sent with (its e-mail as <see cref="CleanEmail"/> leaves it), or null when it is no candidate.</summary>
    private string? CandidateLogin(AuditCaseContact contact)
    {
        if (!IsCandidate(contact))
        {
            return null;
        }

        var cleaned = EmailAddresses.Normalise(contact.Email, EmailRules.Ascii);
        return Mapping.Login(cleaned.Problem is null ? cleaned.Value : contact.Email);
    }

    protected override Task<Dictionary<string, ContactRecord>> RecordsAsync(IReadOnlyList<string> keys) => Run.Records.ContactsAsync(keys, CancellationToken);

    protected override Task<List<string>> KeysNotInAsync(Func<string, bool> inExport) => Run.Records.ContactKeysNotInAsync(inExport, CancellationToken);

    protected override Task<ContactRecord?> RecordAsync(string key) => Run.Records.ContactAsync(key, CancellationToken);

    protected override string KeyOf(AuditCaseContact item) => item.Id;

    protected override string KeyOf(ContactRecord record) => record.ContactId;

    protected override string? CwIdOf(ContactRecord record) => record.CwId;

    protected override string? FingerprintOf(ContactRecord record) => record.Fingerprint;

    protected override LinkState StateOf(ContactRecord record) => record.State;

    protected override bool MayCreate(AuditCaseContact item) => IsCandidate(item) && !_sharedLogins.ContainsKey(Mapping.Login(item.Email));

    protected override string Label(ContactDto dto) => $"contact {dto.Email}";

    protected override string SearchValue(ContactDto dto) => dto.Email;

    protected override string LookupKey(ContactDto dto) => Mapping.Login(dto.Email);

    protected override string? LookupKey(ContactFound found) => found.Email is null ? null : Mapping.Login(found.Email);

    protected override string IdOf(ContactFound found) => found.Id;

    /// <summary>A contact without access compares without its e-mail, so it is given its access again.</summary>
    protected override ContactDto FieldsOf(ContactFound found) => found.HasAccess ? found.Fields : found.Fields with { Email = string.Empty };

    protected override bool IsCurrent(ContactRecord record) => record is { State: LinkState.Sent, CwId: not null, Revoked: false };

    protected override void Count(SendOutcome outcome)
    {
        switch (outcome)
        {
            case SendOutcome.Created:
                Run.Tally(r => r.ContactsCreated++);
                break;
            case SendOutcome.Updated:
                Run.Tally(r => r.ContactsUpdated++);
                break;
            default:
                Run.Tally(r => r.ContactsMatched++);
                break;
        }
    }

    protected override Task ReconcileAsync(AuditCaseContact item, ContactRecord? record)
    {
        if (NotSendable(item) is { } reason)
        {
            return NotSendableAsync(item, record, reason);
        }

        var dto = Mapping.ToContact(item, entities.EntityOf(item.ClientNumber)!);
        return SendAsync(item, record, dto, $"send contact person {item.Id} {item.DisplayName} <{dto.Email}> of client {item.ClientNumber}");
    }

    protected override async Task GoneAsync(ContactRecord record)
    {
        if (record is { CwId: { } cwId, Revoked: false } && record.State != LinkState.NotSent)
        {
            await RevokeAsync(record, cwId, "it was deleted in AuditCase").ConfigureAwait(false);
        }

        await Run.Records.DeleteContactAsync(record.ContactId, CancellationToken).ConfigureAwait(false);
    }

    protected override void Unchanged(AuditCaseContact item, ContactRecord record) => Run.Tally(r => r.ContactsUnchanged++);

    protected override void StillRejected(AuditCaseContact item, ContactRecord record) => Run.Tally(r => r.ContactsRejected++);

    protected override async Task SentAsync(AuditCaseContact item, ContactRecord? record, ContactDto dto, string fingerprint, string id, string done)
    {
        await Run.Records.PutAsync(
            new ContactRecord { ContactId = item.Id, ClientNumber = item.ClientNumber, Name = item.DisplayName, Email = dto.Email, State = LinkState.Sent, CwId = id, LastSyncAt = Run.Now, Fingerprint = fingerprint, Repairs = _emailRepairs.GetValueOrDefault(item.Id) },
            CancellationToken).ConfigureAwait(false);
        Run.Logger.LogContactSent(item.Id, item.DisplayName, dto.Email, item.ClientNumber, done, id);
    }

    protected override async Task RejectedAsync(AuditCaseContact item, ContactRecord? record, ContactDto dto, string fingerprint, string reason)
    {
        Run.Tally(r => r.ContactsRejected++);
        await Run.Records.PutAsync(
            new ContactRecord { ContactId = item.Id, ClientNumber = item.ClientNumber, Name = item.DisplayName, Email = dto.Email, State = LinkState.Rejected, CwId = record?.CwId, ReasonCode = Reasons.Rejected, Reason = reason, LastSyncAt = record?.LastSyncAt, Revoked = record?.Revoked ?? false, Fingerprint = fingerprint },
            CancellationToken).ConfigureAwait(false);
        Run.Logger.LogContactRejected(item.Id, item.DisplayName, dto.Email, item.ClientNumber, reason);
    }

    /// <summary>Linked, of a sent client, with an e-mail: sent unless its e-mail is invalid or shared.</summary>
    private bool IsCandidate(AuditCaseContact contact) =>
        contact.Link && entities.EntityOf(contact.ClientNumber) is not null && contact.Email.Trim().Length > 0;

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
            Run.Logger.LogContactEmailRepaired(contact.Id, contact.DisplayName, contact.ClientNumber, cleaned.Value, _emailRepairs[contact.Id]);
        }

        return contact with { Email = cleaned.Value };
    }

    private (string Code, string Text)? NotSendable(AuditCaseContact contact)
    {
        if (!contact.Link)
        {
            return (Reasons.Unlinked, "not linked: the switch 'link with CaseWare Cloud' is off in AuditCase");
        }

        if (entities.EntityOf(contact.ClientNumber) is null)
        {
            return (Reasons.ClientNotSent, $"its client {contact.ClientNumber} is not sent to CaseWare Cloud ({entities.WhyNotSent(contact.ClientNumber)}); a contact person is only sent with its client");
        }

        if (contact.Email.Trim().Length == 0)
        {
            return (Reasons.NoEmail, "no e-mail address: the e-mail is the login in CaseWare Cloud. Enter the contact person's own e-mail in AuditCase");
        }

        if (_emailProblems.TryGetValue(contact.Id, out var problem))
        {
            return (Reasons.InvalidEmail, $"e-mail {problem}: the e-mail is the login in CaseWare Cloud. Correct the contact person's e-mail in AuditCase");
        }

        if (_sharedLogins.TryGetValue(Mapping.Login(contact.Email), out var others))
        {
            var names = string.Join(", ", others.Where(o => o.Id != contact.Id).Select(o => $"{o.Id} {o.DisplayName} (client {o.ClientNumber})"));
            return (Reasons.SharedEmail, $"e-mail {contact.Email.Trim()} is also the e-mail of {names}; the e-mail is the login in CaseWare Cloud and must be unique. Give each contact person an e-mail of their own in AuditCase");
        }

        return null;
    }

    /// <summary>The contact person is held back; one sent before loses its access (CW-6).</summary>
    private async Task NotSendableAsync(AuditCaseContact contact, ContactRecord? record, (string Code, string Text) reason)
    {
        Run.Tally(r => r.ContactsNotSent++);
        var revoked = record?.Revoked ?? false;
        if (record is { CwId: { } cwId, Revoked: false } && record.State != LinkState.NotSent)
        {
            await RevokeAsync(record, cwId, reason.Text).ConfigureAwait(false);
            revoked = true;
        }
        else if (reason.Code != Reasons.Unlinked && (record is null || record.ReasonCode != reason.Code))
        {
            Run.Logger.LogContactNotSent(contact.Id, contact.DisplayName, contact.ClientNumber, reason.Text);
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
            await Run.Records.PutAsync(updated, CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>CW-6: the contact can no longer log in to CaseWare Cloud.</summary>
    private async Task RevokeAsync(ContactRecord record, string cwId, string because)
    {
        var answer = await Api.SendAsync(HttpMethod.Delete, $"contacts/{cwId}/access", null, $"revoke the access of contact {record.Email}", CancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.Status != System.Net.HttpStatusCode.NotFound)
        {
            throw new CaseWareCloudUnavailableException($"Could not revoke the access of contact person {record.ContactId} <{record.Email}>: {answer.Reason}");
        }

        Run.Tally(r => r.ContactsRevoked++);
        await Run.Records.PutAsync(record with { Revoked = true, State = LinkState.NotSent }, CancellationToken).ConfigureAwait(false);
        Run.Logger.LogContactRevoked(record.ContactId, record.Name, record.Email, record.ClientNumber, cwId, because);
    }
}
