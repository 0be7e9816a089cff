using System.Xml.Linq;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Tests.Support;

namespace ConnectorHost.Tests.Contracts;

/// <summary>
/// SDK-1: the abstractions are what third parties compile against. Their public API is declared in
/// PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt and checked by Microsoft.CodeAnalysis.PublicApiAnalyzers at
/// compile time: a public member added, changed or removed without a line there fails the build (RS0016, RS0017).
/// The build of a changed copy is proven in <c>SdkPackagesTests</c>; these tests pin the set-up.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly string Project = Path.Combine(RepoRoot.Find(), "abstractions", "ConnectorHost.Abstractions");

    [Fact]
    [Trait("Req", "SDK-1")]
    public void Every_public_type_of_the_abstractions_is_declared_in_the_public_api_files()
    {
        var declared = File.ReadAllLines(Path.Combine(Project, "PublicAPI.Shipped.txt"))
            .Concat(File.ReadAllLines(Path.Combine(Project, "PublicAPI.Unshipped.txt")))
            .ToHashSet(StringComparer.Ordinal);

        var missing = typeof(IConnectorPlugin).Assembly.GetExportedTypes()
            .Select(t => t.FullName!.Replace('+', '.'))
            .Select(name => name.Contains('`', StringComparison.Ordinal) ? name[..name.IndexOf('`', StringComparison.Ordinal)] : name)
            .Where(name => !declared.Any(line => line == name || line.StartsWith(name + "<", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)))
            .ToList();

        missing.ShouldBeEmpty("These public types are not in PublicAPI.Shipped.txt or PublicAPI.Unshipped.txt; the analyzer should have failed the build.");
    }

    [Fact]
    [Trait("Req", "SDK-1")]
    public void The_analyzer_checks_the_abstractions_with_both_api_files_and_nullable_annotations()
    {
        var project = XDocument.Load(Path.Combine(Project, "ConnectorHost.Abstractions.csproj"));
        var analyzer = project.Descendants("PackageReference").SingleOrDefault(e => (string?)e.Attribute("Include") == "Microsoft.CodeAnalysis.PublicApiAnalyzers");
        analyzer.ShouldNotBeNull("ConnectorHost.Abstractions.csproj must reference Microsoft.CodeAnalysis.PublicApiAnalyzers.");
        ((string?)analyzer.Attribute("PrivateAssets")).ShouldBe("all", "The analyzer must not become a dependency of the package.");
        project.Descendants("AdditionalFiles").Select(e => (string?)e.Attribute("Include"))
            .ShouldBe(["PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt"], ignoreOrder: true);
        File.ReadLines(Path.Combine(Project, "PublicAPI.Shipped.txt")).First().ShouldBe("#nullable enable");
    }

    [Fact]
    [Trait("Req", "H-4")]
    public void The_abstractions_depend_only_on_the_framework_and_microsoft_extensions_abstractions()
    {
        var references = typeof(IConnectorPlugin).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldAllBe(name => name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard"
            || (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && name.EndsWith(".Abstractions", StringComparison.Ordinal)));
    }
}
