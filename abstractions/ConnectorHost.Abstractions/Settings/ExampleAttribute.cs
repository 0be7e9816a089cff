namespace ConnectorHost.Abstractions.Settings;

/// <summary>An example value of a settings property, shown by <c>plugins</c> and in the JSON Schema.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = true)]
public sealed class ExampleAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="value">The example, as it would be written in the YAML.</param>
    public ExampleAttribute(string value) => Value = value;

    /// <summary>The example, as it would be written in the YAML.</summary>
    public string Value { get; }
}
