using System.Reflection;
using System.Text;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Contracts;

/// <summary>
/// H-4: the abstractions are what third parties compile against. Their public surface is pinned in
/// abstractions/ConnectorHost.Abstractions/PublicAPI.txt, so a change to it is seen in review.
/// </summary>
[Trait("Req", "H-4")]
public sealed class PublicApiTests
{
    [Fact]
    public void The_public_api_of_the_abstractions_is_the_checked_in_one()
    {
        var file = Path.Combine(RepoRoot.Find(), "abstractions", "ConnectorHost.Abstractions", "PublicAPI.txt");
        var actual = Describe(typeof(IConnectorPlugin).Assembly);
        if (Environment.GetEnvironmentVariable("CONNECTORHOST_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(file, actual);
        }

        var expected = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : string.Empty;
        actual.ShouldBe(expected, "The public API of ConnectorHost.Abstractions changed. If that is intended (and compatible for plugins built against 1.x), run the tests with CONNECTORHOST_UPDATE_PUBLIC_API=1 and commit PublicAPI.txt.");
    }

    [Fact]
    public void The_abstractions_depend_only_on_the_framework_and_microsoft_extensions_abstractions()
    {
        var references = typeof(IConnectorPlugin).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldAllBe(name => name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard"
            || (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && name.EndsWith(".Abstractions", StringComparison.Ordinal)));
    }

    private static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"{Kind(type)} {type.FullName}{Bases(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags).Concat(type.GetMembers(BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(m => m is MethodBase { IsFamily: true })))
            {
                if (member is MethodBase { IsSpecialName: true } and not ConstructorInfo)
                {
                    continue; // property and event accessors are listed with their property or event
                }

                lines.Add($"{type.FullName}::{member}");
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsEnum: true } => "enum",
        { IsValueType: true } => "struct",
        { IsAbstract: true, IsSealed: true } => "static class",
        { IsAbstract: true } => "abstract class",
        { IsSealed: true } => "sealed class",
        _ => "class",
    };

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(baseType.ToString());
        }

        bases.AddRange(type.GetInterfaces().Select(i => i.ToString()).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }
}
