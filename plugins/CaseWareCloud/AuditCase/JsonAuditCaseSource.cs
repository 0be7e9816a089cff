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

    public async Task<AuditCaseExport> ReadAsync(CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                document = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new AuditCaseSourceException($"The AuditCase export {path} does not exist. Export the clients from AuditCase to that file, or correct 'source.path'.", e);
        }
        catch (JsonException e)
        {
            throw new AuditCaseSourceException($"{FileName}, line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: not valid JSON ({e.Message.Split(" Path:")[0]}). Export it again from AuditCase.", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !TryGet(document.RootElement, "clients", out var clients) || clients.ValueKind != JsonValueKind.Array)
            {
                throw new AuditCaseSourceException($"{FileName}: the export must be an object with a \"clients\" array: {{\"clients\": [{{\"clientNumber\": \"1001\", ...}}]}}.");
            }

            var builder = new AuditCaseListBuilder();
            var i = 0;
            foreach (var element in clients.EnumerateArray())
            {
                var origin = $"{FileName}, clients[{i}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    throw new AuditCaseSourceException($"{origin}: a client must be an object, not {element.ValueKind}.");
                }

                var client = new AuditCaseClient
                {
                    ClientNumber = Text(element, "clientNumber", origin),
                    Name = Text(element, "name", origin),
                    Kind = Text(element, "kind", origin),
                    Status = Text(element, "status", origin),
                    Address = Text(element, "address", origin),
                    PostalCode = Text(element, "postalCode", origin),
                    City = Text(element, "city", origin),
                    Country = Text(element, "country", origin),
                    Phone = Text(element, "phone", origin),
                    Email = Text(element, "email", origin),
                    Website = Text(element, "website", origin),
                    Facebook = Text(element, "facebook", origin),
                    Twitter = Text(element, "twitter", origin),
                    LinkedIn = Text(element, "linkedIn", origin),
                    Link = Switch(element, origin),
                    Origin = origin,
                };
                builder.Add(client with { Origin = client.ClientNumber.Length > 0 ? $"{origin} (client {client.ClientNumber})" : origin });
                if (TryGet(element, "contacts", out var contacts) && contacts.ValueKind == JsonValueKind.Array)
                {
                    var j = 0;
                    foreach (var c in contacts.EnumerateArray())
                    {
                        var contactOrigin = $"{origin}.contacts[{j++}]";
                        if (c.ValueKind != JsonValueKind.Object)
                        {
                            throw new AuditCaseSourceException($"{contactOrigin}: a contact person must be an object, not {c.ValueKind}.");
                        }

                        builder.Add(new AuditCaseContact
                        {
                            Id = Text(c, "id", contactOrigin),
                            ClientNumber = client.ClientNumber,
                            FirstName = Text(c, "firstName", contactOrigin),
                            Infix = Text(c, "infix", contactOrigin),
                            LastName = Text(c, "lastName", contactOrigin),
                            Initials = Text(c, "initials", contactOrigin),
                            Email = Text(c, "email", contactOrigin),
                            Phone = Text(c, "phone", contactOrigin),
                            Mobile = Text(c, "mobile", contactOrigin),
                            Link = Switch(c, contactOrigin),
                            Origin = contactOrigin,
                        });
                    }
                }

                i++;
            }

            return builder.Build();
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

    private static string Text(JsonElement element, string name, string origin)
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

    private static bool Switch(JsonElement element, string origin)
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
