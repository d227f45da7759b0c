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
import org.mfgsync.canonical.InspectionCompleted;
import org.mfgsync.canonical.InspectionCompleted.InspectionResult;
import org.mfgsync.canonical.SourceSystem;

/** Maps a QMS inspection result (already schema-valid) to the canonical {@code InspectionCompleted} event. */
@ApplicationScoped
@Named("qmsInspectionResultMapper")
public class InspectionResultMapper {

    static final String SCHEMA_VERSION = "1.0";

    private final Clock clock;
    private final Supplier<UUID> eventIds;
    private final String qmsInstance;

    @Inject
    public InspectionResultMapper(MfgsyncConfig config) {
        this(Clock.systemUTC(), Ids::randomUuid, config.qms().instance());
    }

    InspectionResultMapper(Clock clock, Supplier<UUID> eventIds, String qmsInstance) {
        this.clock = clock;
        this.eventIds = eventIds;
        this.qmsInstance = qmsInstance;
    }

    /** Route step: the schema-valid QMS JSON in the body becomes the canonical event, keyed plant:item:lot. */
    public void toCanonicalMessage(@Body String qmsJson, @Header(EventHeaders.CORRELATION_ID) String correlationId,
            Message message) throws JsonProcessingException {
        QmsInspectionResult result = CanonicalJson.MAPPER.readValue(qmsJson, QmsInspectionResult.class);
        EventEnvelope<InspectionCompleted> event = toEvent(result, correlationId);
        CanonicalMessages.write(message, event, partitionKey(event));
    }

    /** Quality events of one plant, item and lot stay in order on one partition. */
    static String partitionKey(EventEnvelope<InspectionCompleted> event) {
        return event.plant() + ":" + event.payload().item() + ":" + event.payload().lot();
    }

    public EventEnvelope<InspectionCompleted> toEvent(QmsInspectionResult in, String correlationId) {
        var payload = new InspectionCompleted(in.inspectionLot(), in.item(), in.lot(), in.supplier(), in.purchaseOrder(),
                in.poLine(), InspectionResult.valueOf(in.result()), in.lotQuantity(), in.sampledQuantity(),
                in.acceptedQuantity(), in.rejectedQuantity(), in.unitOfMeasure(),
                in.defectCodes() == null ? List.of() : List.copyOf(in.defectCodes()), in.inspectedAt());

        Map<String, String> businessKeys = new LinkedHashMap<>();
        businessKeys.put("inspectionLot", in.inspectionLot());
        businessKeys.put("item", in.item());
        businessKeys.put("lot", in.lot());
        putIfPresent(businessKeys, "supplier", in.supplier());
        putIfPresent(businessKeys, "purchaseOrder", in.purchaseOrder());
        putIfPresent(businessKeys, "poLine", in.poLine());

        return new EventEnvelope<>(eventIds.get(), EventTypes.INSPECTION_COMPLETED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), correlationId, null, new SourceSystem("qms", qmsInstance), in.plant(),
                businessKeys, idempotencyKey(in), payload);
    }

    /** One usage decision of one inspection lot is one business fact; a changed decision is a new fact. */
    static String idempotencyKey(QmsInspectionResult in) {
        return "qms:" + in.plant() + ":" + in.inspectionLot() + ":" + in.result();
    }

    private static void putIfPresent(Map<String, String> keys, String name, String value) {
        if (value != null) {
            keys.put(name, value);
        }
    }
}
