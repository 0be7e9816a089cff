namespace ConnectorHost.Plugins.CaseWareCloud.AuditCase;

/// <summary>A client as AuditCase has it (CW-1, CW-4).</summary>
internal sealed record AuditCaseClient
{
    public required string ClientNumber { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary>Private or business, in AuditCase's words.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>For example Active or Suspect.</summary>
    public string Status { get; init; } = string.Empty;

    public string Address { get; init; } = string.Empty;

    public string PostalCode { get; init; } = string.Empty;

    public string City { get; init; } = string.Empty;

    public string Country { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string Website { get; init; } = string.Empty;

    public string Facebook { get; init; } = string.Empty;

    public string Twitter { get; init; } = string.Empty;

    public string LinkedIn { get; init; } = string.Empty;

    /// <summary>The switch "link with CaseWare Cloud" (CW-1).</summary>
    public bool Link { get; init; }

    /// <summary>Where it was read, for messages: "Row 3 of the clients query" (set by the SQL source only; the JSON source names the place when it reports a problem).</summary>
    public string Origin { get; init; } = string.Empty;
}

/// <summary>A contact person of a client as AuditCase has it (CW-1, CW-4).</summary>
internal sealed record AuditCaseContact
{
    /// <summary>AuditCase's id of the contact person; stable while names and e-mail change.</summary>
    public required string Id { get; init; }

    public required string ClientNumber { get; init; }

    public string FirstName { get; init; } = string.Empty;

    public string Infix { get; init; } = string.Empty;

    public string LastName { get; init; } = string.Empty;

    public string Initials { get; init; } = string.Empty;

    public string Email { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;

    public string Mobile { get; init; } = string.Empty;

    /// <summary>The switch "link with CaseWare Cloud" (CW-1).</summary>
    public bool Link { get; init; }

    /// <summary>Where it was read, for messages (set by the SQL source only, like <see cref="AuditCaseClient.Origin"/>).</summary>
    public string Origin { get; init; } = string.Empty;

    /// <summary>"Jan van Dijk".</summary>
    public string DisplayName => string.Join(' ', new[] { FirstName, Infix, LastName }.Where(s => s.Length > 0));
}

/// <summary>
/// What a source read from AuditCase, checked as a whole (every client number and contact id present and unique, every
/// contact's client there) before anything is sent. The items are enumerated on demand, in the source's order, so a
/// source that can stream (the JSON export) holds only the keys and the items of the batch being reconciled; each
/// enumeration may read the source again.
/// </summary>
internal abstract class AuditCaseExport
{
    public abstract int ClientCount { get; }

    public abstract int ContactCount { get; }

    /// <summary>Whether the export has this client number (case-insensitive).</summary>
    public abstract bool HasClient(string clientNumber);

    /// <summary>Whether the export has this contact person's id (case-insensitive).</summary>
    public abstract bool HasContact(string contactId);

    /// <summary>The clients, in the export's order.</summary>
    public abstract IEnumerable<AuditCaseClient> Clients(CancellationToken cancellationToken);

    /// <summary>The contact persons, in the export's order.</summary>
    public abstract IEnumerable<AuditCaseContact> Contacts(CancellationToken cancellationToken);
}

/// <summary>An export held whole, as a source that cannot stream reads it (SQL).</summary>
internal sealed class AuditCaseLists(IReadOnlyList<AuditCaseClient> clients, IReadOnlyList<AuditCaseContact> contacts) : AuditCaseExport
{
    private readonly HashSet<string> _clientNumbers = new(clients.Select(c => c.ClientNumber), StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _contactIds = new(contacts.Select(c => c.Id), StringComparer.OrdinalIgnoreCase);

    public override int ClientCount => clients.Count;

    public override int ContactCount => contacts.Count;

    public override bool HasClient(string clientNumber) => _clientNumbers.Contains(clientNumber);

    public override bool HasContact(string contactId) => _contactIds.Contains(contactId);

    public override IEnumerable<AuditCaseClient> Clients(CancellationToken cancellationToken) => clients;

    public override IEnumerable<AuditCaseContact> Contacts(CancellationToken cancellationToken) => contacts;
}

/// <summary>Reads the clients and contact persons from AuditCase.</summary>
internal interface IAuditCaseSource
{
    /// <summary>Reads and checks everything; a problem with the input throws <see cref="AuditCaseSourceException"/>.</summary>
    Task<AuditCaseExport> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A fingerprint of what <see cref="ReadAsync"/> would read, when it can be had without reading it (a file's SHA-256);
    /// <c>null</c> when it cannot (a database), or when the input is missing (<see cref="ReadAsync"/> says why).
    /// </summary>
    Task<string?> VersionAsync(CancellationToken cancellationToken);
}

/// <summary>The AuditCase input cannot be read or is wrong; the message names the file and the place.</summary>
internal sealed class AuditCaseSourceException : Exception
{
    public AuditCaseSourceException(string message)
        : base(message)
    {
    }

    public AuditCaseSourceException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The export changed after it was checked, while a run was reading it: what was sent is kept, the next run reads it again.</summary>
internal sealed class AuditCaseExportChangedException(string message) : Exception(message);

/// <summary>
/// Collects what a source reads: client numbers and contact ids are required and unique, a contact's client must be
/// there, and every problem names the place in the source's own words.
/// </summary>
internal sealed class AuditCaseListBuilder
{
    private readonly Dictionary<string, AuditCaseClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AuditCaseContact> _contacts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AuditCaseClient> _clientList = [];
    private readonly List<AuditCaseContact> _contactList = [];

    public void Add(AuditCaseClient client)
    {
        if (client.ClientNumber.Length == 0)
        {
            throw new AuditCaseSourceException($"{client.Origin}: the client number (clientNumber) is empty. Every client needs one.");
        }

        if (_clients.TryGetValue(client.ClientNumber, out var first))
        {
            throw new AuditCaseSourceException($"{first.Origin} and {client.Origin}: client number {client.ClientNumber} appears twice. Each client must appear once.");
        }

        _clients[client.ClientNumber] = client;
        _clientList.Add(client);
    }

    public void Add(AuditCaseContact contact)
    {
        if (contact.Id.Length == 0)
        {
            throw new AuditCaseSourceException($"{contact.Origin}: the contact person's id is empty. Every contact person needs AuditCase's id.");
        }

        if (_contacts.TryGetValue(contact.Id, out var first))
        {
            throw new AuditCaseSourceException($"{first.Origin} and {contact.Origin}: contact person id {contact.Id} appears twice. Each contact person must appear once.");
        }

        _contacts[contact.Id] = contact;
        _contactList.Add(contact);
    }

    public AuditCaseExport Build()
    {
        foreach (var contact in _contactList.Where(c => !_clients.ContainsKey(c.ClientNumber)))
        {
            throw new AuditCaseSourceException($"{contact.Origin}: contact person {contact.Id} belongs to client {contact.ClientNumber}, which is not in the export.");
        }

        return new AuditCaseLists(_clientList, _contactList);
    }
}
