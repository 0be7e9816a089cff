using System.Globalization;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.ClientOnlinePortal;
using Microsoft.Extensions.Logging;

// The sandbox ClientOnline portal as a program: dotnet run --project sandbox/ClientOnlinePortal -- [--port 5180]
// [--user demo] [--password demo] [--no-demo-data] [--quiet] (no request log). Fault flags as in docs/sandbox.md (--latency 50 --faults 0.05 ...). Stops on Ctrl+C.
var options = new SandboxPortalOptions { Port = 5180, MinimumLogLevel = LogLevel.Information };
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--user":
            options.UserName = Value();
            break;
        case "--password":
            options.Password = Value();
            break;
        case "--no-demo-data":
            options.SeedDemoData = false;
            break;
        case "--quiet":
            options.MinimumLogLevel = LogLevel.None;
            break;
        default:
            var faults = options.Faults;
            if (FaultArguments.TryApply(args[i], Value, ref faults))
            {
                options.Faults = faults;
                break;
            }

            await Console.Error.WriteLineAsync(
                $"Unknown argument {args[i]}. Usage: ConnectorHost.Sandbox.ClientOnlinePortal [--port N] [--user U] [--password P] [--no-demo-data] [--quiet] " + FaultArguments.Usage);
            return 2;
    }
}

await using var portal = await SandboxPortal.StartAsync(options);
Console.WriteLine($"ClientOnline sandbox portal on {portal.BaseUrl} (SOAP: {portal.ServiceUrl}, WSDL: {portal.WsdlUrl}). Ctrl+C stops it.");
await portal.WaitForShutdownAsync();
return 0;
