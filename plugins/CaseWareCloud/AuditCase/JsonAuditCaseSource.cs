using System.Security.Cryptography;
using System.Text.Json;

namespace ConnectorHost.Plugins.CaseWareCloud.AuditCase;

/// <summary>
/// Reads AuditCase's JSON export: <c>{"clients": [{"clientNumber": "1001", ..., "linkWithCaseWareCloud": true,
/// "contacts": [{"id": "5001", ...}]}]}</c>. Property names are case-insensitive; the switch may be <c>true</c>/<c>false</c>,
/// <c>"Ja"</c>/<c>"Nee"</c>, <c>"yes"</c>/<c>"no"</c> or <c>1</c>/<c>0</c>; a missing text field is empty.
/// </summary>
internal sealed class JsonAuditCaseSource(string path) : IAuditCaseSource
{
    private const string LinkProperty = "linkWithCaseWareCloud";

    private string FileName => Path.GetFileName(path);

    /// <summary>The export's SHA-256, read in small pieces (the file is not held in memory).</summary>
    public async Task<string?> VersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the whole export once, streaming, to check it (every field, every switch, the client numbers and contact ids
    /// present and unique) and keeps only the keys; the clients and contact persons are read again, streaming, when the
    /// sync enumerates them. Nothing of the export is held whole (at 20,000 clients the file is 16 MB).
    /// </summary>
    public Task<AuditCaseExport> ReadAsync(CancellationToken cancellationToken)
    {
        var stamp = Stamp();
        var clients = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var contacts = new Dictionary<string, (int Client, int Contact)>(StringComparer.OrdinalIgnoreCase);
        foreach (var (element, i) in Elements(stamp, cancellationToken))
        {
            var client = ReadClient(element, i);
            var place = new Place(FileName, i);
            if (client.ClientNumber.Length == 0)
            {
                throw new AuditCaseSourceException($"{place}: the client number (clientNumber) is empty. Every client needs one.");
            }

            if (!clients.TryAdd(client.ClientNumber, i))
            {
                throw new AuditCaseSourceException(
                    $"{new Place(FileName, clients[client.ClientNumber])} (client {client.ClientNumber}) and {place} (client {client.ClientNumber}): client number {client.ClientNumber} appears twice. Each client must appear once.");
            }

            foreach (var (contact, j) in ReadContacts(element, i, client.ClientNumber))
            {
                var contactPlace = new Place(FileName, i, j);
                if (contact.Id.Length == 0)
                {
                    throw new AuditCaseSourceException($"{contactPlace}: the contact person's id is empty. Every contact person needs AuditCase's id.");
                }

                if (!contacts.TryAdd(contact.Id, (i, j)))
                {
                    var first = contacts[contact.Id];
                    throw new AuditCaseSourceException(
                        $"{new Place(FileName, first.Client, first.Contact)} and {contactPlace}: contact person id {contact.Id} appears twice. Each contact person must appear once.");
                }
            }
        }

        if (Stamp() != stamp)
        {
            throw Changed();
        }

        return Task.FromResult<AuditCaseExport>(new Export(this, stamp, clients, contacts));
    }

    /// <summary>The file's length and last write: a file replaced between the check and a later read is not trusted.</summary>
    private (long Length, DateTime Written) Stamp()
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : (-1, default);
    }

    private AuditCaseExportChangedException Changed() =>
        new($"The AuditCase export {path} changed while it was read; nothing more was sent from it.");

    /// <summary>Each element of the "clients" array with its index, one at a time.</summary>
    /// <param name="stamp">The file as it was when the run began reading it: a read that fails after it changed says so.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    private IEnumerable<(JsonElement Element, int Index)> Elements((long, DateTime) stamp, CancellationToken cancellationToken)
    {
        using var elements = Open();
        var i = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var document = Next(elements, stamp);
            if (document is null)
            {
                yield break;
            }

            var element = document.RootElement;
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new AuditCaseSourceException($"{new Place(FileName, i)}: a client must be an object, not {element.ValueKind}.");
            }

