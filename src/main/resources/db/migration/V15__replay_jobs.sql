-- Bulk replay jobs: the exception records a job replays are fixed when it is created (one row each, in replay order),
-- and each record is replayed once, one at a time: a row goes PENDING -> RUNNING (claimed by one instance, with a lease)
-- -> DONE with its own outcome. A stopped job keeps its PENDING rows; resuming goes on with them. The replay itself
-- claims the exception record (OPEN -> REPLAYING), so a row retaken after a crash never sends the record twice.
CREATE TABLE mfgsync_replay_job (
    id            VARCHAR(36)   NOT NULL,
    status        VARCHAR(20)   NOT NULL,
    filter_json   VARCHAR(2000) NOT NULL,
    created_by    VARCHAR(200)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    pace_millis   BIGINT        NOT NULL,
    next_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    total         INTEGER       NOT NULL,
    CONSTRAINT pk_mfgsync_replay_job PRIMARY KEY (id)
);
CREATE INDEX ix_mfgsync_replay_job_status ON mfgsync_replay_job (status, next_at);

CREATE TABLE mfgsync_replay_job_item (
    job_id         VARCHAR(36)   NOT NULL,
    seq            INTEGER       NOT NULL,
    exception_id   VARCHAR(36)   NOT NULL,
    target         VARCHAR(100),
    step           VARCHAR(100)  NOT NULL,
    business_keys  VARCHAR(4000),
    state          VARCHAR(20)   NOT NULL,
    owner          VARCHAR(100),
    lease_until    TIMESTAMP WITH TIME ZONE,
    outcome        VARCHAR(30),
    detail         VARCHAR(2000),
    correlation_id VARCHAR(100),
    done_at        TIMESTAMP WITH TIME ZONE,
    CONSTRAINT pk_mfgsync_replay_job_item PRIMARY KEY (job_id, seq),
    CONSTRAINT uq_mfgsync_replay_job_item UNIQUE (job_id, exception_id),
    CONSTRAINT fk_mfgsync_replay_job_item FOREIGN KEY (job_id) REFERENCES mfgsync_replay_job (id)
);
