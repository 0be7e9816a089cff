namespace ConnectorHost.Sandbox.CaseWareCloud;

/// <summary>The body of <c>POST auth/token</c>.</summary>
/// <param name="ClientId">The API client id.</param>
/// <param name="ClientSecret">The API client secret.</param>
/// <param name="Language">The language of messages, for example <c>en</c>.</param>
public sealed record TokenRequest(string? ClientId, string? ClientSecret, string? Language);

/// <summary>The answer of <c>POST auth/token</c>: a Bearer token.</summary>
/// <param name="Token">The token.</param>
public sealed record TokenResponse(string Token);

/// <summary>An entity (a client of the firm) as the API takes it.</summary>
/// <param name="EntityNo">The client number; unique.</param>
/// <param name="Name">The name; required, at most 100 characters.</param>
/// <param name="Address">Street and number.</param>
/// <param name="PostalCode">The postal code.</param>
/// <param name="City">The city.</param>
/// <param name="Country">The country.</param>
/// <param name="Phone">The phone number.</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="Website">The website.</param>
/// <param name="Facebook">The Facebook page.</param>
/// <param name="Twitter">The Twitter name.</param>
/// <param name="LinkedIn">The LinkedIn page.</param>
/// <param name="Status"><c>Active</c> or <c>Inactive</c>.</param>
public sealed record EntityInput(
    string? EntityNo,
    string? Name,
    string? Address = null,
    string? PostalCode = null,
    string? City = null,
    string? Country = null,
    string? Phone = null,
    string? Email = null,
    string? Website = null,
    string? Facebook = null,
    string? Twitter = null,
    string? LinkedIn = null,
    string? Status = "Active");

/// <summary>An entity as the API returns it: the fields of <see cref="EntityInput"/> with its id.</summary>
/// <param name="Id">The cwGuid.</param>
/// <param name="EntityNo">The client number.</param>
/// <param name="Name">The name.</param>
/// <param name="Address">Street and number.</param>
/// <param name="PostalCode">The postal code.</param>
/// <param name="City">The city.</param>
/// <param name="Country">The country.</param>
/// <param name="Phone">The phone number.</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="Website">The website.</param>
/// <param name="Facebook">The Facebook page.</param>
/// <param name="Twitter">The Twitter name.</param>
/// <param name="LinkedIn">The LinkedIn page.</param>
/// <param name="Status"><c>Active</c> or <c>Inactive</c>.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record Entity(
    string Id,
    string EntityNo,
    string Name,
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
    string Status,
    DateTimeOffset UpdatedAt)
{
    internal static Entity From(string id, EntityInput i, DateTimeOffset now) => new(
        id, i.EntityNo ?? string.Empty, i.Name ?? string.Empty, i.Address, i.PostalCode, i.City, i.Country, i.Phone, i.Email,
        i.Website, i.Facebook, i.Twitter, i.LinkedIn, i.Status ?? "Active", now);
}

/// <summary>A contact person as the API takes it. The e-mail is the login: unique and required.</summary>
/// <param name="EntityId">The cwGuid of the contact's entity.</param>
/// <param name="Email">The e-mail address, the login.</param>
/// <param name="FirstName">The first name.</param>
/// <param name="MiddleName">The infix (tussenvoegsel).</param>
/// <param name="LastName">The last name; required.</param>
/// <param name="Initials">The initials.</param>
/// <param name="Phone">The phone number.</param>
/// <param name="Mobile">The mobile number.</param>
public sealed record ContactInput(
    string? EntityId,
    string? Email,
    string? FirstName = null,
    string? MiddleName = null,
    string? LastName = null,
    string? Initials = null,
    string? Phone = null,
    string? Mobile = null);

/// <summary>A contact person as the API returns it: the fields of <see cref="ContactInput"/> with its id and access.</summary>
/// <param name="Id">The contact's id.</param>
/// <param name="EntityId">The cwGuid of the contact's entity.</param>
/// <param name="Email">The e-mail address, the login.</param>
/// <param name="FirstName">The first name.</param>
/// <param name="MiddleName">The infix.</param>
/// <param name="LastName">The last name.</param>
/// <param name="Initials">The initials.</param>
/// <param name="Phone">The phone number.</param>
/// <param name="Mobile">The mobile number.</param>
/// <param name="HasAccess">Whether the contact can log in; false once access is revoked.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record Contact(
    string Id,
    string EntityId,
    string Email,
    string? FirstName,
    string? MiddleName,
    string? LastName,
    string? Initials,
    string? Phone,
    string? Mobile,
    bool HasAccess,
    DateTimeOffset UpdatedAt)
{
    internal static Contact From(string id, ContactInput i, bool hasAccess, DateTimeOffset now) => new(
        id, i.EntityId ?? string.Empty, i.Email ?? string.Empty, i.FirstName, i.MiddleName, i.LastName, i.Initials, i.Phone, i.Mobile, hasAccess, now);
}

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items of the page.</param>
/// <param name="Page">The page, from 1.</param>
/// <param name="PageSize">The page size.</param>
/// <param name="TotalCount">The number of items over all pages.</param>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount);

/// <summary>An error answer, as the API gives it.</summary>
/// <param name="Message">What is wrong.</param>
public sealed record ApiError(string Message);

/// <summary>A request the API refuses (400, 404, 409).</summary>
public sealed class ApiRefusedException(int statusCode, string message) : Exception(message)
{
    /// <summary>The HTTP status to answer.</summary>
    public int StatusCode { get; } = statusCode;
}