            yield return (element, i++);
        }
    }

    private JsonDocument? Next(ClientElements elements, (long, DateTime) stamp)
    {
        try
        {
            return elements.Next();
        }
        catch (AuditCaseSourceException) when (Stamp() != stamp)
        {
            throw Changed(); // AuditCase wrote a new export while this one was read: not a broken export
        }
    }

    /// <summary>Opened so that AuditCase can write or replace the export meanwhile (a change is noticed by <see cref="Stamp"/>).</summary>
    private ClientElements Open()
    {
        try
        {
            return new ClientElements(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1), FileName);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AuditCaseSourceException($"The AuditCase export {path} does not exist. Export the clients from AuditCase to that file, or correct 'source.path'.", e);
        }
    }

    private AuditCaseClient ReadClient(JsonElement element, int i)
    {
        var place = new Place(FileName, i);
        return new AuditCaseClient
        {
            ClientNumber = Text(element, "clientNumber", place),
            Name = Text(element, "name", place),
            Kind = Text(element, "kind", place),
            Status = Text(element, "status", place),
            Address = Text(element, "address", place),
            PostalCode = Text(element, "postalCode", place),
            City = Text(element, "city", place),
            Country = Text(element, "country", place),
            Phone = Text(element, "phone", place),
            Email = Text(element, "email", place),
            Website = Text(element, "website", place),
            Facebook = Text(element, "facebook", place),
            Twitter = Text(element, "twitter", place),
            LinkedIn = Text(element, "linkedIn", place),
            Link = Switch(element, place),
        };
    }

    private IEnumerable<(AuditCaseContact Contact, int Index)> ReadContacts(JsonElement element, int i, string clientNumber)
    {
        if (!TryGet(element, "contacts", out var contacts) || contacts.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        var j = 0;
        foreach (var c in contacts.EnumerateArray())
        {
            var place = new Place(FileName, i, j);
            if (c.ValueKind != JsonValueKind.Object)
            {
                throw new AuditCaseSourceException($"{place}: a contact person must be an object, not {c.ValueKind}.");
            }

            yield return (new AuditCaseContact
            {
                Id = Text(c, "id", place),
                ClientNumber = clientNumber,
                FirstName = Text(c, "firstName", place),
                Infix = Text(c, "infix", place),
                LastName = Text(c, "lastName", place),
                Initials = Text(c, "initials", place),
                Email = Text(c, "email", place),
                Phone = Text(c, "phone", place),
                Mobile = Text(c, "mobile", place),
                Link = Switch(c, place),
            }, j++);
        }
    }

    /// <summary>A place in the export, for messages: built into text only when one is reported.</summary>
    private readonly record struct Place(string File, int Client, int Contact = -1)
    {
        public override string ToString() =>
            Contact < 0 ? $"{File}, clients[{Client}]" : $"{File}, clients[{Client}].contacts[{Contact}]";
    }

    /// <summary>The export as checked: its keys; its items read again from the file, streaming, when enumerated.</summary>
    private sealed class Export(JsonAuditCaseSource source, (long, DateTime) stamp, Dictionary<string, int> clients, Dictionary<string, (int, int)> contacts)
        : AuditCaseExport
    {
        public override int ClientCount => clients.Count;

        public override int ContactCount => contacts.Count;

        public override bool HasClient(string clientNumber) => clients.ContainsKey(clientNumber);

        public override bool HasContact(string contactId) => contacts.ContainsKey(contactId);

        public override IEnumerable<AuditCaseClient> Clients(CancellationToken cancellationToken)
        {
            var count = 0;
            foreach (var (element, i) in Checked(cancellationToken))
            {
                var client = source.ReadClient(element, i);
                if (!clients.TryGetValue(client.ClientNumber, out var at) || at != i)
                {
                    throw source.Changed();
                }

                count++;
                yield return client;
            }

            if (count != clients.Count)
            {
                throw source.Changed();
            }
        }

        public override IEnumerable<AuditCaseContact> Contacts(CancellationToken cancellationToken)
        {
            var count = 0;
            foreach (var (element, i) in Checked(cancellationToken))
            {
                var clientNumber = Text(element, "clientNumber", new Place(source.FileName, i));
                foreach (var (contact, j) in source.ReadContacts(element, i, clientNumber))
                {
                    if (!contacts.TryGetValue(contact.Id, out var at) || at != (i, j))
                    {
                        throw source.Changed();
                    }

                    count++;
                    yield return contact;
                }
            }

            if (count != contacts.Count)
            {
                throw source.Changed();
            }
        }

        private IEnumerable<(JsonElement Element, int Index)> Checked(CancellationToken cancellationToken)
        {
            if (source.Stamp() != stamp)
            {
                throw source.Changed();
            }

            foreach (var item in source.Elements(stamp, cancellationToken))
            {
                yield return item;
            }

            if (source.Stamp() != stamp)
            {
                throw source.Changed();
            }
        }
    }

    /// <summary>
    /// The elements of the root object's <c>"clients"</c> array, one at a time, each parsed on its own: the file is read
    /// through a buffer that holds one element at least (64 KB, grown for a larger one), never the whole file.
    /// </summary>
    private sealed class ClientElements(Stream stream, string fileName) : IDisposable
    {
        private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
        private byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;
        private bool _final;
        private bool _begun;
        private bool _sawClients;
        private JsonReaderState _state = new(Options);
        private Phase _phase = Phase.Root;

        private enum Phase
        {
            Root,
            Properties,
            SkipValue,
            ClientsStart,
            Clients,
            Trailing,
            Done,
        }

        /// <summary>The next element, or null after the last; syntax errors name the line.</summary>
        public JsonDocument? Next()
        {
            try
            {
                while (true)
                {
                    var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
                    var found = Step(ref reader, out var document);
                    _start += (int)reader.BytesConsumed;
                    _state = reader.CurrentState;
                    if (found)
                    {
                        return document;
                    }

                    if (_phase == Phase.Done)
                    {
                        return null;
                    }

                    Fill();
                }
            }
            catch (JsonException e)
            {
                throw new AuditCaseSourceException($"{fileName}, line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: not valid JSON ({e.Message.Split(" LineNumber:")[0].Split(" Path:")[0]}). Export it again from AuditCase.", e);
            }
        }

        public void Dispose() => stream.Dispose();

        private AuditCaseSourceException NotAnExport() =>
            new($"{fileName}: the export must be an object with a \"clients\" array: {{\"clients\": [{{\"clientNumber\": \"1001\", ...}}]}}.");

        /// <summary>Reads on in the buffer; true with an element, false when the buffer ends first (or the export did).</summary>
        private bool Step(ref Utf8JsonReader reader, out JsonDocument? document)
        {
            document = null;
            while (true)
            {
                var before = reader;
                if (_phase == Phase.Done)
                {
                    return false;
                }

                if (!reader.Read())
                {
                    if (_phase == Phase.Trailing && _final)
                    {
                        _phase = Phase.Done;
                    }

                    return false;
                }

                switch (_phase)
                {
                    case Phase.Root:
                        _phase = reader.TokenType == JsonTokenType.StartObject ? Phase.Properties : throw NotAnExport();
                        break;
                    case Phase.Properties when reader.TokenType == JsonTokenType.EndObject:
                        _phase = _sawClients ? Phase.Trailing : throw NotAnExport();
                        break;
                    case Phase.Properties:
                        _phase = !_sawClients && string.Equals(reader.GetString(), "clients", StringComparison.OrdinalIgnoreCase) ? Phase.ClientsStart : Phase.SkipValue;
                        break;
                    case Phase.SkipValue:
                        if (!reader.TrySkip())
                        {
                            reader = before;
                            return false;
                        }

                        _phase = Phase.Properties;
                        break;
                    case Phase.ClientsStart:
                        _phase = reader.TokenType == JsonTokenType.StartArray ? Phase.Clients : throw NotAnExport();
                        _sawClients = true;
                        break;
                    case Phase.Clients when reader.TokenType == JsonTokenType.EndArray:
                        _phase = Phase.Properties;
                        break;
                    case Phase.Trailing:
                        throw NotAnExport();
                    default:
                        if (!JsonDocument.TryParseValue(ref reader, out document))
                        {
                            reader = before;
                            return false;
                        }

                        return true;
                }
            }
        }

        private void Fill()
        {
            if (_final)
            {
                throw new AuditCaseSourceException($"{fileName}: the export ends before its \"clients\" array is complete. Export it again from AuditCase.");
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _final = true;
            }

            _end += read;
            if (!_begun && _end >= 3)
            {
                _begun = true;
                if (_buffer[0] == 0xEF && _buffer[1] == 0xBB && _buffer[2] == 0xBF)
                {
                    _start = 3; // the UTF-8 byte order mark some exports begin with
                }
            }
            else if (_final)
            {
                _begun = true;
            }
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Text(JsonElement element, string name, Place origin)
    {
        if (!TryGet(element, name, out var value))
        {
            return string.Empty;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null => string.Empty,
            _ => throw new AuditCaseSourceException($"{origin}: \"{name}\" must be text, not {value.ValueKind}."),
        };
    }

    private static bool Switch(JsonElement element, Place origin)
    {
        if (!TryGet(element, LinkProperty, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.Number => value.GetRawText() != "0",
            JsonValueKind.String => LinkSwitch.Parse(value.GetString()) ?? throw new AuditCaseSourceException(
                $"{origin}: \"{LinkProperty}\" is \"{value.GetString()}\"; use true/false, Ja/Nee, yes/no or 1/0."),
            _ => throw new AuditCaseSourceException($"{origin}: \"{LinkProperty}\" must be true or false, not {value.ValueKind}."),
        };
    }
}

/// <summary>The values of the switch "link with CaseWare Cloud" in AuditCase's and other words.</summary>
internal static class LinkSwitch
{
    private static readonly string[] Yes = ["true", "ja", "yes", "j", "y", "1", "waar"];
    private static readonly string[] No = ["false", "nee", "no", "n", "0", "onwaar", ""];

    public static bool? Parse(string? text)
    {
        var t = (text ?? string.Empty).Trim();
        return Yes.Contains(t, StringComparer.OrdinalIgnoreCase) ? true
            : No.Contains(t, StringComparer.OrdinalIgnoreCase) ? false
            : null;
    }
}
