package org.mfgsync.quality;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.EventEnvelope;
import org.mfgsync.canonical.InspectionCompleted;
import org.mfgsync.canonical.InspectionCompleted.InspectionResult;
import org.mfgsync.canonical.NonconformanceRaised;
import org.mfgsync.canonical.NonconformanceRaised.NonconformanceType;
import org.mfgsync.canonical.SchemaValidation;

/** Quality containment: decides which stock a quality decision (rejected inspection, new NCR) contains. */
@ApplicationScoped
@Named("stockContainment")
public class StockContainment {

    static final String REASON_INSPECTION_REJECTED = "INSPECTION_REJECTED";
    static final String REASON_NONCONFORMANCE = "NONCONFORMANCE";

    private static final TypeReference<EventEnvelope<InspectionCompleted>> INSPECTION_EVENT = new TypeReference<>() {
    };
    private static final TypeReference<EventEnvelope<NonconformanceRaised>> NONCONFORMANCE_EVENT = new TypeReference<>() {
    };

    private final SchemaValidation schemas;

    @Inject
    public StockContainment(SchemaValidation schemas) {
        this.schemas = schemas;
    }

    /**
     * The {@code InspectionCompleted} event JSON in, what it contains out, or null when nothing is to be contained. An
     * event that breaks its schema is refused with every violation, before anything is blocked.
     */
    public Containment forInspection(String inspectionEventJson) throws IOException {
        return forInspection(schemas.readValid("inspection-completed", inspectionEventJson, INSPECTION_EVENT));
    }

    /** A rejected lot is blocked whole: what was not sampled is presumed to carry the same defect. */
    public Containment forInspection(EventEnvelope<InspectionCompleted> event) {
        InspectionCompleted inspection = event.payload();
        if (inspection.result() != InspectionResult.REJECTED) {
            return null;
        }
        String defects = inspection.defectCodes().isEmpty() ? "" : " (defects " + String.join(", ", inspection.defectCodes()) + ")";
        return new Containment(event.plant(), inspection.item(), inspection.lot(), inspection.lotQuantity(),
                inspection.unitOfMeasure(), inspection.supplier(), REASON_INSPECTION_REJECTED, inspection.inspectionLot(),
                null, null, null, inspection.inspectionLot(), inspection.purchaseOrder(), inspection.poLine(),
                inspection.supplier() != null,
                "Incoming inspection " + inspection.inspectionLot() + " rejected lot " + inspection.lot() + " of item "
                        + inspection.item() + defects + ".");
    }

    /** The {@code NonconformanceRaised} event JSON in, the lot it contains out (its nonconforming quantity is blocked). */
    public Containment forNonconformance(String nonconformanceEventJson) throws IOException {
        return forNonconformance(schemas.readValid("nonconformance-raised", nonconformanceEventJson, NONCONFORMANCE_EVENT));
    }

    public Containment forNonconformance(EventEnvelope<NonconformanceRaised> event) {
        NonconformanceRaised ncr = event.payload();
        List<String> lots = ncr.affectedLots() == null ? List.of() : ncr.affectedLots();
        if (lots.size() != 1) {
            // the NCR's quantity cannot be split over several lots without guessing; one NCR per lot is the QMS contract
            throw new BusinessRuleException("nonconformance-lot-unclear", "nonconformance " + ncr.nonconformance()
                    + " names " + lots.size() + " affected lots; containment blocks exactly one lot per nonconformance");
        }
        String defects = ncr.defects().stream().map(d -> d.codeGroup() + "/" + d.code()).collect(Collectors.joining(", "));
        String description = ncr.description() != null ? ncr.description() + " " : "";
        return new Containment(event.plant(), ncr.item(), lots.get(0), ncr.quantity(), ncr.unitOfMeasure(), ncr.supplier(),
                REASON_NONCONFORMANCE, ncr.nonconformance(), ncr.severity(), ncr.disposition(), ncr.nonconformance(),
                ncr.inspectionLot(), ncr.purchaseOrder(), ncr.poLine(),
                ncr.nonconformanceType() == NonconformanceType.SUPPLIER && ncr.supplier() != null,
                description + "Nonconformance " + ncr.nonconformance() + " (" + ncr.severity() + ") on lot " + lots.get(0)
                        + " of item " + ncr.item() + ", defects " + defects + ".");
    }
}
