namespace ConnectorHost.Plugins.ClientOnline.Contracts;

/// <summary>The XML namespace of the ClientOnline accordering service, its messages and its data.</summary>
public static class AccorderingNamespace
{
    /// <summary>
    /// <c>http://www.clientonline.nl/soap/2010/accordering</c>: an <c>http:</c> namespace on purpose, SoapCore
    /// writes an inconsistent WSDL for <c>urn:</c> namespaces.
    /// </summary>
    public const string Value = "http://www.clientonline.nl/soap/2010/accordering";

    /// <summary>The path the service is served at, relative to the portal's base address.</summary>
    public const string ServicePath = "/soap/2010/accordering";

    /// <summary>The production endpoint of ClientOnline (CO-8).</summary>
    public const string DefaultEndpoint = "https://www.clientonline.nl" + ServicePath;
}
