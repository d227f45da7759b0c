package org.mfgsync.connectors.qms;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The QMS's release of a contained lot as posted to the API (schemas/json/v1/qms-lot-disposition.schema.json). */
@RegisterForReflection
public record QmsLotDisposition(
        String plant,
        String item,
        String lot,
        String disposition,
        OffsetDateTime decidedAt,
        BigDecimal quantity,
        String unitOfMeasure,
        String supplier,
        String nonconformance,
        String inspectionLot,
        String correctiveAction,
        String decidedBy,
        String comment) {
}
