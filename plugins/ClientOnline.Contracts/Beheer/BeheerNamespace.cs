namespace ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;

/// <summary>
/// The XML namespace and path of the ClientOnline administration service ("Beheer"): clients, client groups,
/// branches (vestigingen), client users, approval tokens and rights. A second endpoint beside the accordering
/// service, with its own pinned WSDL (<c>beheer.wsdl</c>).
/// </summary>
public static class BeheerNamespace
{
    /// <summary><c>http://www.clientonline.nl/soap/2010/beheer</c> (an <c>http:</c> namespace, as for accordering).</summary>
    public const string Value = "http://www.clientonline.nl/soap/2010/beheer";

    /// <summary>The path the service is served at, relative to the portal's base address.</summary>
    public const string ServicePath = "/soap/2010/beheer";

    /// <summary>The production endpoint.</summary>
    public const string DefaultEndpoint = "https://www.clientonline.nl" + ServicePath;
}
