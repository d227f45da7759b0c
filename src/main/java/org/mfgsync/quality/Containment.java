package org.mfgsync.quality;

import java.math.BigDecimal;

import org.mfgsync.canonical.NonconformanceRaised.Disposition;
import org.mfgsync.canonical.NonconformanceRaised.Severity;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a quality decision contains: one lot of one item in one plant, and what is known about why.
 *
 * @param reason              why, as a code: {@value StockContainment#REASON_INSPECTION_REJECTED} or
 *                            {@value StockContainment#REASON_NONCONFORMANCE}
 * @param reference           the document that contained the lot: the inspection lot or the NCR
 * @param severity            the NCR's severity; null for a rejected inspection
 * @param disposition         the NCR's disposition when raised (usually PENDING); null for a rejected inspection
 * @param supplierAccountable whether the supplier is answerable (a SCAR is opened and procurement told)
 */
@RegisterForReflection
public record Containment(
        String plant,
        String item,
        String lot,
        BigDecimal quantity,
        String unitOfMeasure,
        String supplier,
        String reason,
        String reference,
        Severity severity,
        Disposition disposition,
        String nonconformance,
        String inspectionLot,
        String purchaseOrder,
        String poLine,
        boolean supplierAccountable,
        String problemDescription) {

    /** Quality events of one lot stay in order on one partition. */
    public String lotKey() {
        return plant + ":" + item + ":" + lot;
    }
}
