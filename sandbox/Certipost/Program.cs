using System.Globalization;
using ConnectorHost.Sandbox;
using ConnectorHost.Sandbox.Certipost;
using Microsoft.Extensions.Logging;

// The sandbox Certipost as a program: dotnet run --project sandbox/Certipost -- [--port 5190] [--api-key K]
// [--confirmation-delay 2.00:00:00]. Fault flags as in docs/sandbox.md (--latency 50 --faults 0.05 ...). Stops on Ctrl+C.
var options = new SandboxCertipostOptions { Port = 5190, MinimumLogLevel = LogLevel.Information };
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        case "--api-key":
            options.ApiKey = Value();
            break;
        case "--confirmation-delay":
            options.ConfirmationDelay = TimeSpan.Parse(Value(), CultureInfo.InvariantCulture);
            break;
        default:
            var faults = options.Faults;
            if (FaultArguments.TryApply(args[i], Value, ref faults))
            {
                options.Faults = faults;
                break;
            }

            await Console.Error.WriteLineAsync(
                $"Unknown argument {args[i]}. Usage: ConnectorHost.Sandbox.Certipost [--port N] [--api-key K] [--confirmation-delay d.hh:mm:ss] " + FaultArguments.Usage);
            return 2;
    }
}

await using var sandbox = await SandboxCertipost.StartAsync(options);
Console.WriteLine($"Certipost sandbox on {sandbox.BaseUrl} (API: {sandbox.BaseUrl}api/v1, control: {sandbox.BaseUrl}control). Ctrl+C stops it.");
await sandbox.WaitForShutdownAsync();
return 0;
