using System.Data.Common;
using ConnectorHost.Abstractions.State;
using ConnectorHost.State.Sql;
using Npgsql;
using Polly;
using Polly.Retry;

namespace ConnectorHost.State.Postgres;

/// <summary>
/// The task queue on PostgreSQL, shared by every host on the database, leases on the database's clock. A claim locks
/// the task it takes with <c>FOR UPDATE SKIP LOCKED</c>, so claims of several workers and hosts never wait on each
/// other; a claim that lost the race for a dossier is tried again. Tasks are enqueued in batches of statements.
/// </summary>
internal sealed class PostgresTaskQueue(SqlDialect db) : SqlTaskQueue(db)
{
    // A claim that another host's claim of the same dossier beat (the unique index of running tasks refused this one)
    // is tried again at once, twice; then the claim reports that nothing can run now.
    private static readonly ResiliencePipeline ClaimRetry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(LostTheRace),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.Zero,
        })
        .Build();

    private const int EnqueueBatchSize = 500;

    // The candidates are locked once (FOR UPDATE SKIP LOCKED in a MATERIALIZED CTE): as an IN sub-select, the planner
    // may run the locking select again per row and claim more than asked.
    protected override bool PickCandidatesFirst => true;

    public override async Task<IReadOnlyList<TaskLease>> ClaimManyAsync(string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        try
        {
            return await ClaimRetry.ExecuteAsync(
                async ct => await base.ClaimManyAsync(queue, worker, leaseFor, max, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (LostTheRace(e))
        {
            // Another claim took a task of the same dossier between this claim's look and its write (a task
            // delivered earlier arrived meanwhile): the database refused the second runner, as it must.
            return [];
        }
    }

    public override async Task<(IReadOnlyList<bool> Completed, IReadOnlyList<TaskLease> Claimed)> CompleteAndClaimAsync(
        IReadOnlyList<TaskLease> done, string queue, string worker, TimeSpan leaseFor, int max, CancellationToken cancellationToken)
    {
        try
        {
            // As in ClaimManyAsync; the whole transaction was rolled back, the completions are written again.
            return await ClaimRetry.ExecuteAsync(
                async ct => await base.CompleteAndClaimAsync(done, queue, worker, leaseFor, max, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (LostTheRace(e))
        {
            return (await CompleteManyAsync(done, cancellationToken).ConfigureAwait(false), []);
        }
    }

    private static bool LostTheRace(PostgresException e) =>
        e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "ux_tasks_running_per_dossier";

    // "No older unfinished task" is written as "the first unfinished task of its dossier", a probe of one index
    // entry per candidate: as NOT EXISTS, a freshly filled table without statistics got a plan that read every
    // open task of the queue per candidate (seconds per claim at 20,000 tasks).
    protected override string NoOlderUnfinishedTask => """
        t.id = (
                  SELECT o.id FROM tasks o
                  WHERE o.queue = t.queue AND o.dossier = t.dossier
                    AND o.status IN ('Waiting', 'Running', 'Failed')
                  ORDER BY o.delivered_at, o.id
                  LIMIT 1)
        """;

    // One round trip per batch of inserts; each insert reports on its own whether it added its task.
    protected override async Task<IReadOnlyList<bool>> InsertAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<NewTask> tasks, CancellationToken cancellationToken)
    {
        var added = new bool[tasks.Count];
        for (var start = 0; start < tasks.Count; start += EnqueueBatchSize)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            var end = Math.Min(tasks.Count, start + EnqueueBatchSize);
            for (var i = start; i < end; i++)
            {
                // Parameters are made on a command (the dialect's way) and moved to the batch's command.
                using var template = connection.CreateCommand();
                AddNewTask(template, tasks[i]);
                var insert = batch.CreateBatchCommand();
                insert.CommandText = EnqueueSql;
                foreach (var parameter in template.Parameters.Cast<DbParameter>().ToArray())
                {
                    template.Parameters.Remove(parameter);
                    insert.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(insert);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            for (var i = start; i < end; i++)
            {
                added[i] = batch.BatchCommands[i - start].RecordsAffected == 1;
            }
        }

        return added;
    }
}
