using System.Xml.Linq;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using static ConnectorHost.Plugins.ClientOnline.Tests.SandboxTestKit;

namespace ConnectorHost.Plugins.ClientOnline.Tests.PortalSetup;

/// <summary>
/// The administration (Beheer) contract is pinned like the accordering one: the WSDL the sandbox serves at
/// /soap/2010/beheer must equal plugins/ClientOnline.Contracts/beheer.wsdl (compared as XML, ignoring the address).
/// </summary>
public sealed class BeheerWsdlPinTests
{
    private const string UpdateVariable = "CLIENTONLINE_UPDATE_WSDL";

    private static string PinnedWsdl => Path.Combine(TestPaths.RepoRoot, "plugins", "ClientOnline.Contracts", "beheer.wsdl");

    [Fact]
    public async Task The_served_beheer_wsdl_is_the_checked_in_wsdl()
    {
        await using var portal = await StartAsync();
        using var http = new HttpClient();
        var served = await http.GetStringAsync(portal.BeheerWsdlUrl);

        if (GoldenFileUpdate.IsRequested(UpdateVariable)
            && (!File.Exists(PinnedWsdl) || WsdlPinTests.Canonical(await File.ReadAllTextAsync(PinnedWsdl)) != WsdlPinTests.Canonical(served)))
        {
            var doc = XDocument.Parse(served);
            foreach (var address in doc.Descendants().Where(e => e.Name.LocalName == "address" && e.Attribute("location") is not null))
            {
                address.SetAttributeValue("location", BeheerNamespace.DefaultEndpoint);
            }

            GoldenFileUpdate.WriteAndFail(PinnedWsdl, doc + "\n", $"dotnet test tests/ClientOnline.Tests --filter {nameof(The_served_beheer_wsdl_is_the_checked_in_wsdl)}");
        }

        File.Exists(PinnedWsdl).ShouldBeTrue(
            $"{PinnedWsdl} is missing. Create it: {UpdateVariable}=1 dotnet test tests/ClientOnline.Tests --filter {nameof(The_served_beheer_wsdl_is_the_checked_in_wsdl)}");
        var (expected, actual) = (WsdlPinTests.Canonical(await File.ReadAllTextAsync(PinnedWsdl)), WsdlPinTests.Canonical(served));
        if (expected != actual)
        {
            Assert.Fail(
                $"The WSDL served at {BeheerNamespace.ServicePath}?wsdl differs from the checked-in plugins/ClientOnline.Contracts/beheer.wsdl: the wire contract changed.\n"
                + WsdlPinTests.FirstDifference(expected, actual) + "\n"
                + $"If intended, update it with {UpdateVariable}=1 dotnet test tests/ClientOnline.Tests --filter {nameof(The_served_beheer_wsdl_is_the_checked_in_wsdl)} and commit it with the contract change.");
        }
    }
}
