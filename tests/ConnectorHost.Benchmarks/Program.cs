using System.Globalization;
using BenchmarkDotNet.Running;
using ConnectorHost.Benchmarks;

// Run: bash tests/bench.sh (Release, prints a table per benchmark class). Pass --filter '*Ledger*' to run one class.
// bash tests/bench.sh queue-throughput [tasks] [dossiers] [postgres] measures the task queue with 1, 2 and 4 workers
// (on SQLite, or on PostgreSQL with a second host).
if (args is ["queue-throughput", ..])
{
    await QueueThroughput.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2_000,
        args.Length > 3 && string.Equals(args[3], "postgres", StringComparison.OrdinalIgnoreCase));
    return 0;
}

// bash tests/bench.sh caseware-sync [clients] [latency-ms] measures the CaseWare Cloud sync (3 contact persons per client), on loopback or with the sandbox's latency per call.
if (args is ["caseware-sync", ..])
{
    await CaseWareSync.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
    return 0;
}

// bash tests/bench.sh portal-import-users [rows] [latency-ms] times the import of clients with a user and a PIN each.
if (args is ["portal-import-users", ..])
{
    await PortalImportBench.RunWithUsersAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0);
    return 0;
}

// bash tests/bench.sh portal-import [rows] times the ClientOnline import (dry run, import, second import) of .csv and .xlsx.
if (args is ["portal-import", ..])
{
    await PortalImportBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5_000);
    return 0;
}

// bash tests/bench.sh clientonline [documents] [latency-documents] runs the ClientOnline pipeline beside a raw SOAP loop.
if (args is ["clientonline", ..])
{
    await ClientOnlineBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000);
    return 0;
}

// bash tests/bench.sh office [scale] runs an office's year (OF-4): the built host and the four sandboxes as processes, at
// 50 ms and 5% faults, with five SIGKILLs, and prints the checker's verdict, the host's wall time, RSS and CPU, and the calls.
if (args is ["office", ..])
{
    var scale = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1.0;
    var result = await ConnectorHost.Office.OfficeRun.RunAsync(new ConnectorHost.Office.OfficeScenario
    {
        Scale = scale,
        Kills = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5,
        Log = Console.WriteLine,
    });
    Console.WriteLine();
    foreach (var line in result.Report)
    {
        Console.WriteLine(line);
    }

    return result.Verdict.Passed ? 0 : 1;
}

// bash tests/bench.sh built [pending] [clients] [latency-ms]: OF-2's figures on the built host process (import CPU per
// client, the idle run with N pending, the host's RSS), the sandbox portal in its own process.
if (args is ["built", ..])
{
    await BuiltHostBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000,
        args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50);
    return 0;
}

// bash tests/bench.sh dashboard [documents] [tasks] [postgres] times every dashboard page on a seeded office (UI-4).
if (args is ["dashboard", ..])
{
    await DashboardBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000,
        args.Length > 3 && string.Equals(args[3], "postgres", StringComparison.OrdinalIgnoreCase));
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(LedgerBenchmarks).Assembly).Run(args);
return 0;
