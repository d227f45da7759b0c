-- KPIs and supplier scorecards (org.mfgsync.visibility.kpi) read the state the workflows keep; this adds what was not
-- kept anywhere, and the indexes their period queries need.

-- Every line of every supplier commit the supplier commit workflow accepted, as it was assessed: the date committed
-- against the PO line's need date at that moment, and the commit's risk. One row per commit (idempotency key) and line:
-- a redelivered commit writes nothing again. Read by supplier and period (scorecard) and by PO after a revision was
-- delivered (supplier response time); a line's earlier commits tell a changed commit from a first one.
CREATE TABLE supplier_commit_line (
    commit_key      VARCHAR(200) NOT NULL,
    po_line         VARCHAR(6)   NOT NULL,
    supplier        VARCHAR(20)  NOT NULL,
    purchase_order  VARCHAR(20)  NOT NULL,
    plant           VARCHAR(10),
    confirmation    VARCHAR(12),
    committed_date  DATE,
    need_date       DATE,
    risk_level      VARCHAR(10)  NOT NULL,
    correlation_id  VARCHAR(100),
    occurred_at     TIMESTAMP WITH TIME ZONE,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_supplier_commit_line PRIMARY KEY (commit_key, po_line)
);
CREATE INDEX ix_supplier_commit_line_supplier ON supplier_commit_line (supplier, received_at);
CREATE INDEX ix_supplier_commit_line_po ON supplier_commit_line (purchase_order, po_line, received_at);
-- the retention purge finds old lines by age
CREATE INDEX ix_supplier_commit_line_received ON supplier_commit_line (received_at);

-- Duplicates an idempotent step suppressed (a claim that was already done), per step and hour: a partner resending is
-- visible. Added to by the claims repository (resilience.LeasedIdempotentRepository), one row per step and hour.
CREATE TABLE duplicate_suppressed (
    step         VARCHAR(255) NOT NULL,
    hour_start   TIMESTAMP WITH TIME ZONE NOT NULL,
    suppressed   BIGINT       NOT NULL,
    CONSTRAINT pk_duplicate_suppressed PRIMARY KEY (hour_start, step)
);

-- manual interventions (replays, discards) by period, and failures per target by period
CREATE INDEX ix_mfgsync_exception_attempt_at ON mfgsync_exception_attempt (at, kind);
CREATE INDEX ix_mfgsync_exception_first_seen ON mfgsync_exception (first_seen);
-- SCARs opened per supplier and period
CREATE INDEX ix_quality_containment_scar_opened ON quality_containment (supplier, scar_opened_at);
