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

    /// <summary>Where it was read, for messages: "auditcase.json, clients[3]".</summary>
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

    public string Origin { get; init; } = string.Empty;

    /// <summary>"Jan van Dijk".</summary>
    public string DisplayName => string.Join(' ', new[] { FirstName, Infix, LastName }.Where(s => s.Length > 0));
}

/// <summary>Everything read from AuditCase in one go.</summary>
internal sealed record AuditCaseExport(IReadOnlyList<AuditCaseClient> Clients, IReadOnlyList<AuditCaseContact> Contacts);

/// <summary>Reads the clients and contact persons from AuditCase.</summary>
internal interface IAuditCaseSource
{
    /// <summary>Reads everything; a problem with the input throws <see cref="AuditCaseSourceException"/>.</summary>
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

        return new AuditCaseExport(_clientList, _contactList);
    }
}
