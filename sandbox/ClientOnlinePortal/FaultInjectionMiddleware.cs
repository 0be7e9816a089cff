using System.Text;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using Microsoft.AspNetCore.Http;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>Injects the configured faults into SOAP calls (POSTs to the service path), before SoapCore sees them.</summary>
internal sealed class FaultInjectionMiddleware(RequestDelegate next, FaultInjector injector)
{
    private const string InjectedSoapFault =
        """<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>"""
        + """<faultcode>s:Server</faultcode><faultstring>Injected SOAP fault (sandbox fault injection).</faultstring>"""
        + """</s:Fault></s:Body></s:Envelope>""";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Path.StartsWithSegments(AccorderingNamespace.ServicePath, StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var decision = injector.Next();
        if (decision.DelayMs > 0)
        {
            await Task.Delay(decision.DelayMs, context.RequestAborted).ConfigureAwait(false);
        }

        switch (decision.Fault)
        {
            case InjectedFault.DropConnection:
                context.Abort();
                return;
            case InjectedFault.Http500:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("Injected HTTP 500 (sandbox fault injection).", context.RequestAborted).ConfigureAwait(false);
                return;
            case InjectedFault.SoapFault:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "text/xml; charset=utf-8";
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(InjectedSoapFault), context.RequestAborted).ConfigureAwait(false);
                return;
            case InjectedFault.WrongPassword:
                context.Items[SandboxAccorderingService.InjectWrongPasswordItem] = true;
                break;
            case InjectedFault.None:
            default:
                break;
        }

        await next(context).ConfigureAwait(false);
    }
}
