using System.Collections.Concurrent;
using System.Net.Mail;
using System.Security.Cryptography;

namespace ConnectorHost.Sandbox.CaseWareCloud;

/// <summary>
/// What the sandbox CaseWare Cloud holds: tokens, entities and contacts, and a counter of the API calls by method and
/// path. Thread-safe. The rules are CaseWare Cloud's: an entity needs a name (at most 100 characters) and a unique
/// client number; a contact's e-mail is its login, required, well-formed and unique over all contacts.
/// </summary>
public sealed class CaseWareCloudState(TimeProvider clock, TimeSpan tokenLifetime)
{
    private const int MaxNameLength = 100;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Contact> _contacts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _entityByNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _contactByEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _nextId;

    /// <summary>The entities, in order of creation.</summary>
    public IReadOnlyList<Entity> Entities
    {
        get
        {
            lock (_gate)
            {
                return [.. _entities.Values];
            }
        }
    }

    /// <summary>The contacts, in order of creation.</summary>
    public IReadOnlyList<Contact> Contacts
    {
        get
        {
            lock (_gate)
            {
                return [.. _contacts.Values];
            }
        }
    }

    /// <summary>The API calls so far, by <c>METHOD /path</c> with ids replaced by <c>{id}</c>; faulted calls included.</summary>
    public IReadOnlyDictionary<string, long> Calls => new SortedDictionary<string, long>(_calls, StringComparer.Ordinal);

    /// <summary>The API calls that change something (POST, PUT, DELETE), not counting <c>auth/token</c>.</summary>
    public long WriteCalls => _calls.Where(c => !c.Key.EndsWith("/auth/token", StringComparison.Ordinal) && !c.Key.StartsWith("GET ", StringComparison.Ordinal)).Sum(c => c.Value);

    /// <summary>All API calls.</summary>
    public long TotalCalls => _calls.Values.Sum();

    /// <summary>Sets the call counter back to zero.</summary>
    public void ResetCalls() => _calls.Clear();

    internal void CountCall(string method, string path) => _calls.AddOrUpdate($"{method} {path}", 1, (_, n) => n + 1);

