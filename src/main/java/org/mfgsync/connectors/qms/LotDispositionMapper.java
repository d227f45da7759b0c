package org.mfgsync.connectors.qms;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
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
import org.mfgsync.canonical.LotDispositionDecided;
import org.mfgsync.canonical.LotDispositionDecided.LotDisposition;
import org.mfgsync.canonical.SourceSystem;

/** Maps a QMS lot release (already schema-valid) to the canonical {@code LotDispositionDecided} event. */
@ApplicationScoped
@Named("qmsLotDispositionMapper")
public class LotDispositionMapper {

    static final String SCHEMA_VERSION = "1.0";

    private final Clock clock;
    private final Supplier<UUID> eventIds;
    private final String qmsInstance;

    @Inject
    public LotDispositionMapper(MfgsyncConfig config) {
        this(Clock.systemUTC(), Ids::randomUuid, config.qms().instance());
    }

    LotDispositionMapper(Clock clock, Supplier<UUID> eventIds, String qmsInstance) {
        this.clock = clock;
        this.eventIds = eventIds;
        this.qmsInstance = qmsInstance;
    }

    /** Route step: the schema-valid QMS JSON in the body becomes the canonical event, keyed plant:item:lot. */
    public void toCanonicalMessage(@Body String qmsJson, @Header(EventHeaders.CORRELATION_ID) String correlationId,
            Message message) throws JsonProcessingException {
        QmsLotDisposition release = CanonicalJson.MAPPER.readValue(qmsJson, QmsLotDisposition.class);
        CanonicalMessages.write(message, toEvent(release, correlationId),
                release.plant() + ":" + release.item() + ":" + release.lot());
    }

    public EventEnvelope<LotDispositionDecided> toEvent(QmsLotDisposition in, String correlationId) {
        var payload = new LotDispositionDecided(in.item(), in.lot(), LotDisposition.valueOf(in.disposition()), in.decidedAt(),
                in.quantity(), in.unitOfMeasure(), in.supplier(), in.nonconformance(), in.inspectionLot(),
                in.correctiveAction(), in.decidedBy(), in.comment());

        Map<String, String> businessKeys = new LinkedHashMap<>();
        businessKeys.put("item", in.item());
        businessKeys.put("lot", in.lot());
        putIfPresent(businessKeys, "supplier", in.supplier());
        putIfPresent(businessKeys, "nonconformance", in.nonconformance());
        putIfPresent(businessKeys, "inspectionLot", in.inspectionLot());
        putIfPresent(businessKeys, "correctiveAction", in.correctiveAction());

        return new EventEnvelope<>(eventIds.get(), EventTypes.LOT_DISPOSITION_DECIDED, SCHEMA_VERSION,
                OffsetDateTime.now(clock), correlationId, null, new SourceSystem("qms", qmsInstance), in.plant(),
                businessKeys, idempotencyKey(in), payload);
    }

    /** One disposition of one lot is one fact: the same release sent again is recognised; another disposition is new. */
    static String idempotencyKey(QmsLotDisposition in) {
        return "qms:" + in.plant() + ":" + in.item() + ":" + in.lot() + ":disposition:" + in.disposition();
    }

    private static void putIfPresent(Map<String, String> keys, String name, String value) {
        if (value != null) {
            keys.put(name, value);
        }
    }
}
