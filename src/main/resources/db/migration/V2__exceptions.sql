-- Exception records: one per failed step and business fact (the event's idempotency key, or a digest of a
-- payload that has none), with everything an operator needs to judge and replay it without opening logs.
-- The unique key (step, fact_key) makes a repeated failure of the same fact update its record, also when
-- several replicas dead-letter it at once.
CREATE TABLE mfgsync_exception (
    id              VARCHAR(36)   NOT NULL,
    workflow        VARCHAR(100)  NOT NULL,
    step            VARCHAR(100)  NOT NULL,
    target          VARCHAR(100),
    fact_key        VARCHAR(255)  NOT NULL,
    correlation_id  VARCHAR(100),
    event_id        VARCHAR(100),
    event_type      VARCHAR(100),
    plant           VARCHAR(100),
    purchase_order  VARCHAR(100),
    supplier        VARCHAR(100),
    item            VARCHAR(100),
    lot             VARCHAR(100),
    business_keys   VARCHAR(4000),
    source_topic    VARCHAR(255),
    message_key     VARCHAR(255),
    payload         TEXT,
    error_class     VARCHAR(100)  NOT NULL,
    error           VARCHAR(2000) NOT NULL,
    decision        VARCHAR(30)   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    status_reason   VARCHAR(1000),
    attempts        INTEGER       NOT NULL,
    first_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    next_retry_at   TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_mfgsync_exception PRIMARY KEY (id),
    CONSTRAINT uq_mfgsync_exception_fact UNIQUE (step, fact_key)
);
CREATE INDEX ix_mfgsync_exception_status ON mfgsync_exception (status, workflow);
CREATE INDEX ix_mfgsync_exception_po ON mfgsync_exception (purchase_order);
CREATE INDEX ix_mfgsync_exception_supplier ON mfgsync_exception (supplier);

-- Every attempt and decision on an exception, in order: failures, replays (with the correlation id they
-- carried), resolution, discard with its reason, escalation.
CREATE TABLE mfgsync_exception_attempt (
    id              VARCHAR(36)   NOT NULL,
    exception_id    VARCHAR(36)   NOT NULL,
    kind            VARCHAR(20)   NOT NULL,
    at              TIMESTAMP WITH TIME ZONE NOT NULL,
    correlation_id  VARCHAR(100),
    actor           VARCHAR(100),
    detail          VARCHAR(2000),
    CONSTRAINT pk_mfgsync_exception_attempt PRIMARY KEY (id),
    CONSTRAINT fk_mfgsync_exception_attempt FOREIGN KEY (exception_id) REFERENCES mfgsync_exception (id)
);
CREATE INDEX ix_mfgsync_exception_attempt ON mfgsync_exception_attempt (exception_id, at);

-- Idempotency keys become claims with a lease: a key whose step is still in flight ('PENDING') and whose
-- lease has run out belongs to an instance that crashed mid-step, and may be claimed again. Keys written
-- before this migration count as done.
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN state VARCHAR(10) DEFAULT 'DONE' NOT NULL;
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN leaseUntil TIMESTAMP WITH TIME ZONE;
