package org.mfgsync.quality;

import java.io.IOException;

import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Body;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.InspectionCompleted;
import org.mfgsync.canonical.InspectionCompleted.InspectionResult;
import org.mfgsync.canonical.InventoryStatusChanged;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.SchemaValidation;

/** Quality containment: decides which stock a completed inspection must block in the owning ERP. */
@ApplicationScoped
@Named("stockContainment")
public class StockContainment {

    static final String REASON_INSPECTION_REJECTED = "INSPECTION_REJECTED";

    private static final TypeReference<EventEnvelope<InspectionCompleted>> INSPECTION_EVENT = new TypeReference<>() {
    };

    private final SchemaValidation schemas;

    @Inject
    public StockContainment(SchemaValidation schemas) {
        this.schemas = schemas;
    }

    /**
     * Route step: the {@code InspectionCompleted} event JSON in, the stock block to post out, or null when nothing is to
     * be blocked. An event that breaks its schema is refused with every violation, before anything is blocked.
     */
    public InventoryStatusChanged blockFor(@Body String inspectionEventJson) throws IOException {
        schemas.requireValid("inspection-completed", inspectionEventJson);
        return blockFor(CanonicalJson.MAPPER.readValue(inspectionEventJson, INSPECTION_EVENT));
    }

    /** A rejected lot is blocked whole: what was not sampled is presumed to carry the same defect. */
    public InventoryStatusChanged blockFor(EventEnvelope<InspectionCompleted> event) {
        InspectionCompleted inspection = event.payload();
        if (inspection.result() != InspectionResult.REJECTED) {
            return null;
        }
        return new InventoryStatusChanged(event.plant(), inspection.item(), inspection.lot(), inspection.lotQuantity(),
                inspection.unitOfMeasure(), StockStatus.BLOCKED, REASON_INSPECTION_REJECTED, inspection.inspectionLot());
    }
}