    /// <summary>Issues a token valid for the token lifetime.</summary>
    /// <returns>The token.</returns>
    public string IssueToken()
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            _tokens[token] = clock.GetUtcNow() + tokenLifetime;
        }

        return token;
    }

    /// <summary>Whether a token was issued and has not expired.</summary>
    /// <param name="token">The token.</param>
    /// <returns>True when valid.</returns>
    public bool IsValid(string token)
    {
        lock (_gate)
        {
            return _tokens.TryGetValue(token, out var expires) && clock.GetUtcNow() < expires;
        }
    }

    /// <summary>Makes every token issued so far expire now.</summary>
    public void ExpireTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>One page of entities, optionally only those matching a search.</summary>
    /// <param name="search">A search such as <c>EntityNo = '1001'</c> or <c>Name = 'x'</c>; null for all.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="pageSize">1..1000.</param>
    /// <returns>The page.</returns>
    public PagedList<Entity> ListEntities(string? search, int page, int pageSize)
    {
        var filter = Search.Parse(search, ["EntityNo", "Name", "Id", "Status"]);
        lock (_gate)
        {
            return Page(_entities.Values.Where(e => filter(Field(e))), page, pageSize);
        }

        static Func<string, string?> Field(Entity e) => name => name switch
        {
            "EntityNo" => e.EntityNo,
            "Name" => e.Name,
            "Id" => e.Id,
            _ => e.Status,
        };
    }

    /// <summary>One entity.</summary>
    /// <param name="id">Its cwGuid.</param>
    /// <returns>The entity.</returns>
    public Entity GetEntity(string id)
    {
        lock (_gate)
        {
            return _entities.TryGetValue(id, out var entity) ? entity : throw NotFound("entity", id);
        }
    }

    /// <summary>Creates an entity.</summary>
    /// <param name="input">Its fields.</param>
    /// <returns>The entity.</returns>
    public Entity CreateEntity(EntityInput input)
    {
        lock (_gate)
        {
            Check(input, null);
            var entity = Entity.From(NewId(), input, clock.GetUtcNow());
            _entities[entity.Id] = entity;
            _entityByNumber[entity.EntityNo] = entity.Id;
            return entity;
        }
    }

    /// <summary>Replaces an entity's fields.</summary>
    /// <param name="id">Its cwGuid.</param>
    /// <param name="input">The new fields.</param>
    /// <returns>The entity.</returns>
    public Entity UpdateEntity(string id, EntityInput input)
    {
        lock (_gate)
        {
            if (!_entities.ContainsKey(id))
            {
                throw NotFound("entity", id);
            }

            Check(input, id);
            var entity = Entity.From(id, input, clock.GetUtcNow());
            _entityByNumber.Remove(_entities[id].EntityNo);
            _entities[id] = entity;
            _entityByNumber[entity.EntityNo] = id;
            return entity;
        }
    }

    /// <summary>Deletes an entity and its contacts.</summary>
    /// <param name="id">Its cwGuid.</param>
    public void DeleteEntity(string id)
    {
        lock (_gate)
        {
            if (!_entities.Remove(id, out var entity))
            {
                throw NotFound("entity", id);
            }

            _entityByNumber.Remove(entity.EntityNo);
            foreach (var contact in _contacts.Values.Where(c => c.EntityId == id).ToList())
            {
                _contacts.Remove(contact.Id);
                _contactByEmail.Remove(contact.Email);
            }
        }
    }

    /// <summary>One page of contacts, optionally only those matching a search.</summary>
    /// <param name="search">A search such as <c>Email = 'a@b.nl'</c> or <c>EntityId = '...'</c>; null for all.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="pageSize">1..1000.</param>
    /// <returns>The page.</returns>
    public PagedList<Contact> ListContacts(string? search, int page, int pageSize)
    {
        var filter = Search.Parse(search, ["Email", "EntityId", "Id"]);
        lock (_gate)
        {
            return Page(_contacts.Values.Where(c => filter(name => name switch
            {
                "Email" => c.Email,
                "EntityId" => c.EntityId,
                _ => c.Id,
            })), page, pageSize);
        }
    }

    /// <summary>One contact.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>The contact.</returns>
    public Contact GetContact(string id)
    {
        lock (_gate)
        {
            return _contacts.TryGetValue(id, out var contact) ? contact : throw NotFound("contact", id);
        }
    }

    /// <summary>Creates a contact with access.</summary>
    /// <param name="input">Its fields.</param>
    /// <returns>The contact.</returns>
    public Contact CreateContact(ContactInput input)
    {
        lock (_gate)
        {
            Check(input, null);
            var contact = Contact.From(NewId(), input, hasAccess: true, clock.GetUtcNow());
            _contacts[contact.Id] = contact;
            _contactByEmail[contact.Email] = contact.Id;
            return contact;
        }
    }

    /// <summary>Replaces a contact's fields; it gets access again if it was revoked.</summary>
    /// <param name="id">Its id.</param>
    /// <param name="input">The new fields.</param>
    /// <returns>The contact.</returns>
    public Contact UpdateContact(string id, ContactInput input)
    {
        lock (_gate)
        {
            if (!_contacts.ContainsKey(id))
            {
                throw NotFound("contact", id);
            }

            Check(input, id);
            var contact = Contact.From(id, input, hasAccess: true, clock.GetUtcNow());
            _contactByEmail.Remove(_contacts[id].Email);
            _contacts[id] = contact;
            _contactByEmail[contact.Email] = id;
            return contact;
        }
    }

    /// <summary>Revokes a contact's access: it can no longer log in; the person stays.</summary>
    /// <param name="id">Its id.</param>
    /// <returns>The contact.</returns>
    public Contact RevokeAccess(string id)
    {
        lock (_gate)
        {
            var contact = _contacts.TryGetValue(id, out var found) ? found : throw NotFound("contact", id);
            contact = contact with { HasAccess = false, UpdatedAt = clock.GetUtcNow() };
            _contacts[id] = contact;
            return contact;
        }
    }

    /// <summary>Deletes a contact.</summary>
    /// <param name="id">Its id.</param>
    public void DeleteContact(string id)
    {
        lock (_gate)
        {
            if (!_contacts.Remove(id, out var contact))
            {
                throw NotFound("contact", id);
            }

            _contactByEmail.Remove(contact.Email);
        }
    }

    private void Check(EntityInput input, string? id)
    {
        if (string.IsNullOrWhiteSpace(input.EntityNo))
        {
            throw new ApiRefusedException(400, "EntityNo is required.");
        }

        if (string.IsNullOrWhiteSpace(input.Name))
        {
            throw new ApiRefusedException(400, $"Entity {input.EntityNo}: Name is required.");
        }

        if (input.Name.Length > MaxNameLength)
        {
            throw new ApiRefusedException(400, $"Entity {input.EntityNo}: Name is longer than {MaxNameLength} characters ({input.Name.Length}).");
        }

        if (input.Status is not ("Active" or "Inactive" or null))
        {
            throw new ApiRefusedException(400, $"Entity {input.EntityNo}: Status must be Active or Inactive, not '{input.Status}'.");
        }

        if (_entityByNumber.TryGetValue(input.EntityNo, out var other) && other != id)
        {
            throw new ApiRefusedException(409, $"An entity with EntityNo {input.EntityNo} already exists ({other}).");
        }
    }

    private void Check(ContactInput input, string? id)
    {
        if (string.IsNullOrWhiteSpace(input.Email))
        {
            throw new ApiRefusedException(400, "Email is required: it is the contact's login.");
        }

        if (!MailAddress.TryCreate(input.Email, out var address) || address.Address != input.Email.Trim() || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new ApiRefusedException(400, $"Email '{input.Email}' is not a valid e-mail address.");
        }

        if (string.IsNullOrWhiteSpace(input.LastName))
        {
            throw new ApiRefusedException(400, $"Contact {input.Email}: LastName is required.");
        }

        if (input.EntityId is null || !_entities.ContainsKey(input.EntityId))
        {
            throw new ApiRefusedException(400, $"Contact {input.Email}: entity '{input.EntityId}' does not exist.");
        }

        if (_contactByEmail.TryGetValue(input.Email, out var other) && other != id)
        {
            throw new ApiRefusedException(409, $"A contact with e-mail {input.Email} already exists ({other}); the e-mail is the login and must be unique.");
        }
    }

    private string NewId()
    {
        var n = Interlocked.Increment(ref _nextId);
        return new Guid((int)n, 0, 0, [0xca, 0x5e, 0xa0, 0x0c, 0, 0, 0, 0]).ToString();
    }

    private static PagedList<T> Page<T>(IEnumerable<T> items, int page, int pageSize)
    {
        if (page < 1 || pageSize is < 1 or > 1000)
        {
            throw new ApiRefusedException(400, "page must be 1 or more and pageSize between 1 and 1000.");
        }

        var all = items.ToList();
        return new PagedList<T>(all.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, all.Count);
    }

    private static ApiRefusedException NotFound(string what, string id) => new(404, $"There is no {what} {id}.");
}

/// <summary>The API's search parameter: <c>Field = 'value'</c>, case-insensitive on the value.</summary>
internal static class Search
{
    public static Func<Func<string, string?>, bool> Parse(string? search, IReadOnlyList<string> fields)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return _ => true;
        }

        var equals = search.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? search[..equals].Trim() : string.Empty;
        var value = equals > 0 ? search[(equals + 1)..].Trim() : string.Empty;
        var field = fields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
        if (field is null || value.Length < 2 || value[0] != '\'' || value[^1] != '\'')
        {
            throw new ApiRefusedException(400, $"search must be Field = 'value' with Field one of {string.Join(", ", fields)}; got \"{search}\".");
        }

        var wanted = value[1..^1].Replace("''", "'", StringComparison.Ordinal);
        return get => string.Equals(get(field), wanted, StringComparison.OrdinalIgnoreCase);
    }
}
