namespace ConnectorHost.Pipelines;

/// <summary>
/// FH-9: tells a full disk (or a full quota, or a database that says so) from other failures, so that a run failing
/// for it is logged in one line that says what to do, not with a stack trace every run while the disk stays full.
/// </summary>
internal static class DiskFull
{
    private const int NoSpace = 28; // ENOSPC: .NET on Unix gives an IOException the errno as its HResult
    private const int QuotaExceeded = 122; // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070); // ERROR_DISK_FULL
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027); // ERROR_HANDLE_DISK_FULL
    private const int SqliteFull = 13; // SQLITE_FULL
    private const string PostgresDiskFull = "53100";

    /// <summary>Whether <paramref name="exception"/> (or one inside it) says the disk is full.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case IOException io when io.HResult is NoSpace or QuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull:
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull }:
                case Npgsql.PostgresException { SqlState: PostgresDiskFull }:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(Is):
                    return true;
            }
        }

        return false;
    }
}
