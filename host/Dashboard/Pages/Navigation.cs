namespace ConnectorHost.Dashboard.Pages;

/// <summary>What the navigation shows: the pipelines with a page of commands, and who is logged in.</summary>
/// <param name="CommandPipelines">The pipelines whose components offer commands.</param>
/// <param name="User">The logged-in user, or null without a login.</param>
/// <param name="Antiforgery">The anti-forgery field every form that posts carries.</param>
/// <param name="Live">Whether the page reloads itself every 10 seconds.</param>
/// <param name="Here">This page's path and query, where the language switch returns to.</param>
public sealed record Navigation(IReadOnlyList<string> CommandPipelines, string? User, FormToken Antiforgery, bool Live = false, string Here = "/");

/// <summary>The anti-forgery token of this request, as a form field.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Value">The request token.</param>
public sealed record FormToken(string Name, string Value);
