using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ConnectorHost.Abstractions.Documents;
using ConnectorHost.Abstractions.Plugins;
using ConnectorHost.Abstractions.Settings;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.Tests.Support;

/// <summary>Component factories defined in the tests, to exercise binding and validation.</summary>
internal static class TestComponents
{
    public static IReadOnlyList<IComponentFactory> All { get; } = [new SourceFactory(), new TargetFactory(), new TaskFactory()];

    public sealed class SourceSettings
    {
        [Description("The folder.")]
        [Required]
        public string Folder { get; set; } = string.Empty;

        [Description("Minutes between scans.")]
        [Range(1, 60)]
        public int IntervalMinutes { get; set; } = 30;

        [Description("The password.")]
        [Secret]
        public string? Password { get; set; }

        [Description("Folder mappings.")]
        public List<Mapping> Mappings { get; set; } = [];
    }

    public sealed class Mapping
    {
        [Description("Source folder.")]
        [Required]
        public string Source { get; set; } = string.Empty;

        [Description("Match by.")]
        public ClientNumberKind MatchBy { get; set; } = ClientNumberKind.KvK;

        [Description("Date from.")]
        public DateOnly? DateFrom { get; set; }
    }

    public sealed class TargetSettings
    {
        [Description("The endpoint.")]
        public Uri Endpoint { get; set; } = new("https://www.clientonline.nl/soap/2010/accordering");

        [Description("Notifications on or off.")]
        public bool Notifications { get; set; } = true;
    }

    public sealed class TaskSettings
    {
        [Description("Workers.")]
        [Range(1, 16)]
        public int Workers { get; set; } = 1;
    }

    private sealed class SourceFactory() : ComponentFactory<IDocumentSource, SourceSettings>("test.source", "A test source.")
    {
        public override IDocumentSource Create(SourceSettings settings, IComponentContext context) => throw new NotSupportedException();
    }

    private sealed class TargetFactory() : ComponentFactory<IAccordeerTarget, TargetSettings>("test.target", "A test target.")
    {
        public override IAccordeerTarget Create(TargetSettings settings, IComponentContext context) => throw new NotSupportedException();
    }

    private sealed class TaskFactory() : ComponentFactory<ISyncTask, TaskSettings>("test.task", "A test task.")
    {
        public override ISyncTask Create(TaskSettings settings, IComponentContext context) => throw new NotSupportedException();
    }
}
