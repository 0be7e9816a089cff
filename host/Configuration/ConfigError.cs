namespace ConnectorHost.Configuration;

/// <summary>One problem in a configuration file, with where it is and what to do about it.</summary>
/// <param name="File">The file's path as given.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Path">The setting's path, for example <c>pipelines[0].source.settings.folder</c>.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">What to do, or <c>null</c>.</param>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message, string? Hint = null)
{
    /// <summary>The line as printed by <c>validate</c>: <c>file:line:column: path: message (hint)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Describe("error");

    /// <summary>The line with another severity: <c>file:line:column: warning: path: message (hint)</c>.</summary>
    /// <param name="severity"><c>error</c> or <c>warning</c>.</param>
    /// <returns>The text.</returns>
    public string Describe(string severity)
    {
        var where = string.IsNullOrEmpty(Path) ? string.Empty : Path + ": ";
        var hint = string.IsNullOrEmpty(Hint) ? string.Empty : " Hint: " + Hint;
        return $"{System.IO.Path.GetFileName(File)}:{Line}:{Column}: {severity}: {where}{Message}{hint}";
    }
}

/// <summary>Thrown when a configuration has errors; carries all of them.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errors">Every error found.</param>
    public ConfigurationException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Creates the exception.</summary>
    public ConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ConfigurationException(string message)
        : base(message) => Errors = [];

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Every error found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        $"The configuration has {errors.Count} error(s):{Environment.NewLine}" +
        string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
