using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Settings;

namespace ConnectorHost.Configuration;

/// <summary>The <c>host:</c> block: where the host keeps its things and how it behaves.</summary>
public sealed class HostSettings : IValidatableObject
{
    /// <summary>Where state, logs, the mail outbox and components' own files go.</summary>
    [Description("Folder for the state store, logs, the mail outbox and the components' own files. Relative paths are taken from the configuration file's folder.")]
    public string DataFolder { get; set; } = "../data";

    /// <summary>The plugins folder.</summary>
    [Description("Folder whose sub-folders each hold one plugin (its DLL and dependencies). Relative to the configuration file's folder.")]
    public string Plugins { get; set; } = "../artifacts/plugins";

    /// <summary>Whether a plugin folder replaced while the host runs is reloaded without a restart.</summary>
    /// <summary>Refuse a secret written in the YAML itself instead of warning about it.</summary>
    [Description("Refuse the file when a setting marked secret (a password, an API key) is written in the YAML itself instead of referenced as ${ENV_VAR} or ${file:path}. false: validate warns about each such secret and the host runs.")]
    public bool RefuseLiteralSecrets { get; set; }

    /// <summary>Whether a plugin folder replaced while the host runs is reloaded.</summary>
    [Description("Reload a plugin whose folder is replaced while the host runs: its pipelines finish their run, the new version loads and they resume; a version that fails to load leaves the old one running. false: plugins load only at start.")]
    public bool ReloadPlugins { get; set; } = true;

    /// <summary>Whether plugins may be loaded from folders or files that others than the host's user may write (FH-6).</summary>
    [Description("Load plugins also from a plugins folder, plugin folder or file that others than the host's user (or root) may write: group- or world-writable, or owned by another user. false (the default): such a plugin is refused, because whoever can write there can run code inside the host. Set true only when a group of admins manages the folder on purpose; see docs/install.md, Security.")]
    public bool AllowPluginsWritableByOthers { get; set; }

    /// <summary>The state store.</summary>
    [Description("The durable state store: SQLite (the default, one host) or PostgreSQL (several hosts).")]
    public StateSettings State { get; set; } = new();

    /// <summary>Mail.</summary>
    [Description("How mails (alerts, accountant instructions) are rendered and delivered.")]
    public Mail.MailSettings Mail { get; set; } = new();

    /// <summary>Logging.</summary>
    [Description("Log level and the rolling log file.")]
    public LoggingSettings Logging { get; set; } = new();

    /// <summary>The dashboard.</summary>
    [Description("The admin dashboard in the browser.")]
    public DashboardSettings Dashboard { get; set; } = new();

    /// <summary>The office's time zone.</summary>
    [Description("The office's time zone (an IANA name such as Europe/Amsterdam or Europe/Brussels): the dashboard writes every time in it and names it on every page, and its days and weeks (today's counts, the charts) start at midnight there.")]
    [Example("Europe/Brussels")]
    public string TimeZone { get; set; } = "Europe/Amsterdam";

    /// <summary>How soon a failed run is tried again.</summary>
    [Description("A run that failed as a whole (the service could not be reached, an exception) is tried again after this long, or at its regular time when that comes first. The first run of a pipeline that needs a sandbox starting beside it, for example, is retried soon instead of a schedule later.")]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryFailedRunsAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one run of a pipeline may take before it is reported as hung.</summary>
    [Description("How long one run of a pipeline may take. A run past it (a read or a call that never returns: a hung network share) is reported as hung on /healthz (degraded) and the overview, cancelled and left behind, and the pipeline's next run starts as usual.")]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a pipeline's lease lasts without a heartbeat.</summary>
    [Description("Several hosts on one PostgreSQL database: each pipeline runs on one host at a time, the holder of its lease. The holder renews the lease every third of this while it works; when the holder dies, another host takes the pipeline over after this long. On SQLite the same lease keeps a command line beside a running host from overlapping its run.")]
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long running work may take to finish on shutdown.</summary>
    [Description("On SIGTERM or Ctrl+C, how long running pipeline work may take to finish before it is cancelled (and left resumable).")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The office's time zone, found.</summary>
    /// <returns>The zone.</returns>
    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult(
                $"'{TimeZone}' is not a time zone this machine knows: use an IANA name such as Europe/Amsterdam or Europe/Brussels",
                [nameof(TimeZone)]);
        }
    }
}

/// <summary>The <c>host.state:</c> block.</summary>
public sealed class StateSettings : IValidatableObject
{
    /// <summary>Which database.</summary>
    [Description("Sqlite (a file in the data folder) or PostgreSql (a server, for several hosts).")]
    public StateProvider Provider { get; set; } = StateProvider.Sqlite;

    /// <summary>The SQLite file.</summary>
    [Description("The SQLite database file, relative to the data folder.")]
    public string Path { get; set; } = "state.db";

    /// <summary>The PostgreSQL connection string.</summary>
    [Description("The PostgreSQL connection string (Npgsql format), needed with provider: PostgreSql. Reference it as ${ENV_VAR} or ${file:path}.")]
    [Secret]
    public string? ConnectionString { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StateProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "PostgreSql needs 'connectionString': add connectionString: ${CONNECTORHOST_POSTGRES} and put Host=…;Database=…;Username=…;Password=… in that environment variable",
                [nameof(Provider)]);
        }

        if (Provider == StateProvider.Sqlite && string.IsNullOrWhiteSpace(Path))
        {
            yield return new ValidationResult("'path' must name the SQLite file, for example state.db", [nameof(Path)]);
        }
    }
}

