using System.Globalization;
using System.Text.RegularExpressions;

namespace ConnectorHost.Configuration;

/// <summary>Durations as admins write them: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, or <c>00:05:00</c>.</summary>
internal static partial class Duration
{
    public const string Format = "a number with a unit: 30s, 5m, 1h30m, 2d (or hh:mm:ss)";

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
        }

        var match = Pattern().Match(trimmed);
        if (!match.Success || trimmed.Length == 0)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var number = double.Parse(part.Value[..^(part.Value.EndsWith("ms", StringComparison.Ordinal) ? 2 : 1)], CultureInfo.InvariantCulture);
            value += part.Value switch
            {
                var p when p.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(number),
                var p when p.EndsWith('s') => TimeSpan.FromSeconds(number),
                var p when p.EndsWith('m') => TimeSpan.FromMinutes(number),
                var p when p.EndsWith('h') => TimeSpan.FromHours(number),
                _ => TimeSpan.FromDays(number),
            };
        }

        return true;
    }

    public static string ToText(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        if (value.Days > 0)
        {
            parts.Add($"{value.Days}d");
        }

        if (value.Hours > 0)
        {
            parts.Add($"{value.Hours}h");
        }

        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }

        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }

        if (value.Milliseconds > 0)
        {
            parts.Add($"{value.Milliseconds}ms");
        }

        return string.Concat(parts);
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|d|h|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
