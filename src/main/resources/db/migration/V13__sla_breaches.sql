-- Expected-next-event SLA breaches, raised by the SLA watchdog (org.mfgsync.visibility.sla): one row per breach,
-- unique per kind and subject (a lot's containment, a PO revision, an ERP instance's gap since its last export), so a
-- breach is raised once however many watchdog rounds or replicas see it. It stays OPEN until the late event arrives
-- (CLEARED) and is never raised again for the same subject. published_at is set once the SlaBreached event (and the
-- playbook's escalation) is on Kafka; a row raised but not yet published is published by the next round.
CREATE TABLE sla_breach (
    id                VARCHAR(36)   NOT NULL,
    kind              VARCHAR(60)   NOT NULL,
    subject_key       VARCHAR(300)  NOT NULL,
    workflow          VARCHAR(100)  NOT NULL,
    expected_step     VARCHAR(100)  NOT NULL,
    status            VARCHAR(10)   NOT NULL,
    correlation_id    VARCHAR(100),
    plant             VARCHAR(20),
    business_keys     VARCHAR(2000) NOT NULL,
    detail            VARCHAR(2000),
    due_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    raised_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    playbook_decision VARCHAR(30)   NOT NULL,
    published_at      TIMESTAMP WITH TIME ZONE,
    cleared_at        TIMESTAMP WITH TIME ZONE,
    cleared_reason    VARCHAR(500),
    CONSTRAINT pk_sla_breach PRIMARY KEY (id),
    CONSTRAINT uq_sla_breach_subject UNIQUE (kind, subject_key)
);
-- the API and the watchdog's re-check read breaches by status, oldest first
CREATE INDEX ix_sla_breach_status ON sla_breach (status, raised_at);
