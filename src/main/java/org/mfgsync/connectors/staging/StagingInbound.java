package org.mfgsync.connectors.staging;

import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.jboss.logging.MDC;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.backbone.Ids;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.mapping.MappingRegistry;
import org.mfgsync.visibility.Correlation;

/**
 * The steps of the staging-table inbound template ({@code routes/connectors/staging-inbound.camel.yaml}): claim a
 * batch of export documents in one transaction, map each to a canonical event, mark it published or failed in that
 * transaction, commit after the batch. Everything per instance (data source, queries, mapping, partition key) arrives
 * as exchange properties set by the template from its parameters.
 *
 * <p>Why not camel-sql's consumer: it runs the select through a JdbcTemplate on its own (auto-commit) connection and
 * the {@code onConsume} update as a separate statement after each row was routed, so a {@code FOR UPDATE SKIP LOCKED}
 * lock is gone before the row is processed and two replicas can take the same row; keeping select, routing and
 * update in one transaction would need a Spring transaction manager bound to the consumer's thread, which camel-sql's
 * scheduled poll does not open. Here the claim is one JDBC transaction held in the exchange for the batch.
 */
@ApplicationScoped
@Named("stagingInbound")
public class StagingInbound {

    // exchange properties set by the route template
    public static final String INSTANCE = "connectorInstance";
    public static final String DATA_SOURCE = "connectorDataSource";
    public static final String BATCH_SIZE = "connectorBatchSize";
    public static final String CLAIM_QUERY = "stagingClaimQuery";
    public static final String ITEMS_QUERY = "stagingItemsQuery";
    public static final String KEY_COLUMN = "stagingKeyColumn";
    public static final String MARK_PUBLISHED = "stagingMarkPublished";
    public static final String MARK_FAILED = "stagingMarkFailed";
    public static final String BUSINESS_KEY_COLUMNS = "stagingBusinessKeyColumns";
    public static final String MAPPING = "connectorMapping";
    public static final String PARTITION_KEY = "connectorPartitionKey";

    // exchange properties this class sets
    public static final String CLAIM = "stagingClaim";
    public static final String CLAIMED = "stagingClaimed";
    public static final String DOCUMENT_KEY = "stagingDocumentKey";
    public static final String PUBLISHED = "stagingPublished";
    public static final String FAILED = "stagingFailed";

    private final StagingDataSources dataSources;
    private final StagingMapper mapper;

    @Inject
    public StagingInbound(StagingDataSources dataSources, MappingRegistry mappings, SchemaValidation schemas) {
        this.dataSources = dataSources;
        this.mapper = new StagingMapper(mappings, new MappedEvents(Clock.systemDefaultZone(), Ids::randomUuid), schemas);
    }

    /** Opens the claim: body = the claimed documents (header + items), property {@value #CLAIM} = the transaction. */
    public void claim(Exchange exchange) throws SQLException {
        String instance = exchange.getProperty(INSTANCE, String.class);
        StagingClaim claim = StagingClaim.open(instance, dataSource(exchange, dataSources),
                new StagingClaim.Queries(exchange.getProperty(CLAIM_QUERY, String.class),
                        exchange.getProperty(ITEMS_QUERY, String.class), exchange.getProperty(KEY_COLUMN, String.class),
                        exchange.getProperty(MARK_PUBLISHED, String.class), exchange.getProperty(MARK_FAILED, String.class)),
                exchange.getProperty(BATCH_SIZE, Integer.class));
        exchange.setProperty(CLAIM, claim);
        exchange.setProperty(CLAIMED, claim.documents().size());
        exchange.getMessage().setBody(claim.documents());
    }

