-- Idempotent-consumer keys (Camel JdbcMessageIdRepository). The primary key makes a concurrent second
-- claim of the same message by another replica fail instead of being processed twice.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255) NOT NULL,
    messageId     VARCHAR(255) NOT NULL,
    createdAt     TIMESTAMP    NOT NULL,
    CONSTRAINT pk_camel_messageprocessed PRIMARY KEY (processorName, messageId)
);
