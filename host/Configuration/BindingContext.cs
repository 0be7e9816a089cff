using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConnectorHost.Configuration;

/// <summary>What binding one configuration file collects: its errors and the secret values it resolved.</summary>
internal sealed class BindingContext(string file, SecretReferences references)
{
    private readonly List<ConfigError> _errors = [];

    public string File { get; } = file;

    public SecretReferences References { get; } = references;

    public IReadOnlyList<ConfigError> Errors => _errors;

    /// <summary>Every value of a setting marked secret, so logs and output can mask them.</summary>
    public HashSet<string> SecretValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether unknown component types skip their pipeline rather than being errors.</summary>
    public bool SkipUnknownTypes { get; set; }

    /// <summary>Why a component type is unknown, when a plugin that failed to load says it (SDK-8); null otherwise.</summary>
    public Func<string, string?> WhyUnknown { get; set; } = _ => null;

    /// <summary>The unknown component types met while <see cref="SkipUnknownTypes"/> is on.</summary>
    public List<string> UnknownTypes { get; } = [];

    /// <summary>
    /// When set, only this pipeline's <c>${ENV}</c> and <c>${file:}</c> references must resolve (a <c>command</c> on one
    /// pipeline); another pipeline with an unresolved reference is skipped instead of being an error.
    /// </summary>
    public string? SecretsOnlyFor { get; set; }

    /// <summary>True while binding a pipeline whose unresolved references are tolerated (see <see cref="SecretsOnlyFor"/>).</summary>
    public bool ToleratesUnresolvedReferences { get; set; }

    /// <summary>The unresolved references met while <see cref="ToleratesUnresolvedReferences"/> was on.</summary>
    public List<string> ToleratedReferences { get; } = [];

    /// <summary>
    /// Settings marked secret whose value is written in the YAML itself rather than referenced (<c>${ENV}</c>,
    /// <c>${file:}</c>): warnings of <c>validate</c>, or errors with <c>host.refuseLiteralSecrets</c>.
    /// </summary>
    public List<ConfigError> LiteralSecrets { get; } = [];

    /// <summary>The pipelines skipped, with the reason.</summary>
    public Dictionary<string, string> SkippedPipelines { get; } = new(StringComparer.Ordinal);

    public void Error(YamlNode? node, Mark fallback, string path, string message, string? hint = null) =>
        Error(node?.Start ?? fallback, path, message, hint);

    public void Error(Mark mark, string path, string message, string? hint = null) =>
        _errors.Add(new ConfigError(File, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column), path, message, hint));
}
