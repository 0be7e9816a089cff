using ConnectorHost.Composition;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>OF-5: the host compacts its old generations when they have grown by the slack since the last compaction.</summary>
public sealed class HeapCompactionTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    [Trait("Req", "OF-5")]
    public void The_old_generations_are_compacted_each_time_they_grew_by_the_slack_since_the_last_compaction()
    {
        var compaction = new HeapCompaction();

        compaction.IsDue(HeapCompaction.Slack - 1).ShouldBeFalse("a host that starts small is left alone");
        compaction.IsDue(HeapCompaction.Slack).ShouldBeTrue("a host that starts on a backlog is compacted once it is that big");

        compaction.Compacted(45 * Mb);
        compaction.IsDue(50 * Mb).ShouldBeFalse("the baseline is what the compaction left");
        compaction.IsDue(45 * Mb + HeapCompaction.Slack).ShouldBeTrue();
    }

    [Fact]
    [Trait("Req", "OF-5")]
    public void A_heap_that_the_gcs_own_collections_shrank_is_compacted_when_it_grew_by_the_slack_from_there()
    {
        var compaction = new HeapCompaction();
        compaction.Compacted(60 * Mb);

        compaction.IsDue(30 * Mb).ShouldBeFalse();
        compaction.IsDue(30 * Mb + HeapCompaction.Slack - 1).ShouldBeFalse();
        compaction.IsDue(30 * Mb + HeapCompaction.Slack).ShouldBeTrue();
    }
}
