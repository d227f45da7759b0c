-- Quality containment: one row per lot (plant + item + lot) while and after it is contained. The block, the SCAR,
-- the procurement notice and the release each record here that they happened, so a redelivered or replayed event
-- does not repeat them, and a release for a lot that was never blocked is refused with its reason.
CREATE TABLE quality_containment (
    plant                 VARCHAR(20)   NOT NULL,
    item                  VARCHAR(50)   NOT NULL,
    lot                   VARCHAR(50)   NOT NULL,
    supplier              VARCHAR(50),
    quantity              DECIMAL(19,6) NOT NULL,
    unit_of_measure       VARCHAR(10)   NOT NULL,
    state                 VARCHAR(20)   NOT NULL,
    opened_by_key         VARCHAR(200)  NOT NULL,
    opened_by_reference   VARCHAR(100)  NOT NULL,
    last_block_key        VARCHAR(200),
    blocked_at            TIMESTAMP WITH TIME ZONE,
    scar_id               VARCHAR(100),
    scar_opened_at        TIMESTAMP WITH TIME ZONE,
    scar_published_at     TIMESTAMP WITH TIME ZONE,
    procurement_action    VARCHAR(40),
    procurement_notified_at TIMESTAMP WITH TIME ZONE,
    disposition           VARCHAR(30),
    released_status       VARCHAR(30),
    release_key           VARCHAR(200),
    released_at           TIMESTAMP WITH TIME ZONE,
    correlation_id        VARCHAR(100)  NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_quality_containment PRIMARY KEY (plant, item, lot)
);
CREATE INDEX ix_quality_containment_supplier ON quality_containment (supplier, state);
CREATE INDEX ix_quality_containment_scar ON quality_containment (scar_id);
