using System.Text;
using System.Text.Json.Serialization;
using ConnectorHost.Plugins.ClientOnline.Contracts;
using ConnectorHost.Plugins.ClientOnline.Contracts.Beheer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SoapCore;

namespace ConnectorHost.Sandbox.ClientOnlinePortal;

/// <summary>
/// The sandbox ClientOnline portal: the accordering service over SOAP 1.1 (SoapCore) at
/// <c>/soap/2010/accordering</c> (WSDL at <c>?wsdl</c>), a control API under <c>/control</c> and an HTML page at
/// <c>/</c>, all on 127.0.0.1. Runs as its own program or in-process from tests.
/// </summary>
public sealed class SandboxPortal : IAsyncDisposable
{
    private const string InjectedSoapFault =
        """<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>"""
        + """<faultcode>s:Server</faultcode><faultstring>Injected SOAP fault (sandbox fault injection).</faultstring>"""
        + """</s:Fault></s:Body></s:Envelope>""";

    private readonly WebApplication _app;
    private int _stopped;

    private SandboxPortal(WebApplication app, Uri baseUrl, PortalState state, FaultInjector faults)
    {
        _app = app;
        BaseUrl = baseUrl;
        State = state;
        Faults = faults;
    }

    /// <summary>The demo clients a portal starts with when <see cref="SandboxPortalOptions.SeedDemoData"/> is on.</summary>
    public static IReadOnlyList<PortalClient> DemoClients { get; } =
    [
        new("900001", "Demo BV", KvkNumber: "12345678", ObNumber: "001000044B37", LhNumber: "001000044L01", Rsin: "001000044"),
        new("900002", "BAA BV", KvkNumber: "30267975", ObNumber: "812345678B01", Rsin: "812345678"),
        new("900003", "J. de Vries", Bsn: "123456782"),
    ];

    /// <summary>The portal's base address, for example <c>http://127.0.0.1:5180/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The SOAP endpoint: <see cref="BaseUrl"/> + <c>soap/2010/accordering</c>.</summary>
    public Uri ServiceUrl => new(BaseUrl, AccorderingNamespace.ServicePath.TrimStart('/'));

    /// <summary>The WSDL's address.</summary>
    public Uri WsdlUrl => new(ServiceUrl + "?wsdl");

    /// <summary>The administration (Beheer) SOAP endpoint: <see cref="BaseUrl"/> + <c>soap/2010/beheer</c>.</summary>
    public Uri BeheerServiceUrl => new(BaseUrl, BeheerNamespace.ServicePath.TrimStart('/'));

    /// <summary>The administration service's WSDL address.</summary>
    public Uri BeheerWsdlUrl => new(BeheerServiceUrl + "?wsdl");

    /// <summary>The portal's state, for tests in the same process (the control API offers the same over HTTP).</summary>
    public PortalState State { get; }

    /// <summary>The fault injection, for tests in the same process (also at <c>/control/faults</c>).</summary>
    public FaultInjector Faults { get; }

    /// <summary>Starts a portal on 127.0.0.1.</summary>
    /// <param name="options">How; <c>null</c> for the defaults (a free port, user and password <c>demo</c>, demo clients).</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <returns>The running portal; dispose it to stop it.</returns>
    public static async Task<SandboxPortal> StartAsync(SandboxPortalOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxPortalOptions();
        var state = new PortalState(options.Clock, options.Deadlines);
        if (options.SeedDemoData)
        {
            foreach (var client in DemoClients)
            {
                state.AddClient(client);
            }
        }

        var faults = new FaultInjector(InjectedFault.SoapFault, InjectedFault.WrongPassword);
        faults.Configure(options.Faults);
        var builder = LoopbackWebApp.CreateBuilder(typeof(SandboxPortal), options.Port, options.MinimumLogLevel, kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSoapCore();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(faults);
        builder.Services.AddSingleton(new SandboxCredentials(options.UserName, options.Password));
        builder.Services.AddSingleton<IAccorderingService, SandboxAccorderingService>();
        builder.Services.AddSingleton<IBeheerService, SandboxBeheerService>();

        var app = builder.Build();
        app.UseFaultInjection(faults, new FaultInjectionOptions
        {
            // SOAP calls of both services; the WSDL (a GET), the control API and the page never.
            AppliesTo = c => HttpMethods.IsPost(c.Request.Method)
                && (c.Request.Path.StartsWithSegments(AccorderingNamespace.ServicePath, StringComparison.OrdinalIgnoreCase)
                    || c.Request.Path.StartsWithSegments(BeheerNamespace.ServicePath, StringComparison.OrdinalIgnoreCase)),
            WriteErrorAsync = async (c, status, message) =>
            {
                c.Response.StatusCode = status;
                c.Response.ContentType = "text/plain; charset=utf-8";
                await c.Response.WriteAsync(message, c.RequestAborted).ConfigureAwait(false);
            },
            ServiceFaults = new Dictionary<InjectedFault, Func<HttpContext, RequestDelegate, Task>>
            {
                [InjectedFault.SoapFault] = async (c, _) =>
                {
                    c.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    c.Response.ContentType = "text/xml; charset=utf-8";
                    await c.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(InjectedSoapFault), c.RequestAborted).ConfigureAwait(false);
                },
                [InjectedFault.WrongPassword] = (c, next) =>
                {
                    c.Items[SandboxAccorderingService.InjectWrongPasswordItem] = true;
                    return next(c);
                },
            },
        });
        ((IApplicationBuilder)app).UseSoapEndpoint<IAccorderingService>(o =>
        {
            o.Path = AccorderingNamespace.ServicePath;
            o.SoapSerializer = SoapSerializer.DataContractSerializer;
            o.EncoderOptions = [new SoapEncoderOptions()];
            o.IndentXml = false; // the same answers without the indentation's whitespace (SoapCore indents by default)
            o.IndentWsdl = true; // the WSDL as published (it follows IndentXml unless set)
        });
        ((IApplicationBuilder)app).UseSoapEndpoint<IBeheerService>(o =>
        {
            o.Path = BeheerNamespace.ServicePath;
            o.SoapSerializer = SoapSerializer.DataContractSerializer;
            o.EncoderOptions = [new SoapEncoderOptions()];
            o.IndentXml = false; // the same answers without the indentation's whitespace (SoapCore indents by default)
            o.IndentWsdl = true; // the WSDL as published (it follows IndentXml unless set)
        });
        ControlApi.Map(app, state, faults);
        BenchControlApi.Map(app, state);
        BeheerControlApi.Map(app, state);
        PortalPage.Map(app, state);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SandboxPortal(app, LoopbackWebApp.BaseUrlOf(app), state, faults);
    }

    /// <summary>Waits until the portal is stopped (Ctrl+C or SIGTERM for the program).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes on shutdown.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops the portal. Safe to call twice.</summary>
    /// <param name="cancellationToken">Makes the stop less graceful.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
