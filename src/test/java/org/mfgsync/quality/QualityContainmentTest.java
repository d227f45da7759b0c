package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.partner.WorkflowData;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.StateDatabase;
import org.mfgsync.testing.ValidatedMappings;

/** The containment steps against a real state database and the shipped containment policy. */
class QualityContainmentTest {

    static final Path GOLDEN = Path.of("mappings/qms/tests");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);

    final DefaultCamelContext camel = new DefaultCamelContext();
    LotContainments lots;
    QualityContainment workflow;
    String rejectedInspection;

    @BeforeEach
    void setUp() throws Exception {
        lots = new LotContainments(StateDatabase.create());
        SchemaValidation schemas = new SchemaValidation(Path.of("schemas"));
        workflow = new QualityContainment(new StockContainment(schemas), lots,
                new WorkflowData(ValidatedMappings.loadedFrom(Path.of("mappings"))), schemas, CLOCK);
        rejectedInspection = Files.readString(GOLDEN.resolve("inspection-result-rejected.expected.json"));
    }

    @Test
    void aNewDecisionOpensTheContainmentAndBlocksTheLotInItsErp() throws Exception {
        Exchange exchange = contained(rejectedInspection);

        assertThat(exchange.getProperty(QualityContainment.BLOCK_NEEDED, Boolean.class)).isTrue();
        assertThat(exchange.getProperty(QualityContainment.OWNS_CONTAINMENT, Boolean.class)).isTrue();
        String block = exchange.getMessage().getBody(String.class);
        assertThat(Schemas.violations("inventory-status-changed", block)).isEmpty();
        JsonNode event = CanonicalJson.MAPPER.readTree(block);
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("qms:3000:IL-2026-000123:REJECTED");
        assertThat(event.path("correlationId").asText()).isEqualTo("corr-1");
        assertThat(event.path("payload").path("status").asText()).isEqualTo("BLOCKED");
        assertThat(event.path("payload").path("reason").asText()).isEqualTo("INSPECTION_REJECTED");
        assertThat(event.path("payload").path("quantity").decimalValue()).isEqualByComparingTo("500");
        assertThat(lots.find("3000", "BRK-4711", "L-88231")).get()
                .satisfies(row -> assertThat(row.state()).isEqualTo(LotContainments.State.OPENED));
    }

    @Test
    void aRedeliveredDecisionDoesNotBlockAgainOnceTheErpConfirmedIt() throws Exception {
        workflow.blocked(contained(rejectedInspection));

        Exchange again = contained(rejectedInspection);

        assertThat(again.getProperty(QualityContainment.BLOCK_NEEDED, Boolean.class)).isFalse();
        assertThat(again.getProperty(QualityContainment.OWNS_CONTAINMENT, Boolean.class)).isTrue();
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().state()).isEqualTo(LotContainments.State.BLOCKED);
    }

    @Test
    void aSecondDecisionOnAContainedLotBlocksAgainButLeavesTheScarToTheFirst() throws Exception {
        workflow.blocked(contained(rejectedInspection));

        Exchange second = contained(rejectedInspection.replace("IL-2026-000123", "IL-2026-000124"));
        workflow.scarRequest(second);

        assertThat(second.getProperty(QualityContainment.BLOCK_NEEDED, Boolean.class)).isTrue();
        assertThat(second.getProperty(QualityContainment.OWNS_CONTAINMENT, Boolean.class)).isFalse();
        assertThat(second.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.SKIP);
        assertThat(second.getProperty(QualityContainment.DETAIL, String.class)).contains("contained before by IL-2026-000123");
    }

    @Test
    void theScarIsRequestedOnceAndPublishedLinkedToTheSupplier() throws Exception {
        Exchange exchange = contained(rejectedInspection);
        workflow.blocked(exchange);

        workflow.scarRequest(exchange);
        assertThat(exchange.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.CALL);
        assertThat(exchange.getProperty("idempotencyKey")).isEqualTo("qms:3000:IL-2026-000123:REJECTED:scar");
        JsonNode request = CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        assertThat(request.path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(request.path("priority").asText()).isEqualTo("HIGH");
        assertThat(request.path("nonconformances").get(0).asText()).isEqualTo("IL-2026-000123");
        assertThat(request.path("responseDueDate").asText()).isEqualTo(LocalDate.of(2026, 12, 11).toString());

        exchange.getMessage().setBody("{\"correctiveAction\":\"SCAR-2026-017\",\"status\":\"OPEN\"}");
        workflow.scarOpened(exchange);
        workflow.scarEvent(exchange);
        String event = exchange.getMessage().getBody(String.class);
        assertThat(Schemas.violations("corrective-action-requested", event)).isEmpty();
        JsonNode scar = CanonicalJson.MAPPER.readTree(event);
        assertThat(scar.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(scar.path("businessKeys").path("correctiveAction").asText()).isEqualTo("SCAR-2026-017");
        assertThat(scar.path("idempotencyKey").asText()).isEqualTo("qms:3000:IL-2026-000123:REJECTED:scar");
        assertThat(exchange.getMessage().getHeader("kafka.KEY")).isEqualTo("SCAR-2026-017");
        workflow.scarPublished(exchange);

        Exchange redelivered = contained(rejectedInspection);
        workflow.scarRequest(redelivered);
        assertThat(redelivered.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.SKIP);
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().scarId()).isEqualTo("SCAR-2026-017");
    }

    @Test
    void aScarOpenedButNotYetPublishedIsPublishedWithoutAskingTheQmsAgain() throws Exception {
        Exchange exchange = contained(rejectedInspection);
        workflow.blocked(exchange);
        workflow.scarRequest(exchange);
        exchange.getMessage().setBody("{\"correctiveAction\":\"SCAR-9\"}");
        workflow.scarOpened(exchange);

        Exchange redelivered = contained(rejectedInspection);
        workflow.scarRequest(redelivered);

        assertThat(redelivered.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.PUBLISH);
        assertThat(redelivered.getProperty(QualityContainment.SCAR_ID)).isEqualTo("SCAR-9");
    }

    @Test
    void aQmsAnswerWithoutScarIdIsRefused() throws Exception {
        Exchange exchange = contained(rejectedInspection);
        exchange.getMessage().setBody("{\"status\":\"OPEN\"}");

        assertThatThrownBy(() -> workflow.scarOpened(exchange)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without a correctiveAction id");
    }

    @Test
    void procurementIsAskedForAReplacementOfARejectedLotOnce() throws Exception {
        Exchange exchange = contained(rejectedInspection);
        workflow.blocked(exchange);

        workflow.procurementNotice(exchange);
        assertThat(exchange.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.PUBLISH);
        String event = exchange.getMessage().getBody(String.class);
        assertThat(Schemas.violations("procurement-action-requested", event)).isEmpty();
        assertThat(CanonicalJson.MAPPER.readTree(event).path("payload").path("action").asText()).isEqualTo("REPLACEMENT_SHIPMENT");
        workflow.procurementNotified(exchange);

        Exchange again = contained(rejectedInspection);
        workflow.procurementNotice(again);
        assertThat(again.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.SKIP);
    }

    @Test
    void aMinorSupplierNonconformanceAsksForADebitAndAnInternalOneForNothing() throws Exception {
        String minor = Files.readString(GOLDEN.resolve("nonconformance-supplier-major.expected.json"))
                .replace("\"severity\": \"MAJOR\"", "\"severity\": \"MINOR\"");
        Exchange exchange = contained(minor, true);
        workflow.procurementNotice(exchange);
        assertThat(CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class)).path("payload").path("action")
                .asText()).isEqualTo("SUPPLIER_DEBIT");

        Exchange internal = contained(Files.readString(GOLDEN.resolve("nonconformance-internal-minimal.expected.json")), true);
        workflow.scarRequest(internal);
        assertThat(internal.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.SKIP);
        assertThat(internal.getProperty(QualityContainment.DETAIL, String.class)).isEqualTo("no supplier is known for the lot");
    }

    @Test
    void aReleaseOfALotNeverBlockedIsRefusedWithItsReason() throws Exception {
        Exchange release = release("USE_AS_IS");

        assertThatThrownBy(() -> workflow.release(release))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("lot-not-contained"))
                .hasMessage("lot L-88231 of item BRK-4711 in plant 3000 was never blocked by quality containment, so there "
                        + "is nothing to release (disposition USE_AS_IS)");
    }

    @Test
    void aReleaseBeforeTheErpConfirmedTheBlockIsRefusedAsPendingForTheAutoRetryPlaybook() throws Exception {
        contained(rejectedInspection);

        assertThatThrownBy(() -> workflow.release(release("USE_AS_IS")))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("lot-block-pending"))
                .hasMessageContaining("the ERP has not confirmed it yet");
    }

    @Test
    void useAsIsUnblocksOnceAndASecondReleaseIsANoOp() throws Exception {
        workflow.blocked(contained(rejectedInspection));

        Exchange release = release("USE_AS_IS");
        workflow.release(release);
        assertThat(release.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.CALL);
        String unblock = release.getMessage().getBody(String.class);
        assertThat(Schemas.violations("inventory-status-changed", unblock)).isEmpty();
        JsonNode event = CanonicalJson.MAPPER.readTree(unblock);
        assertThat(event.path("payload").path("status").asText()).isEqualTo("UNRESTRICTED");
        assertThat(event.path("payload").path("reason").asText()).isEqualTo("USE_AS_IS");
        assertThat(event.path("payload").path("quantity").toString()).as("as it came in, not the column's scale").isEqualTo("500");
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("qms:3000:BRK-4711:L-88231:disposition:USE_AS_IS");
        workflow.released(release);

        Exchange second = release("SCRAP");
        workflow.release(second);
        assertThat(second.getProperty(QualityContainment.STEP)).isEqualTo(QualityContainment.SKIP);
        assertThat(second.getProperty(QualityContainment.DETAIL, String.class)).contains("USE_AS_IS (UNRESTRICTED)");
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().state()).isEqualTo(LotContainments.State.RELEASED);
    }

    @Test
    void eachDispositionPostsTheStatusOfThePolicy() throws Exception {
        assertThat(releasedStatus("REWORK")).isEqualTo("QUALITY_INSPECTION");
        assertThat(releasedStatus("RETURN_TO_SUPPLIER")).isEqualTo("BLOCKED");
        assertThat(releasedStatus("SCRAP")).isEqualTo("BLOCKED");
    }

    @Test
    void aReleasedLotRejectedAgainIsContainedAfresh() throws Exception {
        workflow.blocked(contained(rejectedInspection));
        Exchange release = release("USE_AS_IS");
        workflow.release(release);
        workflow.released(release);

        Exchange again = contained(rejectedInspection.replace("IL-2026-000123", "IL-2026-000200"));

        assertThat(again.getProperty(QualityContainment.OWNS_CONTAINMENT, Boolean.class)).isTrue();
        assertThat(again.getProperty(QualityContainment.BLOCK_NEEDED, Boolean.class)).isTrue();
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().state()).isEqualTo(LotContainments.State.OPENED);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String releasedStatus(String disposition) throws Exception {
        String lot = "L-" + disposition;
        workflow.blocked(contained(rejectedInspection.replace("L-88231", lot)));
        Exchange release = exchange(Files.readString(GOLDEN.resolve("lot-disposition-use-as-is.expected.json"))
                .replace("USE_AS_IS", disposition).replace("L-88231", lot), "qms:3000:BRK-4711:" + lot + ":disposition:" + disposition);
        workflow.release(release);
        return CanonicalJson.MAPPER.readTree(release.getMessage().getBody(String.class)).path("payload").path("status").asText();
    }

    private Exchange contained(String event) throws Exception {
        return contained(event, false);
    }

    private Exchange contained(String event, boolean nonconformance) throws Exception {
        Exchange exchange = exchange(event, CanonicalJson.MAPPER.readTree(event).path("idempotencyKey").asText());
        boolean contains = nonconformance ? workflow.fromNonconformance(exchange) : workflow.fromInspection(exchange);
        assertThat(contains).isTrue();
        workflow.claim(exchange);
        return exchange;
    }

    /** A release that names no quantity: the contained quantity is released. */
    private Exchange release(String disposition) throws Exception {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) CanonicalJson.MAPPER.readTree(
                Files.readString(GOLDEN.resolve("lot-disposition-use-as-is.expected.json")).replace("USE_AS_IS", disposition));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("payload")).remove(List.of("quantity", "unitOfMeasure"));
        return exchange(CanonicalJson.MAPPER.writeValueAsString(event), "qms:3000:BRK-4711:L-88231:disposition:" + disposition);
    }

    private Exchange exchange(String body, String idempotencyKey) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(body);
        exchange.setProperty("idempotencyKey", idempotencyKey);
        exchange.setProperty("correlationId", "corr-1");
        return exchange;
    }
}
