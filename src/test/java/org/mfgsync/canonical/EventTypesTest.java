package org.mfgsync.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTypesTest {

    @ParameterizedTest
    @CsvSource({
            "InspectionCompleted, mfgsync.inspection-completed.v1",
            "SupplierCommitChanged, mfgsync.supplier-commit-changed.v1",
            "PurchaseOrderChanged, mfgsync.purchase-order-changed.v1",
            "ProcurementActionRequested, mfgsync.procurement-action-requested.v1",
            "LotDispositionDecided, mfgsync.lot-disposition-decided.v1",
            "PlanningRecalculationRequested, mfgsync.planning-recalculation-requested.v1",
            "EscalationRaised, mfgsync.escalation-raised.v1",
            "SlaBreached, mfgsync.sla-breached.v1" })
    void shouldNameTopicsAfterTheKebabCasedEventTypeAndMajorVersion(String eventType, String topic) {
        assertThat(EventTypes.topicOf(eventType, 1)).isEqualTo(topic);
    }
}
