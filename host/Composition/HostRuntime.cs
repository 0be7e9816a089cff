using Autofac;
using Autofac.Extensions.DependencyInjection;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Configuration;
using ConnectorHost.Logging;
using ConnectorHost.Mail;
using ConnectorHost.Pipelines;
using ConnectorHost.Plugins;
using ConnectorHost.State;
using ConnectorHost.State.Postgres;
using ConnectorHost.State.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace ConnectorHost.Composition;

/// <summary>
/// The composition root: the generic host with Autofac and Serilog, the state store, the mailer, the loaded plugins
/// and the scheduler that runs the pipelines.
/// </summary>
internal static class HostRuntime
{
    /// <summary>Builds the host for a validated configuration.</summary>
    /// <param name="session">The configuration and loaded plugins.</param>
    /// <param name="masker">Masks the configuration's secrets in every log line.</param>
    /// <param name="clock">The clock; the system clock when null.</param>
    /// <param name="extraLogSink">A further log sink (tests read the log through it).</param>
    /// <param name="logsToStandardError">Write console log lines to standard error (a command whose output is data).</param>
    /// <param name="compactHeap">Compact the managed heap as it grows and as pipeline runs end, and trim the native heap after (<see cref="HeapCompactionService"/>): the long-running host, not a command or a test's host.</param>
    /// <returns>The host, not yet started.</returns>
    public static IHost Build(ConfigurationSession session, SecretMasker masker, TimeProvider? clock = null, Serilog.Core.ILogEventSink? extraLogSink = null, bool logsToStandardError = false, bool compactHeap = false)
    {
        var configuration = session.Configuration;
        masker.Add(configuration.SecretValues);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = configuration.Folder });
        builder.Services.AddSerilog(LoggingSetup.Create(configuration, masker, extraLogSink, logsToStandardError), dispose: true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = configuration.Host.ShutdownTimeout + TimeSpan.FromSeconds(5));
        ServiceIntegration.Add(builder.Services);
        builder.Services.AddHostedService<SchedulerService>();
        builder.Services.AddHostedService<Dashboard.DashboardService>();
        builder.Services.AddHostedService<ConfigurationWatchService>();
        if (compactHeap)
        {
            builder.Services.AddHostedService<HeapCompactionService>();
        }

        if (configuration.Host.ReloadPlugins)
        {
            builder.Services.AddHostedService<PluginReloadService>();
        }
        builder.ConfigureContainer(new AutofacServiceProviderFactory(), container => Register(container, session, masker, clock ?? TimeProvider.System));
        return builder.Build();
    }

    private static void Register(ContainerBuilder container, ConfigurationSession session, SecretMasker masker, TimeProvider clock)
    {
        var configuration = session.Configuration;
        container.RegisterInstance(configuration);
        container.RegisterInstance(new RunningConfiguration(configuration));
        container.RegisterInstance(masker);
        container.RegisterInstance(clock);
        container.RegisterModule(new PluginsModule(session.Plugins));
        container.Register<IHostStateStore>(_ => configuration.Host.State.Provider == StateProvider.PostgreSql
                ? new PostgresStateStore(configuration.Host.State.ConnectionString!)
                : new SqliteStateStore(configuration.ResolveDataPath(configuration.Host.State.Path), clock))
            .As<IHostStateStore>().SingleInstance();
        container.Register(c => Mailer.Create(configuration.Host.Mail, configuration.Folder, configuration.DataFolder, c.Resolve<ILoggerFactory>(), clock))
            .As<IMailer>().SingleInstance();
        container.RegisterType<PipelineStatusBoard>().SingleInstance();
        container.RegisterType<HostExitState>().SingleInstance();
        container.RegisterType<PipelineAssembler>().SingleInstance();
        container.Register(c => new PipelineLeaseKeeper(
                c.Resolve<IHostStateStore>().Leases,
                configuration.Host.LeaseTime,
                clock,
                c.Resolve<ILogger<PipelineLeaseKeeper>>()))
            .SingleInstance();
        container.Register(c => new PipelineScheduler(
                c.Resolve<PipelineAssembler>().Assemble(),
                c.Resolve<PipelineStatusBoard>(),
                clock,
                configuration.Host.ShutdownTimeout,
                c.Resolve<ILogger<PipelineScheduler>>(),
                configuration.Host.RetryFailedRunsAfter,
                c.Resolve<PipelineLeaseKeeper>(),
                configuration.Host.RunTimeout))
            .SingleInstance();
        container.Register(c => new PipelineSupervisor(
                c.Resolve<PipelineScheduler>(),
                c.Resolve<PipelineAssembler>(),
                configuration.Pipelines,
                c.Resolve<ILogger<PipelineSupervisor>>()))
            .SingleInstance();
        container.RegisterType<ConfigurationReloader>().SingleInstance();
        container.RegisterType<Dashboard.DashboardContext>(); // built through DashboardContext.Factory when the dashboard starts
        container.Register(c => new Commands.AdminCommandRunner(
                c.Resolve<PipelineAssembler>().AdminCommands,
                c.Resolve<PipelineScheduler>(),
                c.Resolve<IHostStateStore>().Audit,
                c.Resolve<ILogger<Commands.AdminCommandRunner>>()))
            .SingleInstance();
    }
}
