using System.Globalization;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.CaseWareCloud;
using Microsoft.Extensions.Logging;

// The sandbox CaseWare Cloud as a program: dotnet run --project sandbox/CaseWareCloud -- [--port 5200] [--firm demo-firm]
// [--client-id I] [--client-secret S] [--rate-limit N]. Fault flags as in docs/sandbox.md (--latency 50 --faults 0.05 ...). Stops on Ctrl+C.
var options = new SandboxCaseWareCloudOptions { Port = 5200, MinimumLogLevel = LogLevel.Information };
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--firm":
            options.Firm = Value();
            break;
        case "--client-id":
            options.ClientId = Value();
            break;
        case "--client-secret":
            options.ClientSecret = Value();
            break;
        case "--rate-limit":
            options.RateLimitPerSecond = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        default:
            var faults = options.Faults;
            if (FaultArguments.TryApply(args[i], Value, ref faults))
            {
                options.Faults = faults;
                break;
            }

            await Console.Error.WriteLineAsync(
                $"Unknown argument {args[i]}. Usage: ConnectorHost.Sandbox.CaseWareCloud [--port N] [--firm F] [--client-id I] [--client-secret S] [--rate-limit calls-per-second] " + FaultArguments.Usage);
            return 2;
    }
}

await using var sandbox = await SandboxCaseWareCloud.StartAsync(options);
Console.WriteLine($"CaseWare Cloud sandbox on {sandbox.BaseUrl} (API: {sandbox.ApiUrl}, control: {sandbox.BaseUrl}control). Ctrl+C stops it.");
await sandbox.WaitForShutdownAsync();
return 0;
