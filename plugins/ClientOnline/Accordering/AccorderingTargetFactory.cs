using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;
using Microsoft.Extensions.Logging;

namespace ConnectorHost.Plugins.ClientOnline.Accordering;

/// <summary>Creates <c>clientonline.accordering</c> targets.</summary>
public sealed class AccorderingTargetFactory()
    : ComponentFactory<IAccordeerTarget, AccorderingSettings>(
        "clientonline.accordering",
        "Submits documents to the ClientOnline portal for the client's approval (accordering) over SOAP and polls their status; the pipeline's every: is the polling interval (advised 30m).")
{
    /// <inheritdoc />
    public override IAccordeerTarget Create(AccorderingSettings settings, IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new AccorderingTarget(
            new SoapChannel<Contracts.IAccorderingService>(settings.Endpoint, settings.Timeout),
            new StatusLookUp(settings.Endpoint, settings.Timeout, settings.UserName, settings.Password),
            settings,
            context.Clock,
            context.LoggerFactory.CreateLogger<AccorderingTarget>());
    }
}
