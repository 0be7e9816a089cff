using System.Globalization;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.AccountingPlatform;
using Microsoft.Extensions.Logging;

// The sandbox accounting platform as a program: dotnet run --project sandbox/AccountingPlatform -- [--port 5190]
// [--office kantoor-demo --api-key demo-key]. Fault flags as in docs/sandbox.md (--latency 50 --faults 0.05 ...). Stops on Ctrl+C.
var options = new SandboxPlatformOptions { Port = 5190, MinimumLogLevel = LogLevel.Information };
string? office = null;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--office":
            office = Value();
            break;
        case "--api-key":
            options.Offices.Clear();
            options.Offices[office ?? "kantoor-demo"] = Value();
            break;
        default:
            var faults = options.Faults;
            if (FaultArguments.TryApply(args[i], Value, ref faults))
            {
                options.Faults = faults;
                break;
            }

            await Console.Error.WriteLineAsync(
                $"Unknown argument {args[i]}. Usage: ConnectorHost.Sandbox.AccountingPlatform [--port N] [--office NAME --api-key KEY] " + FaultArguments.Usage);
            return 2;
    }
}

await using var platform = await SandboxPlatform.StartAsync(options);
Console.WriteLine($"Accounting platform sandbox on {platform.BaseUrl} (offices: {string.Join(", ", options.Offices.Keys)}). Ctrl+C stops it.");
await platform.WaitForShutdownAsync();
return 0;
