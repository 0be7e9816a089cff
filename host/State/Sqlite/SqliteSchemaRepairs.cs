namespace ConnectorHost.State.Sqlite;

/// <summary>
/// Columns that a database of a released schema version can lack because its script was changed after databases had
/// been made with it. Each is added, inside the migration's transaction, where it is missing; a copy of the database
/// is taken first, as for a migration. Append only.
/// </summary>
internal static class SqliteSchemaRepairs
{
    public static readonly IReadOnlyList<SqliteSchemaRepair> All =
    [
        new(
            "documents.generation (missing in databases made by the first version 1 script, before 2026-11-23)",
            "documents",
            "generation",
            "ALTER TABLE documents ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;"),
    ];
}

/// <summary>One column added where a database lacks it.</summary>
/// <param name="Description">What it repairs, for the log.</param>
/// <param name="Table">The table.</param>
/// <param name="Column">The column that must exist.</param>
/// <param name="Sql">The statement that adds it.</param>
internal sealed record SqliteSchemaRepair(string Description, string Table, string Column, string Sql);
