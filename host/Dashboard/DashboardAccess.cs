using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ConnectorHost.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace ConnectorHost.Dashboard;

/// <summary>
/// Who may use the dashboard: nobody needs to log in when no login is configured (then the host listens on loopback
/// only); otherwise a user with a password (checked against its PBKDF2 hash) or an API key (header
/// <c>X-Api-Key</c>, or as the password in the login form) signs in with a cookie.
/// </summary>
internal sealed class DashboardAccess(DashboardLoginSettings login)
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string ApiKeyUser = "api-key";
    private static readonly PasswordHasher<string> Hasher = new();

    public bool Required => login.IsConfigured;

    /// <summary>Makes the hash to put in <c>host.dashboard.login.passwordHash</c>.</summary>
    public static string Hash(string password) => Hasher.HashPassword(string.Empty, password);

    /// <summary>Who is asking, for the audit log: the logged-in user and the address they come from.</summary>
    public static string Who(HttpContext context)
    {
        var from = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1";
        return context.User.Identity is { IsAuthenticated: true, Name: { } name } ? $"dashboard:{name}@{from}" : $"dashboard@{from}";
    }

    /// <summary>
    /// The user name when the credentials are right, else null. The API key logs in as <see cref="ApiKeyUser"/>,
    /// whatever user name was typed (SEC-3: a typed name never reaches the audit log). The password hash is verified
    /// even for a wrong or unknown user name, against a hash of nothing, so a wrong user name costs as much time as a
    /// wrong password and the answer's timing does not tell which user names exist.
    /// </summary>
    public string? Check(string? user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return null;
        }

        if (login.ApiKey is { Length: > 0 } key && Same(key, password))
        {
            return ApiKeyUser;
        }

        var userMatches = login.User is { Length: > 0 } expected && Same(expected, user?.Trim() ?? string.Empty);
        var hash = login.PasswordHash is { Length: > 0 } configured ? configured : UnknownUserHash.Value;
        var passwordMatches = Hasher.VerifyHashedPassword(string.Empty, hash, password) != PasswordVerificationResult.Failed;
        return userMatches && passwordMatches && login.PasswordHash is { Length: > 0 } ? login.User : null;
    }

    // A hash of a random password nobody knows, verified when no password hash is configured, for equal timing.
    private static readonly Lazy<string> UnknownUserHash = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

    /// <summary>Signs a request with a right <c>X-Api-Key</c> header in for that request only.</summary>
    public Task ApiKeyAsync(HttpContext context, Func<Task> next)
    {
        if (login.ApiKey is { Length: > 0 } key
            && context.Request.Headers.TryGetValue(ApiKeyHeader, out var given)
            && Same(key, given.ToString()))
        {
            context.User = Principal(ApiKeyUser, "ApiKey");
        }

        return next();
    }

    /// <summary>Signs the user in with a cookie that names a new session of <paramref name="sessions"/>.</summary>
    public static Task SignInAsync(HttpContext context, string user, DashboardSessions sessions)
    {
        var principal = Principal(user, CookieAuthenticationDefaults.AuthenticationScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(DashboardSessions.ClaimType, sessions.Start(user)));
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
    }

    private static ClaimsPrincipal Principal(string user, string scheme) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], scheme));

    private static bool Same(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
