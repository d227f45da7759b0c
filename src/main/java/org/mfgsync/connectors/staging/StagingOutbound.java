package org.mfgsync.connectors.staging;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.backbone.Ids;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.connectors.mapping.MappedEvents;
import org.mfgsync.mapping.MappingRegistry;

/**
 * The step of the staging-table outbound template ({@code routes/connectors/staging-outbound.camel.yaml}): the
 * canonical message of one call becomes the rows of an import staging table, written in one transaction, exactly
 * once per {@code idempotencyKey} (a repeated call finds the key there and writes nothing).
 */
@ApplicationScoped
@Named("stagingOutbound")
public class StagingOutbound {

    public static final String INSERT = "stagingInsert";
    public static final String EXISTS = "stagingExists";
    /** Set by {@link #write}: WRITTEN or DUPLICATE. */
    public static final String OUTCOME = "stagingOutcome";
    public static final String ROWS = "stagingRows";

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final StagingDataSources dataSources;
    private final StagingMapper mapper;

    @Inject
    public StagingOutbound(StagingDataSources dataSources, MappingRegistry mappings, SchemaValidation schemas) {
        this.dataSources = dataSources;
        this.mapper = new StagingMapper(mappings, new MappedEvents(java.time.Clock.systemUTC(), Ids::randomUuid), schemas);
    }

    public void write(Exchange exchange) throws SQLException, JsonProcessingException {
        String instance = exchange.getProperty(StagingInbound.INSTANCE, String.class);
        if (!dataSources.enabled(instance)) {
            // held by the caller until the instance is switched on, not dropped
            throw new SQLTransientConnectionException(instance + " is not enabled (mfgsync.connectors.endpoints."
                    + instance + ".enabled=false)", "08000");
        }
        String key = exchange.getProperty(EventHeaders.IDEMPOTENCY_KEY, String.class);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("The call to " + instance + " carries no exchange property idempotencyKey");
        }
        List<Map<String, Object>> rows = mapper.toRows(exchange.getProperty(StagingInbound.MAPPING, String.class),
                mappingInput(instance, key, exchange.getProperty(EventHeaders.CORRELATION_ID, String.class),
                        exchange.getMessage().getBody(String.class)));
        StagingInserts.Outcome outcome = StagingInserts.write(instance,
                StagingInbound.dataSource(exchange, dataSources), exchange.getProperty(INSERT, String.class),
                exchange.getProperty(EXISTS, String.class), key, rows);
        exchange.setProperty(OUTCOME, outcome.name());
        exchange.setProperty(ROWS, rows.size());
    }

    /** What the outbound mapping sees: {@code {instance, idempotencyKey, correlationId, message: <the body>}}. */
    public static Map<String, Object> mappingInput(String instance, String key, String correlationId, String body)
            throws JsonProcessingException {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("instance", instance);
        input.put("idempotencyKey", key);
        input.put("correlationId", correlationId);
        input.put("message", CanonicalJson.MAPPER.readValue(body, JSON_OBJECT));
        return input;
    }
}
