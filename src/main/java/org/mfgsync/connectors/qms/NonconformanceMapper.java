package org.mfgsync.connectors.qms;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.mfgsync.MfgsyncConfig;
import org.mfgsync.backbone.CanonicalMessages;
import org.mfgsync.backbone.Ids;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.EventHeaders;
import org.mfgsync.canonical.EventTypes;
import org.mfgsync.canonical.NonconformanceRaised;
import org.mfgsync.canonical.NonconformanceRaised.Defect;
import org.mfgsync.canonical.NonconformanceRaised.Disposition;
import org.mfgsync.canonical.NonconformanceRaised.NonconformanceType;
import org.mfgsync.canonical.NonconformanceRaised.Severity;
import org.mfgsync.canonical.SourceSystem;

/** Maps a QMS nonconformance report (already schema-valid) to the canonical {@code NonconformanceRaised} event. */
@ApplicationScoped
@Named("qmsNonconformanceMapper")
public class NonconformanceMapper {

    static final String SCHEMA_VERSION = "1.0";

    private final Clock clock;
    private final Supplier<UUID> eventIds;
    private final String qmsInstance;

    @Inject
    public NonconformanceMapper(MfgsyncConfig config) {
        this(Clock.systemUTC(), Ids::randomUuid, config.qms().instance());
    }

    NonconformanceMapper(Clock clock, Supplier<UUID> eventIds, String qmsInstance) {
        this.clock = clock;
        this.eventIds = eventIds;
        this.qmsInstance = qmsInstance;
    }

    /** Route step: the schema-valid QMS JSON in the body becomes the canonical event, keyed plant:item:lot. */
    public void toCanonicalMessage(@Body String qmsJson, @Header(EventHeaders.CORRELATION_ID) String correlationId,
            Message message) throws JsonProcessingException {
        QmsNonconformance ncr = CanonicalJson.MAPPER.readValue(qmsJson, QmsNonconformance.class);
        CanonicalMessages.write(message, toEvent(ncr, correlationId), partitionKey(ncr));
    }

    /** Quality events of one plant, item and lot stay in order on one partition (as inspections of that lot). */
    static String partitionKey(QmsNonconformance ncr) {
        return ncr.plant() + ":" + ncr.item() + ":" + ncr.lot();
    }

    public EventEnvelope<NonconformanceRaised> toEvent(QmsNonconformance in, String correlationId) {
        List<Defect> defects = in.defects().stream()
                .map(d -> new Defect(d.codeGroup(), d.code(), d.description(), d.quantity(), null, null, null)).toList();
        var payload = new NonconformanceRaised(in.nonconformance(), NonconformanceType.valueOf(in.nonconformanceType()),
                Severity.valueOf(in.severity()), in.item(), in.supplier(), in.description(), in.quantity(),
                in.unitOfMeasure(), in.detectedAt(), defects,
                in.disposition() == null ? Disposition.PENDING : Disposition.valueOf(in.disposition()), List.of(in.lot()),
                null, in.purchaseOrder(), in.poLine(), null, in.inspectionLot());

        Map<String, String> businessKeys = new LinkedHashMap<>();
        businessKeys.put("nonconformance", in.nonconformance());
        businessKeys.put("item", in.item());
        businessKeys.put("lot", in.lot());
        putIfPresent(businessKeys, "supplier", in.supplier());
        putIfPresent(businessKeys, "purchaseOrder", in.purchaseOrder());
        putIfPresent(businessKeys, "poLine", in.poLine());
        putIfPresent(businessKeys, "inspectionLot", in.inspectionLot());

        return new EventEnvelope<>(eventIds.get(), EventTypes.NONCONFORMANCE_RAISED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), correlationId, null, new SourceSystem("qms", qmsInstance), in.plant(),
                businessKeys, idempotencyKey(in), payload);
    }

    /** An NCR is raised once: the same NCR number sent again is the same fact. */
    static String idempotencyKey(QmsNonconformance in) {
        return "qms:" + in.plant() + ":ncr:" + in.nonconformance();
    }

    private static void putIfPresent(Map<String, String> keys, String name, String value) {
        if (value != null) {
            keys.put(name, value);
        }
    }
}
