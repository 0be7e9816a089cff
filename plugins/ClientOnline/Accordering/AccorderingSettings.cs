using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Plugins.ClientOnline.Contracts;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>
/// Settings of <c>clientonline.accordering</c> (CO-8). The polling interval of the original tool ("interval in
/// minutes", advised 30) is the pipeline's <c>every:</c> (for example <c>every: 30m</c>): the host polls pending
/// submissions at every run, so a separate setting here would only repeat it.
/// </summary>
public sealed class AccorderingSettings : IValidatableObject
{
    /// <summary>The accordering service's address.</summary>
    [Description("The ClientOnline accordering SOAP service. https uses TLS (transport security); http is only for a local sandbox.")]
    [Example("http://127.0.0.1:5180/soap/2010/accordering")]
    public Uri Endpoint { get; set; } = new(AccorderingNamespace.DefaultEndpoint);

    /// <summary>The office's portal account.</summary>
    [Description("The user name of the office's ClientOnline account.")]
    [Required]
    public string UserName { get; set; } = string.Empty;

    /// <summary>The account's password.</summary>
    [Description("The password of the office's ClientOnline account. Write it as ${ENV_VAR} or ${file:path}.")]
    [Required]
    [Secret]
    [Example("${CLIENTONLINE_PASSWORD}")]
    public string Password { get; set; } = string.Empty;

    /// <summary>Whether the portal notifies the client by mail.</summary>
    [Description("Informatievoorziening: whether the portal mails the client that a document waits for approval (advised on).")]
    public bool Notifications { get; set; } = true;

    /// <summary>How long one call may take.</summary>
    [Description("How long one SOAP call may take before it counts as a failed attempt (retried with back-off).")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            yield return new ValidationResult($"'endpoint' must be an http:// or https:// address, got '{Endpoint}'", [nameof(Endpoint)]);
        }
    }
}
