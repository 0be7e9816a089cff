namespace ConnectorHost.State.Postgres;

/// <summary>
/// The numbered migration scripts of the PostgreSQL schema, oldest first: the SQLite schema's tables, columns and
/// indexes in PostgreSQL's types. Append; never edit a released one. Text that is sorted (queue, dossier, record
/// keys) uses the "C" collation, so that the order is the same as SQLite's, whatever the database's locale.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<PostgresMigration> Migrations =
    [
        new(1, "initial schema", """
            CREATE TABLE documents (
                key              TEXT        NOT NULL PRIMARY KEY,
                seq              BIGINT      GENERATED ALWAYS AS IDENTITY,
                pipeline         TEXT        NOT NULL,
                locator          TEXT        NOT NULL,
                file_name        TEXT        NOT NULL,
                client_number    TEXT,
                document_type    TEXT,
                period_from      DATE,
                period_to        DATE,
                status           TEXT        NOT NULL,
                attempts         INTEGER     NOT NULL DEFAULT 0,
                next_attempt_at  TIMESTAMPTZ,
                portal_reference TEXT,
                reason           TEXT,
                created_at       TIMESTAMPTZ NOT NULL,
                updated_at       TIMESTAMPTZ NOT NULL,
                completed_at     TIMESTAMPTZ,
                generation       INTEGER     NOT NULL DEFAULT 0
            );
            CREATE INDEX ix_documents_pipeline_status ON documents (pipeline, status, created_at);
            CREATE INDEX ix_documents_created ON documents (created_at, seq);

            CREATE TABLE instructions (
                id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                task_id     BIGINT,
                dossier     TEXT        NOT NULL,
                severity    TEXT        NOT NULL CHECK (severity IN ('Orange', 'Red')),
                text        TEXT        NOT NULL,
                cause       TEXT        NOT NULL,
                created_at  TIMESTAMPTZ NOT NULL,
                resolved_at TIMESTAMPTZ,
                resolved_by TEXT
            );
            CREATE INDEX ix_instructions_task ON instructions (task_id);
            CREATE INDEX ix_instructions_open ON instructions (created_at, id) WHERE resolved_at IS NULL;

            CREATE TABLE tasks (
                id              BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                queue           TEXT        COLLATE "C" NOT NULL,
                external_id     TEXT        NOT NULL,
                dossier         TEXT        COLLATE "C" NOT NULL,
                kind            TEXT        NOT NULL,
                payload         TEXT        NOT NULL,
                delivered_at    TIMESTAMPTZ NOT NULL,
                enqueued_at     TIMESTAMPTZ NOT NULL,
                status          TEXT        NOT NULL
                    CHECK (status IN ('Waiting', 'Running', 'Done', 'Failed', 'Cancelled')),
                attempts        INTEGER     NOT NULL DEFAULT 0,
                next_attempt_at TIMESTAMPTZ,
                worker          TEXT,
                fencing_token   BIGINT      NOT NULL DEFAULT 0,
                leased_until    TIMESTAMPTZ,
                last_error      TEXT,
                instruction_id  BIGINT      REFERENCES instructions (id),
                updated_at      TIMESTAMPTZ NOT NULL,
                completed_at    TIMESTAMPTZ,
                UNIQUE (queue, external_id)
            );
            ALTER TABLE instructions ADD FOREIGN KEY (task_id) REFERENCES tasks (id);
            -- At most one running task per dossier: the database itself refuses a second claim.
            CREATE UNIQUE INDEX ux_tasks_running_per_dossier ON tasks (queue, dossier) WHERE status = 'Running';
            -- The unfinished tasks of a dossier in delivery order: the claim's FIFO checks.
            CREATE INDEX ix_tasks_open_by_dossier ON tasks (queue, dossier, delivered_at, id)
                WHERE status IN ('Waiting', 'Running', 'Failed');
            CREATE INDEX ix_tasks_waiting ON tasks (queue, delivered_at, id) WHERE status = 'Waiting';
            CREATE INDEX ix_tasks_running_lease ON tasks (queue, leased_until) WHERE status = 'Running';
            CREATE INDEX ix_tasks_delivered ON tasks (delivered_at, id);

            CREATE TABLE dossiers (
                queue      TEXT        COLLATE "C" NOT NULL,
                dossier    TEXT        COLLATE "C" NOT NULL,
                blocked    BOOLEAN     NOT NULL DEFAULT FALSE,
                blocked_at TIMESTAMPTZ,
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (queue, dossier)
            );

            CREATE TABLE audit (
                id      BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at      TIMESTAMPTZ NOT NULL,
                who     TEXT        NOT NULL,
                action  TEXT        NOT NULL,
                subject TEXT        NOT NULL,
                details TEXT        NOT NULL
            );
            CREATE INDEX ix_audit_subject ON audit (subject, at, id);
            CREATE INDEX ix_audit_at ON audit (at, id);

            CREATE TABLE records (
                collection  TEXT        COLLATE "C" NOT NULL,
                key         TEXT        COLLATE "C" NOT NULL,
                status      TEXT        NOT NULL,
                data        TEXT        NOT NULL,
                fingerprint TEXT,
                updated_at  TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (collection, key)
            );
            CREATE INDEX ix_records_status ON records (collection, status);
            """),
        new(2, "document key version, content hash, source version and put-away problem", """
            -- Entries written before this step carry the first key: SHA-256 over the content followed by the name.
            ALTER TABLE documents ADD COLUMN key_version INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE documents ADD COLUMN content_sha256 TEXT;
            ALTER TABLE documents ADD COLUMN source_version TEXT;
            ALTER TABLE documents ADD COLUMN put_away_problem TEXT;
            CREATE INDEX ix_documents_locator ON documents (pipeline, locator);
            """),
        new(3, "pipeline leases (H-5): which process runs a pipeline, with a fencing token", """
            CREATE TABLE pipeline_leases (
                pipeline        TEXT        COLLATE "C" NOT NULL PRIMARY KEY,
                holder          TEXT        NOT NULL,
                token           BIGINT      NOT NULL,
                acquired_at     TIMESTAMPTZ NOT NULL,
                expires_at      TIMESTAMPTZ NOT NULL,
                released        BOOLEAN     NOT NULL,
                occurrence      TIMESTAMPTZ,
                done_occurrence TIMESTAMPTZ
            );
            """),
        new(4, "instructions of pipelines (H-8): the pipeline as subject, one open instruction per pipeline and cause", """
            ALTER TABLE instructions ADD COLUMN pipeline TEXT COLLATE "C";
            CREATE UNIQUE INDEX ux_instructions_open_pipeline_cause ON instructions (pipeline, cause)
                WHERE resolved_at IS NULL AND pipeline IS NOT NULL;
            """),
    ];
}

/// <summary>One migration script.</summary>
/// <param name="Version">Its number: 1, 2, 3, … without gaps.</param>
/// <param name="Description">What it does, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements.</param>
internal sealed record PostgresMigration(int Version, string Description, string Sql) : Sql.SchemaMigration(Version, Description, Sql);
