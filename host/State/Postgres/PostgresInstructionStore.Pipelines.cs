using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.State.Postgres;

/// <summary>H-8: the instructions of pipelines whose run needs a person, one open per pipeline and cause (across hosts).</summary>
internal sealed partial class PostgresInstructionStore
{
    public Task<RecordedInstruction> RecordAsync(string pipeline, Instruction instruction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(instruction);
        return connections.WriteAsync(
            async (connection, transaction) =>
            {
                using (var insert = connection.Command(
                    $"""
                    INSERT INTO instructions (pipeline, dossier, severity, text, cause, created_at)
                    VALUES (@pipeline, @dossier, @severity, @text, @cause, {PostgresValues.Now})
                    ON CONFLICT (pipeline, cause) WHERE resolved_at IS NULL AND pipeline IS NOT NULL DO NOTHING
                    RETURNING id;
                    """,
                    transaction))
                {
                    insert.AddText("pipeline", pipeline);
                    insert.AddText("dossier", instruction.Dossier);
                    insert.AddText("severity", instruction.Severity.ToString());
                    insert.AddText("text", instruction.Text);
                    insert.AddText("cause", instruction.Cause);
                    insert.AddNow(clock);
                    if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long id)
                    {
                        return new RecordedInstruction(id, IsNew: true);
                    }
                }

                using var open = connection.Command(
                    "SELECT id FROM instructions WHERE pipeline = @pipeline AND cause = @cause AND resolved_at IS NULL;", transaction);
                open.AddText("pipeline", pipeline);
                open.AddText("cause", instruction.Cause);
                return new RecordedInstruction((long)(await open.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, IsNew: false);
            },
            cancellationToken);
    }
}
