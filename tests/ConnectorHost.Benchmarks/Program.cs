using BenchmarkDotNet.Running;

// Run: bash tests/bench.sh (Release, prints a table per benchmark class). Pass --filter '*Ledger*' to run one class.
BenchmarkSwitcher.FromAssembly(typeof(ConnectorHost.Benchmarks.LedgerBenchmarks).Assembly).Run(args);
