-- Attempts at an inbound file that did not finish (a crash in its middle, or a failure that is not an outage of a
-- target), by intake key (instance, name, SHA-256): after the instance's maximum the file is quarantined to .error/
-- with a reason instead of being taken again and again. A row is removed once its file is finished or quarantined.
CREATE TABLE FILE_INTAKE_ATTEMPTS (
    intakeKey   VARCHAR(255)  NOT NULL,
    attempts    INTEGER       NOT NULL,
    lastError   VARCHAR(1000),
    updatedAt   TIMESTAMP     NOT NULL,
    CONSTRAINT pk_file_intake_attempts PRIMARY KEY (intakeKey)
);
