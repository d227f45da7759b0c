-- erp-legacy-b's interface ("staging") tables, as its ABAP interface programs define them: SAP-style Z-tables with
-- upper-case abbreviated column names, every business value in a character column (as the ERP's flat interface
-- structures hold it: quantities like '500.000', dates like '20261215'), and a processing status per row.
-- Idempotent (CREATE ... IF NOT EXISTS), plain SQL that runs on H2 2.x (plain or MODE=PostgreSQL, e.g. as
-- INIT=RUNSCRIPT FROM '.../staging-tables.sql') and on PostgreSQL 15. This is the ERP's database, not mfgsync's.
--
-- Processing status ZSTAT on every table: N = new (to be taken), P = processed, E = error (ZMSG says why).
-- Export tables (the ERP writes, mfgsync reads): mfgsync sets P or E. Import tables (mfgsync writes, the ERP
-- reads): mfgsync writes N, the ERP's import program sets P or E.

-- PO export, header: one row per exported purchase order revision (full snapshot of the order), EXPNR ascending.
CREATE TABLE IF NOT EXISTS ZMFG_POHDR_OUT (
    EXPNR  VARCHAR(20)  NOT NULL,               -- export number, ascending in export order
    MANDT  CHAR(3)      DEFAULT '100' NOT NULL, -- client
    EBELN  VARCHAR(10),                         -- purchasing document (PO) number
    REVNO  VARCHAR(5),                          -- revision number of the PO, 0 when created
    AKTKZ  CHAR(1),                             -- change indicator: I created, U changed, D deleted (cancelled)
    BSART  VARCHAR(4),                          -- document type, e.g. NB
    LIFNR  VARCHAR(10),                         -- vendor (supplier) number
    WERKS  VARCHAR(4),                          -- plant
    BEDAT  VARCHAR(8),                          -- order date YYYYMMDD
    ERNAM  VARCHAR(40),                         -- created by (buyer)
    WAERS  VARCHAR(5),                          -- currency key
    ZTERM  VARCHAR(4),                          -- terms of payment key
    INCO1  VARCHAR(3),                          -- incoterms rule
    INCO2  VARCHAR(28),                         -- incoterms place
    ERZTS  TIMESTAMP    DEFAULT CURRENT_TIMESTAMP NOT NULL, -- when the ERP wrote the row
    ZSTAT  CHAR(1)      DEFAULT 'N' NOT NULL,   -- N new, P published, E error
    ZSTTS  TIMESTAMP,                           -- when ZSTAT was last set by mfgsync
    ZMSG   VARCHAR(255),                        -- reason of an error (E)
    ZCORR  VARCHAR(100),                        -- mfgsync correlation id of the processing
    CONSTRAINT ZMFG_POHDR_OUT_PK PRIMARY KEY (EXPNR)
);
CREATE INDEX IF NOT EXISTS ZMFG_POHDR_OUT_I1 ON ZMFG_POHDR_OUT (ZSTAT, EXPNR);
CREATE INDEX IF NOT EXISTS ZMFG_POHDR_OUT_I2 ON ZMFG_POHDR_OUT (EBELN, EXPNR);

-- PO export, items: the lines of one exported header (same EXPNR).
CREATE TABLE IF NOT EXISTS ZMFG_POITM_OUT (
    EXPNR  VARCHAR(20)  NOT NULL,               -- export number of the header
    EBELP  VARCHAR(5)   NOT NULL,               -- item number, e.g. 00010
    AKTKZ  CHAR(1),                             -- I added, U changed, D deleted, blank unchanged
    MATNR  VARCHAR(40),                         -- material number
    TXZ01  VARCHAR(40),                         -- short text
    IDNLF  VARCHAR(35),                         -- vendor's material number
    MENGE  VARCHAR(17),                         -- order quantity, e.g. '500.000'
    MEINS  VARCHAR(3),                          -- order unit (ERP-internal unit: ST, KG, M, L, PAK, KAR)
    EINDT  VARCHAR(8),                          -- delivery date YYYYMMDD
    NETPR  VARCHAR(15),                         -- net price per PEINH units, e.g. '12.50'
    PEINH  VARCHAR(5),                          -- price unit, e.g. '1' or '100'
    WERKS  VARCHAR(4),                          -- receiving plant
    LGORT  VARCHAR(4),                          -- storage location
    CONSTRAINT ZMFG_POITM_OUT_PK PRIMARY KEY (EXPNR, EBELP)
);

