using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.State.Sqlite;

/// <summary>H-8: the instructions of pipelines whose run needs a person, one open per pipeline and cause.</summary>
internal sealed partial class SqliteInstructionStore
{
    public Task<RecordedInstruction> RecordAsync(string pipeline, Instruction instruction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(instruction);
        var now = SqliteValues.Moment(clock.GetUtcNow());
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using (var insert = connection.Command(
                    """
                    INSERT INTO instructions (pipeline, dossier, severity, text, cause, created_at)
                    VALUES (@pipeline, @dossier, @severity, @text, @cause, @now)
                    ON CONFLICT (pipeline, cause) WHERE resolved_at IS NULL AND pipeline IS NOT NULL DO NOTHING
                    RETURNING id;
                    """,
                    transaction))
                {
                    insert.Add("@pipeline", pipeline);
                    insert.Add("@dossier", instruction.Dossier);
                    insert.Add("@severity", instruction.Severity.ToString());
                    insert.Add("@text", instruction.Text);
                    insert.Add("@cause", instruction.Cause);
                    insert.Add("@now", now);
                    if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
                    {
                        return new RecordedInstruction(id, IsNew: true);
                    }
                }

                using var open = connection.Command(
                    "SELECT id FROM instructions WHERE pipeline = @pipeline AND cause = @cause AND resolved_at IS NULL;", transaction);
                open.Add("@pipeline", pipeline);
                open.Add("@cause", instruction.Cause);
                return new RecordedInstruction((long)(await open.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, IsNew: false);
            },
            cancellationToken);
    }
}
