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

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.backbone.CanonicalMessages.Outgoing;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.canonical.SchemaValidation;
import org.mfgsync.partner.WorkflowData;
import org.mfgsync.quality.ContainmentDecision.Action;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.StateDatabase;
import org.mfgsync.testing.ValidatedMappings;

/** The containment steps against a real state database and the shipped containment policy, without Camel. */
class QualityContainmentTest {

    static final Path GOLDEN = Path.of("mappings/qms/tests");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T08:00:00Z"), ZoneOffset.UTC);

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
        ContainmentCase c = contained(rejectedInspection);

        assertThat(workflow.block(c)).isEqualTo(Action.CALL);
        assertThat(c.blockNeeded()).isTrue();
        assertThat(c.owner()).isTrue();
        assertThat(workflow.blockKey(c)).isEqualTo("qms:3000:IL-2026-000123:REJECTED");
        String block = workflow.blockEvent(c);
        assertThat(Schemas.violations("inventory-status-changed", block)).isEmpty();
        JsonNode event = CanonicalJson.MAPPER.readTree(block);
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("qms:3000:IL-2026-000123:REJECTED");
        assertThat(event.path("correlationId").asText()).isEqualTo("corr-1");
        assertThat(event.path("payload").path("status").asText()).isEqualTo("BLOCKED");
        assertThat(event.path("payload").path("reason").asText()).isEqualTo("INSPECTION_REJECTED");
        assertThat(event.path("payload").path("quantity").decimalValue()).isEqualByComparingTo("500");
        assertThat(lots.find("3000", "BRK-4711", "L-88231")).get()
                .satisfies(row -> assertThat(row.state()).isEqualTo(LotContainments.State.OPENED));
        assertThat(c.lot()).as("the claim's row is the one stored").isEqualTo(lots.find("3000", "BRK-4711", "L-88231").orElseThrow());
    }

    @Test
    void aRedeliveredDecisionDoesNotBlockAgainOnceTheErpConfirmedIt() throws Exception {
        workflow.blocked(contained(rejectedInspection)).run();

        ContainmentCase again = contained(rejectedInspection);

        assertThat(again.blockNeeded()).isFalse();
        assertThat(workflow.block(again)).isEqualTo(Action.SKIP);
        assertThat(again.owner()).isTrue();
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().state()).isEqualTo(LotContainments.State.BLOCKED);
    }

    @Test
    void aSecondDecisionOnAContainedLotBlocksAgainButLeavesTheScarToTheFirst() throws Exception {
        workflow.blocked(contained(rejectedInspection)).run();

        ContainmentCase second = contained(rejectedInspection.replace("IL-2026-000123", "IL-2026-000124"));

        assertThat(second.blockNeeded()).isTrue();
        assertThat(second.owner()).isFalse();
        assertThat(workflow.scar(second)).isEqualTo(Action.SKIP);
        assertThat(workflow.scarSkipped(second)).contains("contained before by IL-2026-000123");
    }

    @Test
    void theScarIsRequestedOnceAndPublishedLinkedToTheSupplier() throws Exception {
        ContainmentCase c = contained(rejectedInspection);
        workflow.blocked(c).run();

        assertThat(workflow.scar(c)).isEqualTo(Action.CALL);
        assertThat(workflow.scarKey(c)).isEqualTo("qms:3000:IL-2026-000123:REJECTED:scar");
        JsonNode request = CanonicalJson.MAPPER.readTree(workflow.scarRequest(c));
        assertThat(request.path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(request.path("priority").asText()).isEqualTo("HIGH");
        assertThat(request.path("nonconformances").get(0).asText()).isEqualTo("IL-2026-000123");
        assertThat(request.path("responseDueDate").asText()).isEqualTo(LocalDate.of(2026, 12, 11).toString());

        ContainmentCase opened = workflow.scarOpened(workflow.scarContext(c),
                "{\"correctiveAction\":\"SCAR-2026-017\",\"status\":\"OPEN\"}", "corr-1", null);
        assertThat(opened.owner()).as("the decision that asked owns the containment").isTrue();
        Outgoing event = workflow.scarEvent(opened);
        assertThat(Schemas.violations("corrective-action-requested", event.json())).isEmpty();
        JsonNode scar = CanonicalJson.MAPPER.readTree(event.json());
        assertThat(scar.path("businessKeys").path("supplier").asText()).isEqualTo("SUP-100");
        assertThat(scar.path("businessKeys").path("correctiveAction").asText()).isEqualTo("SCAR-2026-017");
        assertThat(scar.path("idempotencyKey").asText()).isEqualTo("qms:3000:IL-2026-000123:REJECTED:scar");
        assertThat(event.partitionKey()).isEqualTo("SCAR-2026-017");
        assertThat(workflow.scarDetail(opened)).as("what the trace shows").isEqualTo("SCAR-2026-017");
        assertThat(workflow.scar(contained(rejectedInspection))).as("not recorded published before the hand-over is acknowledged")
                .isEqualTo(Action.PUBLISH);
        LotContainments.Row stored = lots.find("3000", "BRK-4711", "L-88231").orElseThrow();
        assertThat(opened.lot()).as("the continuation decides from the row as stored, without reading it back")
                .extracting(LotContainments.Row::openedByKey, LotContainments.Row::scarId, LotContainments.Row::scarPublished,
                        LotContainments.Row::procurementNotified)
                .containsExactly(stored.openedByKey(), stored.scarId(), stored.scarPublished(), stored.procurementNotified());
        workflow.published(opened).run();

        ContainmentCase redelivered = contained(rejectedInspection);
        assertThat(workflow.scar(redelivered)).isEqualTo(Action.SKIP);
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().scarId()).isEqualTo("SCAR-2026-017");
    }

    @Test
    void aScarOpenedButNotYetPublishedIsPublishedWithoutAskingTheQmsAgain() throws Exception {
        ContainmentCase c = contained(rejectedInspection);
        workflow.blocked(c).run();
        workflow.scarOpened(workflow.scarContext(c), "{\"correctiveAction\":\"SCAR-9\"}", "corr-1", null);

        ContainmentCase redelivered = contained(rejectedInspection);

        assertThat(workflow.scar(redelivered)).isEqualTo(Action.PUBLISH);
        assertThat(redelivered.lot().scarId()).isEqualTo("SCAR-9");
        assertThat(CanonicalJson.MAPPER.readTree(workflow.scarEvent(redelivered).json()).path("payload")
                .path("correctiveAction").asText()).isEqualTo("SCAR-9");
    }

    @Test
    void aScarContextOfAnEarlierReleaseHoldsTheContainmentOnlyAndTheRowIsReadBack() throws Exception {
        ContainmentCase c = contained(rejectedInspection);
        workflow.blocked(c).run();
        String containmentOnly = CanonicalJson.MAPPER.writeValueAsString(c.containment());

        ContainmentCase opened = workflow.scarOpened(containmentOnly, "{\"correctiveAction\":\"SCAR-7\"}", "corr-1", null);

        assertThat(opened.lot().scarId()).isEqualTo("SCAR-7");
        assertThat(opened.lot().lastBlockKey()).as("read back: the block recorded after the claim").isEqualTo(c.key());
        assertThat(workflow.scar(opened)).isEqualTo(Action.PUBLISH);
    }

    @Test
    void aQmsAnswerWithoutScarIdIsRefused() throws Exception {
        ContainmentCase c = contained(rejectedInspection);

        assertThatThrownBy(() -> workflow.scarOpened(workflow.scarContext(c), "{\"status\":\"OPEN\"}", "corr-1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a correctiveAction id");
    }

    @Test
    void procurementIsAskedForAReplacementOfARejectedLotOnce() throws Exception {
        ContainmentCase c = contained(rejectedInspection);
        workflow.blocked(c).run();

        assertThat(workflow.procurement(c)).isEqualTo(Action.PUBLISH);
        String event = workflow.procurementEvent(c).json();
        assertThat(Schemas.violations("procurement-action-requested", event)).isEmpty();
        assertThat(CanonicalJson.MAPPER.readTree(event).path("payload").path("action").asText()).isEqualTo("REPLACEMENT_SHIPMENT");
        assertThat(workflow.procurementDetail(c)).as("what the trace shows").isEqualTo("REPLACEMENT_SHIPMENT");
        assertThat(workflow.procurement(contained(rejectedInspection))).as("not recorded told before the hand-over is acknowledged")
                .isEqualTo(Action.PUBLISH);
        workflow.published(c).run();
        assertThat(workflow.scar(contained(rejectedInspection))).as("the SCAR was asked of the QMS, not published: still to ask")
                .isEqualTo(Action.CALL);

        ContainmentCase again = contained(rejectedInspection);
        assertThat(workflow.procurement(again)).isEqualTo(Action.SKIP);
        assertThat(workflow.procurementSkipped(again)).isEqualTo("procurement was told before");
    }

    @Test
    void aMinorSupplierNonconformanceAsksForADebitAndAnInternalOneForNothing() throws Exception {
        String minor = Files.readString(GOLDEN.resolve("nonconformance-supplier-major.expected.json"))
                .replace("\"severity\": \"MAJOR\"", "\"severity\": \"MINOR\"");
        ContainmentCase c = contained(minor, true);
        assertThat(CanonicalJson.MAPPER.readTree(workflow.procurementEvent(c).json()).path("payload").path("action")
                .asText()).isEqualTo("SUPPLIER_DEBIT");

        ContainmentCase internal = contained(Files.readString(GOLDEN.resolve("nonconformance-internal-minimal.expected.json")), true);
        assertThat(workflow.scar(internal)).isEqualTo(Action.SKIP);
        assertThat(workflow.scarSkipped(internal)).isEqualTo("no supplier is known for the lot");
    }

    @Test
    void aReleaseOfALotNeverBlockedIsRefusedWithItsReason() throws Exception {
        assertThatThrownBy(() -> release("USE_AS_IS"))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("lot-not-contained"))
                .hasMessage("lot L-88231 of item BRK-4711 in plant 3000 was never blocked by quality containment, so there "
                        + "is nothing to release (disposition USE_AS_IS)");
    }

    @Test
    void aReleaseBeforeTheErpConfirmedTheBlockIsRefusedAsPendingForTheAutoRetryPlaybook() throws Exception {
        contained(rejectedInspection);

        assertThatThrownBy(() -> release("USE_AS_IS"))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("lot-block-pending"))
                .hasMessageContaining("the ERP has not confirmed it yet");
    }

    @Test
    void useAsIsUnblocksOnceAndASecondReleaseIsANoOp() throws Exception {
        workflow.blocked(contained(rejectedInspection)).run();

        LotRelease release = release("USE_AS_IS");
        assertThat(workflow.releaseStep(release)).isEqualTo(Action.CALL);
        assertThat(workflow.releasePlant(release)).isEqualTo("3000");
        String unblock = workflow.releaseEvent(release);
        assertThat(Schemas.violations("inventory-status-changed", unblock)).isEmpty();
        JsonNode event = CanonicalJson.MAPPER.readTree(unblock);
        assertThat(event.path("payload").path("status").asText()).isEqualTo("UNRESTRICTED");
        assertThat(event.path("payload").path("reason").asText()).isEqualTo("USE_AS_IS");
        assertThat(event.path("payload").path("quantity").toString()).as("as it came in, not the column's scale").isEqualTo("500");
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("qms:3000:BRK-4711:L-88231:disposition:USE_AS_IS");
        workflow.released(release).run();

        LotRelease second = release("SCRAP");
        assertThat(workflow.releaseStep(second)).isEqualTo(Action.SKIP);
        assertThat(workflow.releaseSkipped(second)).contains("USE_AS_IS (UNRESTRICTED)");
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
        workflow.blocked(contained(rejectedInspection)).run();
        LotRelease release = release("USE_AS_IS");
        workflow.released(release).run();

        ContainmentCase again = contained(rejectedInspection.replace("IL-2026-000123", "IL-2026-000200"));

        assertThat(again.owner()).isTrue();
        assertThat(again.blockNeeded()).isTrue();
        assertThat(lots.find("3000", "BRK-4711", "L-88231").orElseThrow().state()).isEqualTo(LotContainments.State.OPENED);
        assertThat(again.lot()).as("the claim's row is the one stored").isEqualTo(lots.find("3000", "BRK-4711", "L-88231").orElseThrow());
    }

    @Test
    void anAcceptedInspectionContainsNothing() throws Exception {
        String accepted = Files.readString(GOLDEN.resolve("inspection-result-accepted-minimal.expected.json"));

        assertThat(workflow.fromInspection(accepted, "qms:accepted", "corr-1", null)).isNull();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String releasedStatus(String disposition) throws Exception {
        String lot = "L-" + disposition;
        workflow.blocked(contained(rejectedInspection.replace("L-88231", lot))).run();
        LotRelease release = workflow.release(Files.readString(GOLDEN.resolve("lot-disposition-use-as-is.expected.json"))
                .replace("USE_AS_IS", disposition).replace("L-88231", lot), "corr-1", null);
        return CanonicalJson.MAPPER.readTree(workflow.releaseEvent(release)).path("payload").path("status").asText();
    }

    private ContainmentCase contained(String event) throws Exception {
        return contained(event, false);
    }

    /** What the claim of the event's decision returns (the event's idempotency key is the decision's). */
    private ContainmentCase contained(String event, boolean nonconformance) throws Exception {
        String key = CanonicalJson.MAPPER.readTree(event).path("idempotencyKey").asText();
        ContainmentCase decided = nonconformance ? workflow.fromNonconformance(event, key, "corr-1", null)
                : workflow.fromInspection(event, key, "corr-1", null);
        assertThat(decided).isNotNull();
        return workflow.claim(decided);
    }

    /** A release that names no quantity: the contained quantity is released. */
    private LotRelease release(String disposition) throws Exception {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) CanonicalJson.MAPPER.readTree(
                Files.readString(GOLDEN.resolve("lot-disposition-use-as-is.expected.json")).replace("USE_AS_IS", disposition));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.path("payload")).remove(List.of("quantity", "unitOfMeasure"));
        return workflow.release(CanonicalJson.MAPPER.writeValueAsString(event), "corr-1", null);
    }
}
