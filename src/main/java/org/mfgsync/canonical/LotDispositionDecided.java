package org.mfgsync.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Payload of the canonical {@code LotDispositionDecided} event (schemas/json/v1/lot-disposition-decided.schema.json):
 * the QMS released a contained lot with its disposition.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LotDispositionDecided(
        String item,
        String lot,
        LotDisposition disposition,
        OffsetDateTime decidedAt,
        BigDecimal quantity,
        String unitOfMeasure,
        String supplier,
        String nonconformance,
        String inspectionLot,
        String correctiveAction,
        String decidedBy,
        String comment) {

    /** What happens to the lot: used as it is, reworked, sent back to the supplier, or scrapped. */
    public enum LotDisposition {
        USE_AS_IS, REWORK, RETURN_TO_SUPPLIER, SCRAP
    }
}
