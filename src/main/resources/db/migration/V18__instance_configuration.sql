-- Each running instance's route and mapping set (the digest of its running snapshot) and its last reload's outcome,
-- so any replica's admin API can show whether all replicas run the same configuration (governance.reload.ClusterConfiguration)
CREATE TABLE mfgsync_instance_configuration (
    instance        VARCHAR(100)  NOT NULL,
    digest          VARCHAR(64)   NOT NULL,
    last_sequence   BIGINT        NOT NULL,
    last_trigger    VARCHAR(40)   NOT NULL,
    last_result     VARCHAR(40)   NOT NULL,
    last_reason     VARCHAR(2000),
    reported_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_mfgsync_instance_configuration PRIMARY KEY (instance)
);
