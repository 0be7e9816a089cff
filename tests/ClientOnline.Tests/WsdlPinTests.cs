using System.Text;
using System.Xml.Linq;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using static ConnectorHost.Plugins.ClientOnline.Tests.SandboxTestKit;

namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>
/// The wire contract is pinned: the WSDL the sandbox serves must equal plugins/ClientOnline.Contracts/accordering.wsdl
/// (compared as XML, ignoring the soap:address location).
/// </summary>
public sealed class WsdlPinTests
{
    private const string UpdateVariable = "CLIENTONLINE_UPDATE_WSDL";

    [Fact]
    public async Task The_served_wsdl_is_the_checked_in_wsdl()
    {
        await using var portal = await StartAsync();
        using var http = new HttpClient();
        var served = await http.GetStringAsync(portal.WsdlUrl);

        if (GoldenFileUpdate.IsRequested(UpdateVariable)
            && (!File.Exists(TestPaths.PinnedWsdl) || Canonical(await File.ReadAllTextAsync(TestPaths.PinnedWsdl)) != Canonical(served)))
        {
            GoldenFileUpdate.WriteAndFail(TestPaths.PinnedWsdl, ForCheckIn(served), $"dotnet test tests/ClientOnline.Tests --filter {nameof(The_served_wsdl_is_the_checked_in_wsdl)}");
        }

        File.Exists(TestPaths.PinnedWsdl).ShouldBeTrue(
            $"{TestPaths.PinnedWsdl} is missing. Create it from the served WSDL: {UpdateVariable}=1 dotnet test tests/ClientOnline.Tests --filter {nameof(The_served_wsdl_is_the_checked_in_wsdl)}");
        var pinned = await File.ReadAllTextAsync(TestPaths.PinnedWsdl);
        var (expected, actual) = (Canonical(pinned), Canonical(served));
        if (expected != actual)
        {
            var diff = FirstDifference(expected, actual);
            Assert.Fail(
                $"The WSDL served at {AccorderingNamespace.ServicePath}?wsdl differs from the checked-in "
                + "plugins/ClientOnline.Contracts/accordering.wsdl: the wire contract changed.\n"
                + $"{diff}\n"
                + "If the change is intended (a reviewed change to IAccorderingService or its data contracts), update the pinned file with\n"
                + $"  {UpdateVariable}=1 dotnet test tests/ClientOnline.Tests --filter {nameof(The_served_wsdl_is_the_checked_in_wsdl)}\n"
                + "and commit it with the contract change; otherwise undo the change to the contract.");
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("0", "true", false)]
    [InlineData("1", null, true)]
    [InlineData("1", "", true)]
    [InlineData("1", "false", true)]
    public void The_update_mode_is_only_on_when_asked_and_not_in_CI(string? update, string? ci, bool expected)
    {
        GoldenFileUpdate.IsRequested(UpdateVariable, name => name == UpdateVariable ? update : name == "CI" ? ci : null).ShouldBe(expected);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("1")]
    [InlineData("github-actions")]
    public void The_update_mode_is_refused_when_CI_is_set(string ci)
    {
        var refused = Should.Throw<InvalidOperationException>(() => GoldenFileUpdate.IsRequested(UpdateVariable, name => name == UpdateVariable ? "1" : name == "CI" ? ci : null));

        refused.Message.ShouldContain($"{UpdateVariable}=1 asks to rewrite a pinned file, but CI={ci} is set");
    }

    [Fact]
    public void The_comparison_ignores_the_address_and_attribute_order_but_not_the_contract()
    {
        const string a = """<d xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"><e x="1" y="2"/><soap:address location="http://127.0.0.1:1/"/></d>""";
        const string b = """<d xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/">  <e y="2" x="1"/>  <soap:address location="https://www.clientonline.nl/soap/2010/accordering"/></d>""";
        const string c = """<d xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"><e x="1" y="3"/><soap:address location="http://127.0.0.1:1/"/></d>""";

        Canonical(a).ShouldBe(Canonical(b));
        Canonical(a).ShouldNotBe(Canonical(c));
    }

    /// <summary>The served WSDL with the production address, indented, as checked in.</summary>
    private static string ForCheckIn(string wsdl)
    {
        var doc = XDocument.Parse(wsdl);
        foreach (var address in Addresses(doc))
        {
            address.SetAttributeValue("location", AccorderingNamespace.DefaultEndpoint);
        }

        return doc.Declaration is null ? doc.ToString() + "\n" : doc.Declaration + "\n" + doc + "\n";
    }

    /// <summary>
    /// Canonical text: whitespace between elements dropped, attributes (namespace declarations too) sorted by name,
    /// the soap:address location removed; one element per line so a difference is easy to read.
    /// </summary>
    internal static string Canonical(string xml)
    {
        var doc = XDocument.Parse(xml, LoadOptions.None);
        foreach (var address in Addresses(doc))
        {
            address.Attribute("location")?.Remove();
        }

        var text = new StringBuilder();
        Write(doc.Root!, 0, text);
        return text.ToString();
    }

    private static void Write(XElement element, int depth, StringBuilder text)
    {
        text.Append(' ', depth * 2).Append('<').Append(element.Name.ToString());
        foreach (var attribute in element.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal))
        {
            text.Append(' ').Append(attribute.Name.ToString()).Append("=\"").Append(attribute.Value).Append('"');
        }

        text.Append(">\n");
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XElement child:
                    Write(child, depth + 1, text);
                    break;
                case XText value when !string.IsNullOrWhiteSpace(value.Value):
                    text.Append(' ', (depth + 1) * 2).Append(value.Value.Trim()).Append('\n');
                    break;
            }
        }
    }

    private static IEnumerable<XElement> Addresses(XDocument doc) =>
        doc.Descendants().Where(e => e.Name.LocalName == "address" && e.Attribute("location") is not null).ToList();

    internal static string FirstDifference(string expected, string actual)
    {
        var (e, a) = (expected.Split('\n'), actual.Split('\n'));
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var (left, right) = (i < e.Length ? e[i] : "(end)", i < a.Length ? a[i] : "(end)");
            if (left != right)
            {
                return $"First difference at canonical line {i + 1}:\n  checked in: {left.Trim()}\n  served:     {right.Trim()}";
            }
        }

        return "The documents differ.";
    }
}