/// <summary>The state store's database.</summary>
public enum StateProvider
{
    /// <summary>A SQLite file in WAL mode.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server.</summary>
    PostgreSql,
}

/// <summary>The <c>host.logging:</c> block.</summary>
public sealed class LoggingSettings
{
    /// <summary>The minimum level.</summary>
    [Description("The least important level written: Verbose, Debug, Information, Warning, Error.")]
    public LogLevelSetting Level { get; set; } = LogLevelSetting.Information;

    /// <summary>The log folder.</summary>
    [Description("Folder of the rolling log files (one per day), relative to the data folder.")]
    public string Folder { get; set; } = "logs";

    /// <summary>How many daily files are kept.</summary>
    [Description("How many daily log files are kept.")]
    [Range(1, 3650)]
    public int RetainedFiles { get; set; } = 31;
}

/// <summary>Log levels as written in the YAML.</summary>
public enum LogLevelSetting
{
    /// <summary>Everything.</summary>
    Verbose,

    /// <summary>Debugging detail.</summary>
    Debug,

    /// <summary>What happened (the default).</summary>
    Information,

    /// <summary>Only what needs attention.</summary>
    Warning,

    /// <summary>Only failures.</summary>
    Error,
}

/// <summary>The <c>host.dashboard:</c> block.</summary>
public sealed class DashboardSettings : IValidatableObject
{
    /// <summary>Whether the dashboard is served.</summary>
    [Description("Serve the dashboard: pipelines with their last and next run and a Run now button, plugins, the documents, the monitoring of dossier tasks with resolve/restart/cancel, a page per pipeline that offers commands (Certipost, CaseWare Cloud), /healthz and /metrics.")]
    public bool Enabled { get; set; }

    /// <summary>The address.</summary>
    [Description("The address the dashboard listens on. A loopback address (127.0.0.1, localhost) needs no login; any other address is refused unless a login is configured.")]
    public Uri Address { get; set; } = new("http://127.0.0.1:5080");

    /// <summary>Host names besides the address's own that the dashboard answers to.</summary>
    [Description("Host names, besides the one in address, that the dashboard answers to (the Host header), for example the name a TLS proxy forwards or 'dashboard.kantoor.nl'. Any other Host header is answered 400, which stops DNS rebinding. A loopback address always answers to localhost, 127.0.0.1 and [::1]; an address of 0.0.0.0 or [::] with a login and no names here answers to any.")]
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto headers are believed.</summary>
    [Description("The IP addresses of reverse proxies (a TLS proxy in front of the dashboard) whose X-Forwarded-For and X-Forwarded-Proto headers are believed: then the audit log shows the real client address and the login cookie is marked Secure when the proxy says the request came over HTTPS. Headers from any other address are ignored.")]
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>The login.</summary>
    [Description("Who may use the dashboard. Without it the dashboard is open to anyone who can reach the address, so it may then only listen on loopback.")]
    public DashboardLoginSettings Login { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in TrustedProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult($"'{proxy}' in trustedProxies is not an IP address: give the proxy's address, for example 10.0.0.5", [nameof(TrustedProxies)]);
        }

        if (Enabled && !Address.IsLoopback && !Login.IsConfigured)
        {
            yield return new ValidationResult(
                $"the dashboard would listen on {Address.Host}, which is not a loopback address, without a login: configure host.dashboard.login "
                + "(user and passwordHash from 'connectorhost hash-password', or apiKey), via ${ENV_VAR}, or listen on 127.0.0.1",
                [nameof(Address)]);
        }
    }
}

/// <summary>The <c>host.dashboard.login:</c> block.</summary>
public sealed class DashboardLoginSettings : IValidatableObject
{
    /// <summary>The user name of the login form.</summary>
    [Description("The user name for the login form; needed with passwordHash.")]
    public string? User { get; set; }

    /// <summary>The password's hash.</summary>
    [Description("The hash of the user's password, made by 'connectorhost hash-password' (PBKDF2). Reference it as ${ENV_VAR} or ${file:path}.")]
    [Secret]
    public string? PasswordHash { get; set; }

    /// <summary>An API key.</summary>
    [Description("An API key for scripts and scrapers (header X-Api-Key) that is also accepted as the password of any user name in the login form. Reference it as ${ENV_VAR}; at least 16 characters.")]
    [Secret]
    public string? ApiKey { get; set; }

    /// <summary>Whether any login is configured.</summary>
    public bool IsConfigured => !string.IsNullOrEmpty(PasswordHash) || !string.IsNullOrEmpty(ApiKey);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PasswordHash) && string.IsNullOrWhiteSpace(User))
        {
            yield return new ValidationResult("a passwordHash needs the user it belongs to: set user", [nameof(User)]);
        }

        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(PasswordHash))
        {
            yield return new ValidationResult("a user needs a passwordHash (make one with 'connectorhost hash-password')", [nameof(PasswordHash)]);
        }

        if (ApiKey is { Length: > 0 and < 16 })
        {
            yield return new ValidationResult("the apiKey is too short to be safe: use at least 16 random characters", [nameof(ApiKey)]);
        }
    }
}
