using ConnectorHost.Composition;

namespace ConnectorHost.Tests.EndToEnd;

/// <summary>OF-5, OF-2: the host compacts its heap when the GC's committed memory has grown by the slack since the last
/// compaction, at most as often as the last compaction's cost allows.</summary>
public sealed class HeapCompactionTests
{
    private const long Mb = 1024 * 1024;

    private static readonly TimeSpan Later = TimeSpan.FromHours(1);

    [Fact]
    [Trait("Req", "OF-5")]
    public void The_heap_is_compacted_each_time_its_committed_memory_grew_by_the_slack_since_the_last_compaction()
    {
        var compaction = new HeapCompaction();

        compaction.IsDue(HeapCompaction.Slack - 1, TimeSpan.Zero).ShouldBeFalse("a host that starts small is left alone");
        compaction.IsDue(HeapCompaction.Slack, TimeSpan.Zero).ShouldBeTrue("a host that starts on a backlog is compacted once it is that big");

        compaction.Compacted(45 * Mb, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        compaction.IsDue(45 * Mb + HeapCompaction.Slack - 1, Later).ShouldBeFalse("the baseline is what the compaction left");
        compaction.IsDue(45 * Mb + HeapCompaction.Slack, Later).ShouldBeTrue();
    }

    [Fact]
    [Trait("Req", "OF-5")]
    public void A_heap_that_the_gcs_own_collections_shrank_is_compacted_when_it_grew_by_the_slack_from_there()
    {
        var compaction = new HeapCompaction();
        compaction.Compacted(60 * Mb, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

        compaction.IsDue(30 * Mb, Later).ShouldBeFalse();
        compaction.IsDue(30 * Mb + HeapCompaction.Slack - 1, Later).ShouldBeFalse();
        compaction.IsDue(30 * Mb + HeapCompaction.Slack, Later).ShouldBeTrue();
    }

    [Fact]
    [Trait("Req", "OF-2")]
    public void A_compaction_follows_the_last_one_only_after_the_cost_factor_times_its_pause()
    {
        // OF-2: looked at after every run, the host compacts after a run that left a young generation's worth of memory,
        // but these collections never take more than 1/CostFactor of its time, however often runs end.
        var compaction = new HeapCompaction();
        var pause = TimeSpan.FromMilliseconds(50);
        var at = TimeSpan.FromSeconds(100);
        compaction.Compacted(20 * Mb, at, pause);

        compaction.IsDue(80 * Mb, at + (pause * HeapCompaction.CostFactor) - TimeSpan.FromMilliseconds(1)).ShouldBeFalse("too soon after the last one");
        compaction.IsDue(80 * Mb, at + (pause * HeapCompaction.CostFactor)).ShouldBeTrue();
    }
}
