using System.Net;
using ConnectorHost.Configuration;

namespace ConnectorHost.Dashboard;

/// <summary>
/// The <c>Host</c> header values the dashboard answers to (SEC-1). A page asked for under another name is refused
/// with 400, so a web page on an attacker's domain that rebinds its name to 127.0.0.1 cannot read or post to the
/// dashboard from the admin's browser.
/// </summary>
internal static class DashboardHostNames
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>The allowed names for these settings; <c>*</c> (any) only for a wildcard address with a login.</summary>
    public static IReadOnlyList<string> For(DashboardSettings settings)
    {
        var names = new List<string>(settings.AllowedHosts.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()));
        var host = settings.Address.Host;
        if (settings.Address.IsLoopback)
        {
            names.AddRange(LoopbackNames);
        }
        else if (IsWildcard(host))
        {
            if (names.Count == 0 && settings.Login.IsConfigured)
            {
                names.Add("*");
            }
        }
        else
        {
            names.Add(host);
        }

        if (!IsWildcard(host) && !names.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            names.Add(host);
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static bool IsWildcard(string host) =>
        host is "0.0.0.0" or "[::]" or "::" or "*" or "+"
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
}
