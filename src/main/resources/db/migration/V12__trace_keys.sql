-- Trace by business key: every business key of a flow (correlation id) once, with when it was first seen, written by
-- the trace writer in the same transaction as the flow's steps. A search by any key (lot, inspection lot, PO, NCR, ...)
-- finds its flows here, then their steps in workflow_step by correlation id. The primary key starts with the
-- correlation id so that loading one flow's keys is one index range. Lookups by key read ix_trace_key_lookup alone,
-- newest first (backwards): it holds the correlation id too, so a search touches no table page for the ids it finds.
CREATE TABLE trace_key (
    correlation_id VARCHAR(100) NOT NULL,
    key_name       VARCHAR(40)  NOT NULL,
    key_value      VARCHAR(200) NOT NULL,
    first_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_trace_key PRIMARY KEY (correlation_id, key_name, key_value)
);
CREATE INDEX ix_trace_key_lookup ON trace_key (key_name, key_value, first_seen_at, correlation_id);

-- exception records are linked into a flow's trace by correlation id (their own, or a replay's)
CREATE INDEX ix_mfgsync_exception_correlation ON mfgsync_exception (correlation_id);
CREATE INDEX ix_mfgsync_exception_attempt_correlation ON mfgsync_exception_attempt (correlation_id);

-- Lookups by PO, supplier or plant + item + lot go through trace_key now: workflow_step keeps those columns (each
-- step's own keys) without indexes on them, so a step costs no more index writes than before the key table came.
DROP INDEX IF EXISTS ix_workflow_step_purchase_order;
DROP INDEX IF EXISTS ix_workflow_step_supplier;
DROP INDEX IF EXISTS ix_workflow_step_lot;
