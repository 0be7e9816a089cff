-- Documents: one pending at the portal, one approved and put away, one waiting for a retry, one refused before submission.
INSERT INTO documents (key, pipeline, locator, file_name, client_number, document_type, period_from, period_to, status, attempts, next_attempt_at, portal_reference, reason, created_at, updated_at, completed_at) VALUES
 ('a1f3c0de00000000000000000000000000000000000000000000000000000001', 'clientonline', 'Naar portaal/12345678_jaarrekening.pdf', '12345678_jaarrekening.pdf', '12345678', 'Jaarrekening', '2025-01-01', '2025-12-31', 'Pending', 1, NULL, 'CO-1001', NULL, '2026-11-20T09:00:00.0000000Z', '2026-11-20T09:00:05.0000000Z', NULL),
 ('a1f3c0de00000000000000000000000000000000000000000000000000000002', 'clientonline', 'Naar portaal XBRL/VB-01_bd-rpt-ob-aangifte-2021.xbrl', 'VB-01_bd-rpt-ob-aangifte-2021.xbrl', '001000044B37', 'OB', '2021-10-01', '2021-10-31', 'Approved', 1, NULL, 'CO-1002', NULL, '2026-11-20T09:01:00.0000000Z', '2026-11-21T10:00:00.0000000Z', '2026-11-21T10:00:00.0000000Z'),
 ('a1f3c0de00000000000000000000000000000000000000000000000000000003', 'clientonline', 'Naar portaal/87654321_aangifte.pdf', '87654321_aangifte.pdf', '87654321', 'Aangifte', '2025-01-01', '2025-03-31', 'Retrying', 3, '2026-11-22T08:00:00.0000000Z', NULL, 'the portal did not answer (timeout)', '2026-11-21T07:00:00.0000000Z', '2026-11-21T07:30:00.0000000Z', NULL),
 ('a1f3c0de00000000000000000000000000000000000000000000000000000004', 'clientonline', 'Naar portaal/notes.txt', 'notes.txt', NULL, NULL, NULL, NULL, 'Refused', 0, NULL, NULL, 'not a PDF: the file does not start with %PDF', '2026-11-21T11:00:00.0000000Z', '2026-11-21T11:00:00.0000000Z', '2026-11-21T11:00:00.0000000Z');

-- Instructions: one open (orange) about a failed task, one resolved.
INSERT INTO instructions (id, task_id, dossier, severity, text, cause, created_at, resolved_at, resolved_by) VALUES
 (1, 2, 'D100', 'Orange', 'Boekjaar 2023 is afgesloten in het boekhoudpakket: heropen de periode of wijzig de boekingsdatum.', 'wrong-period', '2026-11-19T14:00:00.0000000Z', NULL, NULL),
 (2, 4, 'D200', 'Red', 'De database van het boekhoudpakket gaf een fout bij dossier D200: ons supportteam moet ingrijpen.', 'database-error', '2026-11-18T08:00:00.0000000Z', '2026-11-18T12:00:00.0000000Z', 'cli:anne');

-- Tasks: done, failed (blocking D100, with its instruction), waiting behind it, and a task of D200 done after its instruction was resolved.
INSERT INTO tasks (id, queue, external_id, dossier, kind, payload, delivered_at, enqueued_at, status, attempts, next_attempt_at, worker, fencing_token, leased_until, last_error, instruction_id, updated_at, completed_at) VALUES
 (1, 'accounting-tasks', 'T-1', 'D100', 'sync-dossier', '{}', '2026-11-19T13:00:00.0000000Z', '2026-11-19T13:00:01.0000000Z', 'Done', 1, NULL, NULL, 1, NULL, NULL, NULL, '2026-11-19T13:00:10.0000000Z', '2026-11-19T13:00:10.0000000Z'),
 (2, 'accounting-tasks', 'T-2', 'D100', 'process-booking-proposal', '{"bookingDate":"2023-12-31"}', '2026-11-19T13:05:00.0000000Z', '2026-11-19T13:05:01.0000000Z', 'Failed', 1, NULL, NULL, 2, NULL, 'wrong-period: boekjaar 2023 is afgesloten', 1, '2026-11-19T14:00:00.0000000Z', NULL),
 (3, 'accounting-tasks', 'T-3', 'D100', 'sync-dossier', '{}', '2026-11-19T13:10:00.0000000Z', '2026-11-19T13:10:01.0000000Z', 'Waiting', 0, NULL, NULL, 0, NULL, NULL, NULL, '2026-11-19T13:10:01.0000000Z', NULL),
 (4, 'accounting-tasks', 'T-4', 'D200', 'activate-dossier', '{"dossierCode":"D200"}', '2026-11-18T07:00:00.0000000Z', '2026-11-18T07:00:01.0000000Z', 'Done', 2, NULL, NULL, 3, NULL, NULL, 2, '2026-11-18T12:05:00.0000000Z', '2026-11-18T12:05:00.0000000Z');

INSERT INTO dossiers (queue, dossier, blocked, blocked_at, updated_at) VALUES
 ('accounting-tasks', 'D100', 1, '2026-11-19T14:00:00.0000000Z', '2026-11-19T14:00:00.0000000Z'),
 ('accounting-tasks', 'D200', 0, NULL, '2026-11-18T12:00:00.0000000Z');

INSERT INTO audit (at, who, action, subject, details) VALUES
 ('2026-11-18T12:00:00.0000000Z', 'cli:anne', 'instruction-resolved', 'instruction:2', 'dossier D200 unblocked'),
 ('2026-11-20T09:30:00.0000000Z', 'dashboard:piet', 'command:send', 'pipeline:certipost', '3 relations enrolled in one batch'),
 ('2026-11-20T09:30:00.0000000Z', 'pipeline:certipost', 'status-changed', 'relation:1004', 'Toegelaten -> Toegestaan, doorgegeven, niet bevestigd');

INSERT INTO records (collection, key, status, data, fingerprint, updated_at) VALUES
 ('certipost.relations', '1004', 'submitted', '{"number":"1004","name":"Bakkerij De Korenschoof BV"}', 'f00d', '2026-11-20T09:30:00.0000000Z'),
 ('casewarecloud.clients', 'C-17', 'synced', '{"cwGuid":"2b8c0e1e-0000-4000-8000-000000000017"}', 'beef', '2026-11-20T10:00:00.0000000Z');
