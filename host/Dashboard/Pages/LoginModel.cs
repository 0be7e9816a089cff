namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the login page shows.</summary>
/// <param name="Navigation">The navigation (without the pipelines' pages while nobody is logged in).</param>
/// <param name="Required">Whether a login is configured.</param>
/// <param name="ReturnUrl">Where to go after logging in.</param>
/// <param name="Problem">Why the last attempt was refused, or null.</param>
public sealed record LoginModel(Navigation Navigation, bool Required, string? ReturnUrl, string? Problem);
