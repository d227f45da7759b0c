-- Work that must run on one instance at a time (the retention purge, timers): one row per job, held by the instance
-- whose lease has not run out. Taking the lease is one conditional update, so two replicas never both hold it.
CREATE TABLE mfgsync_cluster_lease (
    name        VARCHAR(100) NOT NULL,
    owner       VARCHAR(100) NOT NULL,
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_mfgsync_cluster_lease PRIMARY KEY (name)
);
-- the retention purge finds old DONE claims by age
CREATE INDEX ix_camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);
CREATE INDEX ix_workflow_step_recorded ON workflow_step (recorded_at);
CREATE INDEX ix_mfgsync_exception_closed ON mfgsync_exception (status, last_seen);
