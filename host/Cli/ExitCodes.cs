namespace ConnectorHost.Cli;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>All went well.</summary>
    public const int Ok = 0;

    /// <summary>Something failed while running.</summary>
    public const int RuntimeFailure = 1;

    /// <summary>The configuration or the command line is wrong.</summary>
    public const int BadConfiguration = 2;
}
