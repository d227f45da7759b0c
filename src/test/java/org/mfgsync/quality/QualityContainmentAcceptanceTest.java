package org.mfgsync.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.inject.Inject;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpLegacyBDatabase;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance scenario "Quality containment" (issue #6): a failed incoming inspection for a lot in plant 2000 blocks the
 * stock in erp-legacy-b (a row in its stock status staging table), creates a SCAR in the QMS and notifies procurement;
 * the QMS's release later unblocks it. The ERP sees exactly one block and one unblock although the QMS sent each
 * webhook twice. Real Kafka broker, erp-legacy-b's own database (H2 over TCP), WireMock QMS and cloud ERP.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
@DisplayName("Quality containment")
class QualityContainmentAcceptanceTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource stateDatabase;

    DataSource erpLegacyB = new ErpLegacyBDatabase().dataSource();

    @Test
    @DisplayName("a failed incoming inspection in plant 2000 blocks the lot in erp-legacy-b, opens a SCAR, notifies "
            + "procurement, and the release unblocks it: one block and one unblock though every webhook came twice")
    void failedIncomingInspectionInPlant2000IsContainedAndReleasedOnceInErpLegacyB() throws Exception {
        String lot = QualityContainmentFlowTest.uniqueLot();
        String correlationId = "corr-acceptance-" + lot;

        QualityContainmentFlowTest.postTwice("/api/v1/qms/inspection-results",
                QualityContainmentFlowTest.inspection("2000", "IL-" + lot, lot), correlationId);

        Map<String, Object> block = await().atMost(Duration.ofSeconds(60)).until(() -> stockRows(lot), r -> r.size() == 1).get(0);
        assertThat(block).containsEntry("IDEMK", "qms:2000:IL-" + lot + ":REJECTED").containsEntry("WERKS", "2000")
                .containsEntry("MATNR", "BRK-4711").containsEntry("CHARG", lot).containsEntry("MENGE", "500.000")
                .containsEntry("MEINS", "ST").containsEntry("BESTQ", "S").containsEntry("GRUND", "INSPECTION_REJECTED")
                .containsEntry("XBLNR", "IL-" + lot).containsEntry("ZCORR", correlationId);

        JsonNode scar = JSON.readTree(QualityContainmentFlowTest.awaitOne(QualityContainmentFlowTest.SCAR_TOPIC, lot).value());
        assertThat(scar.path("plant").asText()).isEqualTo("2000");
        assertThat(scar.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(scar.path("payload").path("correctiveAction").asText()).isEqualTo("SCAR-" + lot);
        var notice = QualityContainmentFlowTest.awaitOne(QualityContainmentFlowTest.PROCUREMENT_TOPIC, lot);
        assertThat(Schemas.violations("procurement-action-requested", notice.value())).isEmpty();
        assertThat(JSON.readTree(notice.value()).path("payload").path("action").asText()).isEqualTo("REPLACEMENT_SHIPMENT");

        QualityContainmentFlowTest.postTwice("/api/v1/qms/lot-dispositions",
                QualityContainmentFlowTest.disposition("2000", lot, "USE_AS_IS"), correlationId + "-release");

        List<Map<String, Object>> rows = await().atMost(Duration.ofSeconds(60)).until(() -> stockRows(lot), r -> r.size() == 2);
        assertThat(rows.get(1)).containsEntry("BESTQ", "F").containsEntry("GRUND", "USE_AS_IS").containsEntry("MENGE", "500.000")
                .containsEntry("IDEMK", "qms:2000:BRK-4711:" + lot + ":disposition:USE_AS_IS")
                .containsEntry("ZCORR", correlationId + "-release");
        await().atMost(Duration.ofSeconds(30)).until(() -> steps(stateDatabase, lot).contains("erp-released DONE erp-legacy-b"));

        assertThat(stockRows(lot)).extracting(r -> r.get("BESTQ")).containsExactly("S", "F");
        assertThat(QmsSimulator.server().findAll(postRequestedFor(urlMatching(QmsSimulator.CORRECTIVE_ACTIONS))
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true)))).hasSize(1);
        assertThat(ErpSimulator.server().findAll(postRequestedFor(urlMatching(".*"))
                .withRequestBody(equalToJson("{\"lot\":\"" + lot + "\"}", true, true)))).as("the cloud ERP is not plant 2000's").isEmpty();
        // the ERP steps are recorded by the ERP's delivery route, in their own time
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(steps(stateDatabase, lot)).containsExactlyInAnyOrder("erp-blocked DONE erp-legacy-b", "scar-opened DONE qms-cloud",
                "procurement-notified DONE notification", "erp-released DONE erp-legacy-b"));
    }

    List<Map<String, Object>> stockRows(String lot) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = erpLegacyB.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT IDEMK, WERKS, MATNR, CHARG, MENGE, MEINS, BESTQ, GRUND, "
                        + "XBLNR, ZCORR FROM ZMFG_STOCK_IN WHERE CHARG = ? ORDER BY ERZTS, IDEMK")) {
            select.setString(1, lot);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i), value instanceof String s ? s.stripTrailing() : value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The lot's quality containment trace, "step OUTCOME target" in the order recorded. */
    static List<String> steps(DataSource stateDatabase, String lot) throws Exception {
        List<String> steps = new ArrayList<>();
        try (Connection c = stateDatabase.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT step, outcome, target FROM workflow_step "
                        + "WHERE workflow = 'quality-containment' AND lot = ? ORDER BY id")) {
            select.setString(1, lot);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return steps;
    }
}
