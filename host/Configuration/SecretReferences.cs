using System.Text;
using System.Text.RegularExpressions;

namespace ConnectorHost.Configuration;

/// <summary>
/// Expands <c>${ENV_VAR}</c> and <c>${file:path}</c> inside one scalar value, after parsing (so a <c>#</c> in a
/// secret never breaks the YAML). <c>$${</c> stands for a literal <c>${</c>. A file's content is trimmed of a
/// trailing newline; a relative file path is taken from the configuration file's folder.
/// </summary>
internal sealed partial class SecretReferences(string configFolder, Func<string, string?> environment)
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);

    /// <summary>Every file a <c>${file:path}</c> reference named (full paths, found or not), so a change to one can be noticed.</summary>
    public IReadOnlySet<string> ReferencedFiles => _files;

    /// <summary>Expands the references in a value.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="error">Why a reference could not be resolved, or <c>null</c>.</param>
    /// <param name="hadReference">Whether the value contained a reference.</param>
    /// <returns>The expanded value.</returns>
    public string Expand(string value, out string? error, out bool hadReference)
    {
        error = null;
        hadReference = false;
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder();
        var position = 0;
        string? firstError = null;
        var found = false;
        foreach (Match match in Reference().Matches(value))
        {
            result.Append(value, position, match.Index - position);
            position = match.Index + match.Length;
            if (match.Value.StartsWith("$$", StringComparison.Ordinal))
            {
                result.Append(match.Value.AsSpan(1));
                continue;
            }

            found = true;
            var name = match.Groups["name"].Value.Trim();
            var resolved = Resolve(name, out var problem);
            firstError ??= problem;
            result.Append(resolved);
        }

        result.Append(value, position, value.Length - position);
        error = firstError;
        hadReference = found;
        return result.ToString();
    }

    private string Resolve(string name, out string? problem)
    {
        problem = null;
        if (name.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = name["file:".Length..].Trim();
            var full = Path.GetFullPath(Path.Combine(configFolder, path));
            _files.Add(full);
            if (!File.Exists(full))
            {
                problem = $"the secret file '{full}' referenced by ${{{name}}} does not exist";
                return string.Empty;
            }

            return ReadSecretFile(full, name, out problem);
        }

        if (!VariableName().IsMatch(name))
        {
            problem = $"'${{{name}}}' is not a valid reference";
            return string.Empty;
        }

        var value = environment(name);
        if (value is null)
        {
            problem = $"the environment variable {name} referenced by ${{{name}}} is not set";
            return string.Empty;
        }

        return value;
    }

    /// <summary>The most a <c>${file:}</c> reference reads: a secret is a line, a certificate a few KB (SEC-6).</summary>
    public const int MaxFileBytes = 64 * 1024;

    private static string ReadSecretFile(string full, string name, out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = ConfigurationFiles.Read(full, MaxFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException)
        {
            // Only regular files, at most 64 KB, within the read deadline (FH-1, FH-7): a pipe or a device is never opened.
            problem = $"the secret file '{full}' referenced by ${{{name}}} is not read: {ex.Message}";
            return string.Empty;
        }

        return new System.Text.UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF').TrimEnd('\r', '\n');
    }

    [GeneratedRegex(@"\$?\$\{(?<name>[^}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableName();
}
