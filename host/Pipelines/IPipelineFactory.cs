using ConnectorHost.Configuration;

namespace ConnectorHost.Pipelines;

/// <summary>Makes a configured pipeline runnable (its components created) and releases it again (its components disposed).</summary>
internal interface IPipelineFactory
{
    /// <summary>Creates the pipeline's components and its runner.</summary>
    /// <param name="pipeline">The pipeline as configured.</param>
    /// <returns>The pipeline ready to be scheduled.</returns>
    /// <exception cref="Exception">Whatever a component factory throws: the pipeline cannot run.</exception>
    ScheduledPipeline Create(PipelineDefinition pipeline);

    /// <summary>Disposes the components created for a pipeline, after it has drained. Failures are logged, never thrown.</summary>
    /// <param name="pipeline">The pipeline's name.</param>
    /// <returns>A task that completes when they are disposed.</returns>
    ValueTask ReleaseAsync(string pipeline);
}
