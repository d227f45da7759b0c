-- PO book: the latest revision of every purchase order the ERPs sent, with its lines. The PO revision workflow keeps
-- it; the supplier commit workflow validates commits against it. delivered_revision is the revision last delivered
-- to the supplier, so an older (or the same) revision arriving late is not delivered again.
CREATE TABLE purchase_order_book (
    purchase_order     VARCHAR(20)  NOT NULL,
    supplier           VARCHAR(20)  NOT NULL,
    revision           INTEGER      NOT NULL,
    change_type        VARCHAR(12)  NOT NULL,
    order_date         DATE,
    erp_instance       VARCHAR(63)  NOT NULL,
    plant              VARCHAR(10),
    delivered_revision INTEGER,
    correlation_id     VARCHAR(100),
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_purchase_order_book PRIMARY KEY (purchase_order)
);
CREATE INDEX ix_purchase_order_book_supplier ON purchase_order_book (supplier);

CREATE TABLE purchase_order_book_line (
    purchase_order  VARCHAR(20)    NOT NULL,
    po_line         VARCHAR(6)     NOT NULL,
    line_change     VARCHAR(10),
    item            VARCHAR(40)    NOT NULL,
    quantity        DECIMAL(19, 6) NOT NULL,
    unit_of_measure VARCHAR(3)     NOT NULL,
    need_date       DATE           NOT NULL,
    delivery_plant  VARCHAR(10),
    CONSTRAINT pk_purchase_order_book_line PRIMARY KEY (purchase_order, po_line)
);

-- Low-risk supplier commits waiting for their batch, per ERP instance and plant (Camel JdbcAggregationRepository,
-- repository name supplier_commit_batch): id = ERP instance:plant, exchange = the serialised batch so far. A
-- completed batch stays in supplier_commit_batch_completed until the ERP took it, and is sent again after a crash.
CREATE TABLE supplier_commit_batch (
    id       VARCHAR(255) NOT NULL,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL,
    CONSTRAINT pk_supplier_commit_batch PRIMARY KEY (id)
);
CREATE TABLE supplier_commit_batch_completed (
    id       VARCHAR(255) NOT NULL,
    exchange BYTEA        NOT NULL,
    version  BIGINT       NOT NULL,
    CONSTRAINT pk_supplier_commit_batch_completed PRIMARY KEY (id)
);
