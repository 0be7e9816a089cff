using System.Globalization;
using ConnectorHost.Abstractions.State;
using ConnectorHost.Abstractions.Sync;

namespace ConnectorHost.State.Sql;

/// <summary>
/// H-8: the instructions of pipelines whose run needs a person, one open per pipeline and cause (a partial unique
/// index keeps it so across hosts).
/// </summary>
internal sealed partial class SqlInstructionStore
{
    public Task<RecordedInstruction> RecordAsync(string pipeline, Instruction instruction, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pipeline);
        ArgumentNullException.ThrowIfNull(instruction);
        return db.WriteAsync(
            async (connection, transaction) =>
            {
                using (var insert = connection.Command(
                    $"""
                    INSERT INTO instructions (pipeline, dossier, severity, text, cause, created_at)
                    VALUES (@pipeline, @dossier, @severity, @text, @cause, {db.Now})
                    ON CONFLICT (pipeline, cause) WHERE resolved_at IS NULL AND pipeline IS NOT NULL DO NOTHING
                    RETURNING id;
                    """,
                    transaction))
                {
                    insert.AddText("@pipeline", pipeline);
                    insert.AddText("@dossier", instruction.Dossier);
                    insert.AddText("@severity", instruction.Severity.ToString());
                    insert.AddText("@text", instruction.Text);
                    insert.AddText("@cause", instruction.Cause);
                    db.AddNow(insert);
                    if (await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } id and not DBNull)
                    {
                        return new RecordedInstruction(Convert.ToInt64(id, CultureInfo.InvariantCulture), IsNew: true);
                    }
                }

                using var open = connection.Command(
                    "SELECT id FROM instructions WHERE pipeline = @pipeline AND cause = @cause AND resolved_at IS NULL;", transaction);
                open.AddText("@pipeline", pipeline);
                open.AddText("@cause", instruction.Cause);
                var existing = await open.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return new RecordedInstruction(Convert.ToInt64(existing, CultureInfo.InvariantCulture), IsNew: false);
            },
            cancellationToken);
    }
}
