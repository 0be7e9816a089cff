namespace ConnectorHost.Configuration;

/// <summary>Suggests the nearest known name for a misspelt one.</summary>
internal static class DidYouMean
{
    public static string? Suggest(string given, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(given.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, given.Length / 3) ? best : null;
    }

    /// <summary>A hint for an unknown name: "did you mean" when close, else the list of known names.</summary>
    public static string Hint(string given, IReadOnlyCollection<string> known)
    {
        var suggestion = Suggest(given, known);
        var list = known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal));
        return suggestion is null ? $"Known: {list}." : $"Did you mean '{suggestion}'? Known: {list}.";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
