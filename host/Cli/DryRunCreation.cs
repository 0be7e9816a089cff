using System.Reflection;
using ConnectorHost.Abstractions.Mail;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConnectorHost.Cli;

/// <summary>
/// <c>validate</c>'s last step: every component of every pipeline is created from its bound settings and disposed
/// again, so that what a factory's <c>Create</c> refuses (an outcome folder that is also a source folder) is reported
/// before the host runs. Nothing is started: the state store and the mailer given to the components refuse every
/// call, and the pipeline's data folder is named but not made.
/// </summary>
internal static class DryRunCreation
{
    /// <summary>Creates and disposes every component; returns an error for each that could not be created.</summary>
    /// <param name="configuration">The validated configuration.</param>
    /// <param name="warnings">Gets what the components warned about while they were created (a missing folder, FH-2).</param>
    /// <returns>The errors, with the component's place in the file.</returns>
    public static async Task<IReadOnlyList<ConfigError>> CheckAsync(HostConfiguration configuration, ICollection<string>? warnings = null)
    {
        var errors = new List<ConfigError>();
        foreach (var pipeline in configuration.Pipelines)
        {
            foreach (var (role, component) in new[] { ("source", pipeline.Source), ("target", pipeline.Target), ("task", pipeline.Task) })
            {
                if (component is null)
                {
                    continue;
                }

                var where = component.Location ?? new ConfigLocation($"{pipeline.Name}.{role}", 1, 1);
                try
                {
                    var created = component.Factory.Create(component.Settings, new DryRunContext(pipeline.Name, configuration, warnings));
                    await DisposeAsync(created).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // whatever a plugin's factory throws is reported as a configuration error, never a crash
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                    var reason = cause is ArgumentException { ParamName: { } parameter } argument
                        ? argument.Message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal)
                        : cause.Message;
                    errors.Add(new ConfigError(
                        configuration.File,
                        where.Line,
                        where.Column,
                        where.Path,
                        $"pipeline '{pipeline.Name}': the {role} '{component.TypeName}' cannot be created: {reason}",
                        "Correct its settings; the host would not start this pipeline."));
                }
            }
        }

        return errors;
    }

    private static async ValueTask DisposeAsync(object component)
    {
        if (component is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else if (component is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private sealed class DryRunContext(string pipelineName, HostConfiguration configuration, ICollection<string>? warnings) : IComponentContext
    {
        public string PipelineName { get; } = pipelineName;

        public ILoggerFactory LoggerFactory { get; } = warnings is null ? NullLoggerFactory.Instance : new WarningCollector(pipelineName, warnings);

        public TimeProvider Clock => TimeProvider.System;

        /// <summary>The folder the pipeline would get; not created by a dry run.</summary>
        public string DataFolder => Path.Combine(configuration.DataFolder, "pipelines", PipelineName);

        public IStateStore State { get; } = Refusing.Create<IStateStore>();

        public IMailer Mail { get; } = Refusing.Create<IMailer>();

        public string ResolvePath(string path) => configuration.ResolvePath(path);
    }

    /// <summary>Keeps what a component logs at Warning or above while it is created, for <c>validate</c> to print.</summary>
    private sealed class WarningCollector(string pipelineName, ICollection<string> warnings) : ILoggerFactory, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                lock (warnings)
                {
                    warnings.Add($"pipeline '{pipelineName}': {formatter(state, exception)}");
                }
            }
        }
    }

    /// <summary>
    /// A stand-in for a host service during <c>validate</c>: a property that returns another service (the state store's
    /// <c>Records</c>) gives a stand-in too; any other call throws, saying that a component must not use it in <c>Create</c>.
    /// </summary>
#pragma warning disable CA1852 // DispatchProxy derives a type from it at run time, so it cannot be sealed
    internal class Refusing : DispatchProxy
#pragma warning restore CA1852
    {
        private string _service = string.Empty;

        public static T Create<T>()
            where T : class
        {
            var proxy = Create<T, Refusing>();
            ((Refusing)(object)proxy)._service = typeof(T).Name;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.IsSpecialName && targetMethod.Name.StartsWith("get_", StringComparison.Ordinal) && targetMethod.ReturnType.IsInterface)
            {
                var inner = (Refusing)Create(targetMethod.ReturnType, typeof(Refusing));
                inner._service = $"{_service}.{targetMethod.Name[4..]}";
                return inner;
            }

            throw new InvalidOperationException(
                $"{_service}.{targetMethod.Name} was called while the component was created; 'validate' creates components without the state store or mail. " +
                "A factory's Create must only build the component: read and write state in its runs, not in its constructor.");
        }
    }
}
