using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Sandbox.Plugin;

/// <summary>Settings of <c>sandbox.clientonline</c>.</summary>
public sealed class ClientOnlinePortalSettings
{
    /// <summary>The port on 127.0.0.1.</summary>
    [Description("The port the sandbox portal listens on, on 127.0.0.1 only. Its page is http://127.0.0.1:<port>/, its SOAP service /soap/2010/accordering.")]
    [Range(1, 65535)]
    public int Port { get; set; } = 5180;

    /// <summary>The user name the sandbox accepts.</summary>
    [Description("The user name the sandbox portal accepts on every SOAP call.")]
    public string UserName { get; set; } = "demo";

    /// <summary>The password the sandbox accepts.</summary>
    [Description("The password the sandbox portal accepts on every SOAP call.")]
    [Secret]
    public string Password { get; set; } = "demo";

    /// <summary>Whether the demo clients are there from the start.</summary>
    [Description("Whether the portal starts with the demo clients, among them Demo BV with KvK number 12345678.")]
    public bool DemoData { get; set; } = true;
}
