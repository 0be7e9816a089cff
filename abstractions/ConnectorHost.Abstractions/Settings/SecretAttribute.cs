namespace ConnectorHost.Abstractions.Settings;

/// <summary>
/// Marks a settings property as a secret (a password, an API key). Its value is never written to a log line, an
/// exception message or the output of <c>plugins</c> and <c>validate</c>; the YAML should reference it as
/// <c>${ENV_VAR}</c> or <c>${file:path}</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute
{
}