-- Stock status import: one row per mfgsync stock-status change, keyed by mfgsync's idempotency key, so a repeated
-- call cannot insert a second row.
CREATE TABLE IF NOT EXISTS ZMFG_STOCK_IN (
    IDEMK  VARCHAR(200) NOT NULL,               -- mfgsync idempotency key (unique: exactly once)
    WERKS  VARCHAR(4)   NOT NULL,               -- plant
    MATNR  VARCHAR(40)  NOT NULL,               -- material
    CHARG  VARCHAR(40)  NOT NULL,               -- batch (lot)
    MENGE  VARCHAR(17)  NOT NULL,               -- quantity, e.g. '500.000'
    MEINS  VARCHAR(3)   NOT NULL,               -- unit (ERP-internal)
    BESTQ  CHAR(1)      NOT NULL,               -- stock category: F unrestricted, Q quality inspection, S blocked
    GRUND  VARCHAR(60),                         -- reason
    XBLNR  VARCHAR(40),                         -- reference document (e.g. inspection lot)
    ZEVID  VARCHAR(36),                         -- mfgsync event id
    ZCORR  VARCHAR(100),                        -- mfgsync correlation id
    ERZTS  TIMESTAMP    DEFAULT CURRENT_TIMESTAMP NOT NULL, -- when mfgsync wrote the row
    ZSTAT  CHAR(1)      DEFAULT 'N' NOT NULL,   -- N new, P posted by the ERP, E error
    ZMSG   VARCHAR(255),                        -- the ERP's reason of an error
    CONSTRAINT ZMFG_STOCK_IN_PK PRIMARY KEY (IDEMK)
);

-- Supplier commit import: the rows of one commit batch (one per confirmed PO item), all with the batch id, written
-- in one transaction; (BATID, POSNR) unique, so a repeated batch cannot insert its rows again.
CREATE TABLE IF NOT EXISTS ZMFG_COMMIT_IN (
    BATID  VARCHAR(200) NOT NULL,               -- mfgsync batch id (= the call's idempotency key)
    POSNR  INTEGER      NOT NULL,               -- row number within the batch, from 1
    IDEMK  VARCHAR(200) NOT NULL,               -- idempotency key of the commit event the row comes from
    EBELN  VARCHAR(10)  NOT NULL,               -- PO number
    EBELP  VARCHAR(5),                          -- PO item; empty when the supplier answered for the whole PO
    LIFNR  VARCHAR(10)  NOT NULL,               -- vendor
    WERKS  VARCHAR(4)   NOT NULL,               -- plant
    CNFID  VARCHAR(35)  NOT NULL,               -- supplier's confirmation id
    CNFTY  CHAR(1)      NOT NULL,               -- A accept, R reject, C change, B backordered
    MENGE  VARCHAR(17),                         -- confirmed quantity, e.g. '480.000'
    MEINS  VARCHAR(3),                          -- unit (ERP-internal)
    EINDT  VARCHAR(8),                          -- confirmed delivery date YYYYMMDD
    ZGRND  VARCHAR(30),                         -- supplier's reason code
    CNFTS  VARCHAR(14)  NOT NULL,               -- confirmed at, UTC, YYYYMMDDHHMMSS
    ZCORR  VARCHAR(100),                        -- mfgsync correlation id
    ERZTS  TIMESTAMP    DEFAULT CURRENT_TIMESTAMP NOT NULL, -- when mfgsync wrote the row
    ZSTAT  CHAR(1)      DEFAULT 'N' NOT NULL,   -- N new, P posted by the ERP, E error
    ZMSG   VARCHAR(255),                        -- the ERP's reason of an error
    CONSTRAINT ZMFG_COMMIT_IN_PK PRIMARY KEY (BATID, POSNR)
);
