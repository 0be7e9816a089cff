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
        new(5, "the dashboard (UI-1..UI-5): every change of a document kept by the database, and the indexes its pages and lists need", """
            -- A document's history: each insert and each change of status, attempts, generation, put-away problem or
            -- completion of a ledger entry, written by the database itself in the same transaction.
            CREATE TABLE document_events (
                id               BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                key              TEXT        NOT NULL,
                at               TIMESTAMPTZ NOT NULL,
                status           TEXT        NOT NULL,
                attempts         INTEGER     NOT NULL,
                generation       INTEGER     NOT NULL,
                reason           TEXT,
                put_away_problem TEXT,
                completed_at     TIMESTAMPTZ
            );
            CREATE INDEX ix_document_events_key ON document_events (key, id);
            CREATE INDEX ix_document_events_at ON document_events (at, status);
            CREATE FUNCTION document_events_record() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO document_events (key, at, status, attempts, generation, reason, put_away_problem, completed_at)
                VALUES (NEW.key, NEW.updated_at, NEW.status, NEW.attempts, NEW.generation, NEW.reason, NEW.put_away_problem, NEW.completed_at);
                RETURN NULL;
            END $$;
            CREATE TRIGGER tr_documents_inserted AFTER INSERT ON documents FOR EACH ROW EXECUTE FUNCTION document_events_record();
            CREATE TRIGGER tr_documents_changed AFTER UPDATE ON documents FOR EACH ROW
                WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.attempts IS DISTINCT FROM NEW.attempts OR OLD.generation IS DISTINCT FROM NEW.generation
                      OR OLD.put_away_problem IS DISTINCT FROM NEW.put_away_problem OR OLD.completed_at IS DISTINCT FROM NEW.completed_at)
                EXECUTE FUNCTION document_events_record();
            CREATE INDEX ix_documents_client ON documents (client_number, created_at);
            CREATE INDEX ix_documents_status_created ON documents (status, created_at);
            CREATE INDEX ix_documents_attention ON documents (status, updated_at) WHERE status IN ('FinallyFailed', 'Refused') OR put_away_problem IS NOT NULL;
            CREATE INDEX ix_tasks_updated ON tasks (updated_at, status);
            CREATE INDEX ix_tasks_dossier ON tasks (dossier, id);
            CREATE INDEX ix_tasks_status ON tasks (status, id);
            CREATE INDEX ix_instructions_dossier ON instructions (dossier, id);
            """),
        new(6, "one mailed-once mark per instruction (H-8): the queue's marks (accountingtasks.mailed, key queue:id) move to host.instructions-mailed (key id)", """
            INSERT INTO records (collection, key, status, data, fingerprint, updated_at)
                SELECT 'host.instructions-mailed', substring(key from '[0-9]+$'), status, data, fingerprint, updated_at
                FROM records WHERE collection = 'accountingtasks.mailed' AND key ~ '[0-9]+$'
                ON CONFLICT (collection, key) DO NOTHING;
            DELETE FROM records WHERE collection = 'accountingtasks.mailed';
            """),
        new(7, "the client monitor (UI-3): its documents' counts per client from one covering index", """
            DROP INDEX ix_documents_client;
            CREATE INDEX ix_documents_client_state ON documents (client_number, status, completed_at, updated_at, put_away_problem);
            """),
        new(8, "the dashboard's roll-ups (UI-2, UI-3, UI-4): documents' changes counted per hour and status, and each client's documents counted, kept by the database in the same transaction; the date range's totals from the index", """
            -- The charts and tiles read these few thousand rows instead of every change of 30 days.
            CREATE TABLE document_counts (
                hour   TIMESTAMPTZ NOT NULL,
                status TEXT        NOT NULL,
                count  BIGINT      NOT NULL,
                PRIMARY KEY (hour, status)
            );
            CREATE FUNCTION document_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO document_counts (hour, status, count)
                VALUES (date_trunc('hour', NEW.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', NEW.status, 1)
                ON CONFLICT (hour, status) DO UPDATE SET count = document_counts.count + 1;
                RETURN NULL;
            END $$;
            CREATE TRIGGER tr_document_events_counted AFTER INSERT ON document_events FOR EACH ROW EXECUTE FUNCTION document_counts_add();
            INSERT INTO document_counts (hour, status, count)
                SELECT date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', status, COUNT(*) FROM document_events GROUP BY 1, 2;
            -- The client monitor reads one row per client instead of every document.
            CREATE TABLE client_documents (
                client_number  TEXT        NOT NULL PRIMARY KEY,
                documents      BIGINT      NOT NULL,
                open_documents BIGINT      NOT NULL,
                last_change    TIMESTAMPTZ
            );
            CREATE FUNCTION client_documents_count() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.client_number IS NOT NULL THEN
                    UPDATE client_documents SET documents = documents - 1, open_documents = open_documents - CASE WHEN OLD.completed_at IS NULL THEN 1 ELSE 0 END
                    WHERE client_number = OLD.client_number;
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.client_number IS NOT NULL THEN
                    INSERT INTO client_documents (client_number, documents, open_documents, last_change)
                    VALUES (NEW.client_number, 1, CASE WHEN NEW.completed_at IS NULL THEN 1 ELSE 0 END, NEW.updated_at)
                    ON CONFLICT (client_number) DO UPDATE SET documents = client_documents.documents + 1,
                        open_documents = client_documents.open_documents + excluded.open_documents,
                        last_change = GREATEST(client_documents.last_change, excluded.last_change);
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER tr_documents_client_inserted AFTER INSERT ON documents FOR EACH ROW
                WHEN (NEW.client_number IS NOT NULL) EXECUTE FUNCTION client_documents_count();
            CREATE TRIGGER tr_documents_client_changed AFTER UPDATE ON documents FOR EACH ROW
                WHEN (OLD.client_number IS DISTINCT FROM NEW.client_number OR (OLD.completed_at IS NULL) <> (NEW.completed_at IS NULL)
                      OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
                EXECUTE FUNCTION client_documents_count();
            CREATE TRIGGER tr_documents_client_deleted AFTER DELETE ON documents FOR EACH ROW
                WHEN (OLD.client_number IS NOT NULL) EXECUTE FUNCTION client_documents_count();
            INSERT INTO client_documents (client_number, documents, open_documents, last_change)
                SELECT client_number, COUNT(*), SUM(CASE WHEN completed_at IS NULL THEN 1 ELSE 0 END), MAX(updated_at)
                FROM documents WHERE client_number IS NOT NULL GROUP BY client_number;
            -- A date range's totals by status read the index alone.
            DROP INDEX ix_documents_created;
            CREATE INDEX ix_documents_created ON documents (created_at, status);
            -- What needs a person, in all and per client, from the few failed documents' index alone.
            DROP INDEX ix_documents_attention;
            CREATE INDEX ix_documents_attention ON documents (status, updated_at, client_number, put_away_problem)
                WHERE status IN ('FinallyFailed', 'Refused') OR put_away_problem IS NOT NULL;
            """),
    ];
}

/// <summary>One migration script.</summary>
/// <param name="Version">Its number: 1, 2, 3, … without gaps.</param>
/// <param name="Description">What it does, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements.</param>
internal sealed record PostgresMigration(int Version, string Description, string Sql) : Sql.SchemaMigration(Version, Description, Sql);