    /**
     * Split step: one document becomes one canonical event on the message, with the backbone's headers and its own
     * correlation id (each exported document is its own business flow).
     */
    public void toCanonical(Exchange exchange) {
        StagedDocument document = exchange.getMessage().getBody(StagedDocument.class);
        String correlationId = Ids.randomId();
        exchange.setProperty(EventHeaders.CORRELATION_ID, correlationId);
        exchange.setProperty(DOCUMENT_KEY, document.key());
        MDC.put(Correlation.MDC_KEY, correlationId);
        EventEnvelope<Object> event = mapper.toEvent(document, exchange.getProperty(INSTANCE, String.class),
                exchange.getProperty(MAPPING, String.class), correlationId);
        String keyName = exchange.getProperty(PARTITION_KEY, String.class);
        String partitionKey = event.businessKeys().get(keyName);
        if (partitionKey == null) {
            throw new StagedDocumentRejectedException(document.key(), "the mapping gave no business key '" + keyName + "'", null);
        }
        CanonicalMessages.write(exchange.getMessage(), event, partitionKey);
    }

    /** After the event is on Kafka: the document is marked published in the claim's transaction. */
    public void markPublished(Exchange exchange) throws SQLException {
        claimOf(exchange).markPublished(exchange.getProperty(DOCUMENT_KEY, String.class),
                exchange.getProperty(EventHeaders.CORRELATION_ID, String.class));
    }

    /**
     * A rejected document: marked failed with its reason in the claim's transaction; the message becomes what the
     * dead-letter route records (the rows, the reason and the business keys the instance names).
     */
    public void rejected(Exchange exchange) throws SQLException, JsonProcessingException {
        StagedDocumentRejectedException rejection = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                StagedDocumentRejectedException.class);
        StagedDocument document = exchange.getMessage().getBody(StagedDocument.class);
        String instance = exchange.getProperty(INSTANCE, String.class);
        String correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
        String reason = rejection == null ? "rejected" : rejection.reason();
        claimOf(exchange).markFailed(document.key(), reason, correlationId);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("instance", instance);
        record.put("documentKey", document.key());
        record.put("reason", reason);
        Map<String, Object> businessKeys = new LinkedHashMap<>();
        for (String pair : exchange.getProperty(BUSINESS_KEY_COLUMNS, "", String.class).split(",")) {
            String[] keyAndColumn = pair.trim().split("=", 2);
            if (keyAndColumn.length == 2 && document.header().get(keyAndColumn[1].trim()) != null) {
                businessKeys.put(keyAndColumn[0].trim(), document.header().get(keyAndColumn[1].trim()));
            }
        }
        Object plant = businessKeys.remove("plant");
        if (plant != null) {
            record.put("plant", plant);
        }
        record.put("businessKeys", businessKeys);
        record.put("header", document.header());
        record.put("items", document.items());
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(EventHeaders.CORRELATION_ID, correlationId);
        exchange.getMessage().setHeader(EventHeaders.IDEMPOTENCY_KEY, instance + ":export:" + document.key());
        exchange.getMessage().setBody(CanonicalJson.MAPPER.writeValueAsString(record));
    }

    /** After the batch: the marks become durable together. */
    public void commit(Exchange exchange) throws SQLException {
        StagingClaim claim = claimOf(exchange);
        claim.commit();
        exchange.setProperty(PUBLISHED, claim.published());
        exchange.setProperty(FAILED, claim.failed());
    }

    /** Always last: what was not committed is rolled back (the rows stay new) and the connection returned. */
    public void release(Exchange exchange) {
        StagingClaim claim = exchange.getProperty(CLAIM, StagingClaim.class);
        if (claim != null) {
            claim.close();
            exchange.removeProperty(CLAIM);
        }
    }

    private static StagingClaim claimOf(Exchange exchange) {
        StagingClaim claim = exchange.getProperty(CLAIM, StagingClaim.class);
        if (claim == null) {
            throw new IllegalStateException("No staging claim is open on this exchange");
        }
        return claim;
    }

    /** The data source the template names: bound in Camel's registry, or the instance's own pool. */
    static DataSource dataSource(Exchange exchange, StagingDataSources dataSources) {
        String name = exchange.getProperty(DATA_SOURCE, String.class);
        DataSource bound = exchange.getContext().getRegistry().lookupByNameAndType(name, DataSource.class);
        if (bound != null) {
            return bound;
        }
        if (name.endsWith(StagingDataSources.NAME_SUFFIX)) {
            return dataSources.forInstance(name.substring(0, name.length() - StagingDataSources.NAME_SUFFIX.length()));
        }
        throw new IllegalStateException("No data source " + name + " in the registry");
    }
}
