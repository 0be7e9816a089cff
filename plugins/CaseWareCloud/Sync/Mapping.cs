using System.Security.Cryptography;
using System.Text.Json;
using ConnectorHost.Plugins.CaseWareCloud.AuditCase;

namespace ConnectorHost.Plugins.CaseWareCloud;

/// <summary>An entity as sent to CaseWare Cloud: the client fields of CW-4.</summary>
internal sealed record EntityDto(
    string EntityNo,
    string Name,
    string Address,
    string PostalCode,
    string City,
    string Country,
    string Phone,
    string Email,
    string Website,
    string Facebook,
    string Twitter,
    string LinkedIn,
    string Status);

/// <summary>An entity as CaseWare Cloud returns it.</summary>
internal sealed record EntityFound(
    string Id,
    string? EntityNo,
    string? Name,
    string? Address,
    string? PostalCode,
    string? City,
    string? Country,
    string? Phone,
    string? Email,
    string? Website,
    string? Facebook,
    string? Twitter,
    string? LinkedIn,
    string? Status)
{
    public EntityDto Fields => new(
        EntityNo ?? string.Empty, Name ?? string.Empty, Address ?? string.Empty, PostalCode ?? string.Empty, City ?? string.Empty,
        Country ?? string.Empty, Phone ?? string.Empty, Email ?? string.Empty, Website ?? string.Empty, Facebook ?? string.Empty,
        Twitter ?? string.Empty, LinkedIn ?? string.Empty, Status ?? Mapping.Active);
}

/// <summary>A contact person as sent to CaseWare Cloud: the contact fields of CW-4; the e-mail is the login (CW-7).</summary>
internal sealed record ContactDto(
    string EntityId,
    string Email,
    string FirstName,
    string MiddleName,
    string LastName,
    string Initials,
    string Phone,
    string Mobile);

/// <summary>A contact person as CaseWare Cloud returns it.</summary>
internal sealed record ContactFound(
    string Id,
    string? EntityId,
    string? Email,
    string? FirstName,
    string? MiddleName,
    string? LastName,
    string? Initials,
    string? Phone,
    string? Mobile,
    bool HasAccess)
{
    public ContactDto Fields => new(
        EntityId ?? string.Empty, Email ?? string.Empty, FirstName ?? string.Empty, MiddleName ?? string.Empty, LastName ?? string.Empty,
        Initials ?? string.Empty, Phone ?? string.Empty, Mobile ?? string.Empty);
}

/// <summary>One page of a list.</summary>
internal sealed record ApiPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

/// <summary>AuditCase's fields onto CaseWare Cloud's, and the fingerprint of what is sent.</summary>
internal static class Mapping
{
    public const string Active = "Active";
    public const string Inactive = "Inactive";

    public static EntityDto ToEntity(AuditCaseClient c) =>
        new(c.ClientNumber, c.Name, c.Address, c.PostalCode, c.City, c.Country, c.Phone, c.Email, c.Website, c.Facebook, c.Twitter, c.LinkedIn, Active);

    public static ContactDto ToContact(AuditCaseContact c, string entityId) =>
        new(entityId, c.Email.Trim(), c.FirstName, c.Infix, c.LastName, c.Initials, c.Phone, c.Mobile);

    /// <summary>SHA-256 of the mapped fields, as hex: a record is sent again only when this changes.</summary>
    public static string Fingerprint<T>(T dto) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(dto, CaseWareCloudClient.Json)));

    /// <summary>A 128-bit hash of the mapped fields: two records compare equal when their hashes do (SHA-256, cut short).</summary>
    public static UInt128 FieldsHash<T>(T dto)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(dto, CaseWareCloudClient.Json), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    /// <summary>The e-mail as a login: trimmed, case-insensitive.</summary>
    public static string Login(string email) => email.Trim().ToUpperInvariant();
}
