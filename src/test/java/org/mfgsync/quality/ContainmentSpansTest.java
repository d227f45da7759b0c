package org.mfgsync.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.mfgsync.testing.SignedWebhooks.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.quality.InspectionToStockBlockTest.BLOCKS;
import static org.mfgsync.quality.InspectionToStockBlockTest.idempotencyKey;
import static org.mfgsync.quality.InspectionToStockBlockTest.inspection;
import static org.mfgsync.quality.InspectionToStockBlockTest.uniqueLot;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.TraceParent;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.OtlpCollector;
import org.mfgsync.testing.OtlpCollector.ReceivedSpan;
import org.mfgsync.testing.TestStack;

import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Tracing export end to end: the test stack's application exports its spans to a real OTLP/HTTP receiver
 * ({@link OtlpCollector}). A rejected inspection that becomes an ERP block is exported as spans in the trace its calls'
 * {@code traceparent} names, with the flow's business keys, and the ERP call's parent span is the exported erp-blocked
 * step: a partner's trace of the call joins ours.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ContainmentSpansTest {

    final WireMockServer erp = ErpSimulator.server();

    @Test
    void shouldExportTheContainmentsHopsAndStepsInTheTraceItsErpCallNames() {
        erp.stubFor(post(urlEqualTo(BLOCKS)).atPriority(10).willReturn(aResponse().withStatus(201)));
        String lot = uniqueLot();
        String correlationId = "corr-spans-" + lot;

        signed().contentType(ContentType.JSON).header("X-Correlation-Id", correlationId)
                .body(inspection("IL-" + lot, lot, "REJECTED"))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        List<LoggedRequest> calls = await().atMost(Duration.ofSeconds(20)).until(() -> erp.findAll(postRequestedFor(urlEqualTo(BLOCKS))
                .withHeader("Idempotency-Key", WireMock.equalTo(idempotencyKey("IL-" + lot, "REJECTED")))), c -> !c.isEmpty());
        String traceparent = calls.get(0).getHeader(TraceParent.HEADER);
        String traceId = TraceParent.traceIdOf(traceparent);
        assertThat(traceId).isEqualTo(TraceParent.traceId(correlationId));

        Map<String, ReceivedSpan> spans = await().atMost(Duration.ofSeconds(20)).until(() -> byName(OtlpCollector.spansOfTrace(traceId)),
                s -> s.containsKey("quality-containment erp-blocked") && s.containsKey("quality-containment scar-opened")
                        && s.containsKey("qms.receive-inspection-result"));

        // the ERP block: the step the call was made for, with the span id the call's traceparent named
        ReceivedSpan blocked = spans.get("quality-containment erp-blocked");
        assertThat(blocked.spanId()).as("the ERP's span is a child of the exported step").isEqualTo(TraceParent.spanIdOf(traceparent));
        assertThat(blocked.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(blocked.attributes()).containsEntry("correlationId", correlationId).containsEntry("lot", lot)
                .containsEntry("plant", "3000").containsEntry("item", "BRK-4711").containsEntry("supplier", "SUP-100")
                .containsEntry("purchaseOrder", "4500004711").containsEntry("inspectionLot", "IL-" + lot)
                .containsEntry("mfgsync.workflow", "quality-containment").containsEntry("mfgsync.step", "erp-blocked")
                .containsEntry("mfgsync.outcome", "DONE").containsEntry("mfgsync.target", "erp-cloud")
                .containsEntry("mfgsync.attempt", "1").containsKey("mfgsync.operation");
        assertThat(blocked.span().getEndTimeUnixNano()).isGreaterThanOrEqualTo(blocked.span().getStartTimeUnixNano());

        // the webhook's hop, the parent of the containment's consumer hop (through the Kafka record's traceparent)
        ReceivedSpan webhook = spans.get("qms.receive-inspection-result");
        assertThat(webhook.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(webhook.attributes()).containsEntry("lot", lot).containsEntry("http.response.status_code", "202")
                .containsEntry("mfgsync.event.type", "InspectionCompleted");
        ReceivedSpan consumed = spans.get("quality.contain-inspection");
        assertThat(consumed.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
        assertThat(consumed.parentSpanId()).isEqualTo(webhook.spanId());
        assertThat(consumed.attributes()).containsEntry("messaging.destination.name", "mfgsync.inspection-completed.v1")
                .containsKey("messaging.kafka.offset").containsEntry("lot", lot);
        // the ERP's delivery hop takes the hand-over off the target's topic; the step is its child
        ReceivedSpan delivery = spans.get("delivery.erp-cloud");
        assertThat(delivery.parentSpanId()).isEqualTo(consumed.spanId());
        assertThat(blocked.parentSpanId()).isEqualTo(delivery.spanId());
        // every span of the flow: in its trace, its correlation id, under the service's name
        assertThat(spans.values()).allSatisfy(span -> {
            assertThat(span.attributes()).containsEntry("correlationId", correlationId);
            assertThat(span.resource()).containsEntry("service.name", "mfgsync");
        });
        assertThat(spans.get("quality-containment scar-opened").attributes()).containsEntry("mfgsync.target", "qms-cloud")
                .containsEntry("lot", lot);

        assertThat(OtlpCollector.server().findAll(postRequestedFor(urlEqualTo(OtlpCollector.TRACES)))).allSatisfy(export ->
                assertThat(export.getHeader(OtlpCollector.API_KEY_HEADER)).isEqualTo(OtlpCollector.API_KEY));
    }

    /** The trace's spans by name (the latest of a name, should a step be recorded twice). */
    static Map<String, ReceivedSpan> byName(List<ReceivedSpan> spans) {
        return spans.stream().collect(Collectors.toMap(ReceivedSpan::name, Function.identity(), (first, later) -> later));
    }
}
