package org.mfgsync.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.QmsSimulator;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Many flows at once — QMS inspection results posted concurrently (rejected ones contain their lot: ERP block, SCAR,
 * procurement notice), erp-legacy-a PO files over SFTP and supplier-acme commit files in its drop folder, all started
 * together — and every log line of the application (all loggers, all threads: HTTP, file consumers, Kafka consumers
 * and producer callbacks, delivery and HTTP client threads) is captured from the loggers themselves. Each line that
 * names a flow's business key (lot, PO) must carry that flow's correlation id and name no other flow's key; the
 * correlation id of a file flow is the one its Kafka events carry. A lot with control characters reaches no line
 * unescaped.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class CorrelationUnderLoadTest {

    static final String PO_TOPIC = "mfgsync.purchase-order-changed.v1";
    static final String COMMIT_TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final String PO_HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";
    static final String COMMIT_HEADER = "PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,"
            + "PREVIOUS_DATE,REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n";

    /** One captured line: its text, the correlation id in its logging context, its thread and logger. */
    record Line(String text, String correlationId, String thread, String logger) {
    }

    /** One flow: its name, the business keys only it has, and its correlation id once known. */
    static final class Flow {
        final String name;
        final List<String> keys;
        volatile String correlationId;

        Flow(String name, String correlationId, String... keys) {
            this.name = name;
            this.correlationId = correlationId;
            this.keys = List.of(keys);
        }

        @Override
        public String toString() {
            return name + keys + " correlationId=" + correlationId;
        }
    }

    final List<Line> lines = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            if (message != null && parameters != null && parameters.length > 0) {
                try {
                    message = message.contains("%") ? String.format(message, parameters)
                            : java.text.MessageFormat.format(message, parameters);
                } catch (RuntimeException e) {
                    message = message + " " + java.util.Arrays.toString(parameters);
                }
            }
            String correlationId = record instanceof ExtLogRecord ext ? ext.getMdc("correlationId") : null;
            String thread = record instanceof ExtLogRecord ext ? ext.getThreadName() : "?";
            lines.add(new Line(message == null ? "" : message, correlationId, thread, record.getLoggerName()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    final List<StubMapping> stubs = new ArrayList<>();

    @Inject
    CamelContext camel;

    @BeforeEach
    void captureEveryLogger() {
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
        stubs.forEach(ErpSimulator.server()::removeStub);
        stubs.forEach(QmsSimulator.server()::removeStub);
    }

    @Test
    void shouldNeverLogOneFlowsCorrelationIdWithAnotherFlowsBusinessKeys() throws Exception {
        assertThat(camel.getCamelContextExtension().getInterceptStrategies())
                .anyMatch(org.mfgsync.visibility.CorrelationContext.class::isInstance);
        String run = String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 999_999));
        // the rejected lots' containments call the cloud ERP and the QMS: answered for this run's keys only
        stubs.add(ErpSimulator.server().stubFor(post(urlEqualTo("/api/v1/stock-blocks")).atPriority(5)
                .withHeader("Idempotency-Key", matching(".*IL-CC" + run + ".*")).willReturn(aResponse().withStatus(201))));
        stubs.add(QmsSimulator.server().stubFor(post(urlEqualTo("/api/v1/corrective-actions")).atPriority(5)
                .withHeader("Idempotency-Key", matching(".*IL-CC" + run + ".*")).willReturn(aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json").withBody("{\"correctiveAction\": \"SCAR-CC" + run + "\"}"))));

        List<Flow> webhooks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // lot 6 (accepted) carries control characters (BEL, TAB) after its unique part
            webhooks.add(new Flow("webhook-" + i, "cc-" + run + "-w" + i, "L-CC" + run + "-" + i));
        }
        List<Flow> poFiles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            poFiles.add(new Flow("po-file-" + i, null, "47" + run + i + "0", "47" + run + i + "1"));
        }
        List<Flow> commitFiles = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            commitFiles.add(new Flow("commit-file-" + i, null, "48" + run + i + "0"));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < webhooks.size(); i++) {
                int n = i;
                Callable<Integer> postIt = () -> {
                    start.await();
                    return signed().contentType("application/json").header("X-Correlation-Id", webhooks.get(n).correlationId)
                            .body(inspection(run, n).getBytes(StandardCharsets.UTF_8))
                            .post("/api/v1/qms/inspection-results").then().extract().statusCode();
                };
                answers.add(pool.submit(postIt));
            }
            Path sftp = SftpServer.root().resolve("outbound");
            Path acme = DropFolders.root().resolve("supplier-acme/inbound");
            start.countDown();
            for (int i = 0; i < 4; i++) {
                Flow po = poFiles.get(i);
                DropFiles.drop(sftp, "PO_CC" + run + "_" + i + ".csv", (PO_HEADER
                        + po.keys.get(0) + ";0;N;3000;SUP-100;10;BRK-4711;5;EA;20261215;12.50;EUR\n"
                        + po.keys.get(1) + ";0;N;3000;SUP-100;10;BRK-4712;7;EA;20261216;1.50;EUR\n").getBytes(StandardCharsets.UTF_8));
                DropFiles.drop(acme, "commits-CC" + run + "_" + i + ".csv", (COMMIT_HEADER + commitFiles.get(i).keys.get(0)
                        + ",10,SUP-ACME,BRK-4711,500,EA,2026-12-15,,,,3000,ACCEPT,2026-11-27T07:15:00Z\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }

        // a file flow's correlation id is the one its events carry (both POs of one file: the same one)
        for (Flow file : poFiles) {
            file.correlationId = awaitCorrelationOfEvents(PO_TOPIC, file.keys);
        }
        for (Flow file : commitFiles) {
            file.correlationId = awaitCorrelationOfEvents(COMMIT_TOPIC, file.keys);
        }
        List<Flow> flows = new ArrayList<>(webhooks);
        flows.addAll(poFiles);
        flows.addAll(commitFiles);
        assertThat(flows.stream().map(f -> f.correlationId).distinct()).as("one correlation id per flow").hasSize(flows.size());

        // the workflows have acted on every flow: a trace line for each (rejected lots: their procurement notice)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Flow flow : flows) {
                boolean rejected = flow.name.startsWith("webhook-") && Integer.parseInt(flow.name.substring(8)) % 2 == 1;
                assertThat(linesNaming(flow)).as(flow.toString()).anyMatch(l -> l.text().startsWith(rejected
                        ? "Workflow step workflow=quality-containment step=procurement-notified"
                        : flow.name.startsWith("webhook-") ? "Inspection result accepted" : "Workflow step"));
            }
        });

        List<String> wrong = new ArrayList<>();
        for (Line line : lines) {
            List<Flow> named = flows.stream().filter(f -> f.keys.stream().anyMatch(line.text()::contains)).toList();
            if (named.isEmpty()) {
                continue;
            }
            if (named.size() > 1) {
                wrong.add("names several flows " + named + ": " + line);
            } else if (!Objects.equals(named.get(0).correlationId, line.correlationId())) {
                wrong.add("names " + named.get(0) + " but carries correlationId=" + line.correlationId() + ": " + line);
            }
            if (line.text().chars().anyMatch(c -> Character.isISOControl(c))) {
                wrong.add("holds a control character: " + line);
            }
        }
        assertThat(wrong).as("log lines naming a flow's business keys under another correlation id (of "
                + lines.size() + " lines captured)").isEmpty();
        assertThat(lines.stream().filter(l -> webhooks.get(6).keys.stream().anyMatch(l.text()::contains)))
                .as("the lot with control characters is logged, escaped").isNotEmpty();
    }

    private List<Line> linesNaming(Flow flow) {
        return lines.stream().filter(l -> flow.keys.stream().anyMatch(l.text()::contains)).toList();
    }

    private static String awaitCorrelationOfEvents(String topic, List<String> keys) {
        List<ConsumerRecord<String, String>> events = await().atMost(Duration.ofSeconds(60)).until(
                () -> KafkaProbe.records(topic, r -> keys.contains(r.key())),
                found -> found.stream().map(ConsumerRecord::key).distinct().count() == keys.size());
        List<String> ids = events.stream().map(r -> KafkaProbe.header(r, "correlationId")).distinct().toList();
        assertThat(ids).as("correlation ids of the events of " + keys).hasSize(1).doesNotContainNull();
        return ids.get(0);
    }

    /** Odd ones are rejected (a containment with ERP block, SCAR and procurement notice), even ones accepted. */
    private static String inspection(String run, int i) {
        boolean rejected = i % 2 == 1;
        String lot = "L-CC" + run + "-" + i + (i == 6 ? "\\u0007\\tX" : "");
        return "{\"inspectionLot\": \"IL-CC" + run + "-" + i + "\", \"plant\": \"3000\", \"item\": \"BRK-4711\", \"lot\": \""
                + lot + "\", \"supplier\": \"SUP-100\", \"purchaseOrder\": \"4500004711\", \"poLine\": \"10\", \"result\": \""
                + (rejected ? "REJECTED" : "ACCEPTED") + "\", \"lotQuantity\": 500, \"sampledQuantity\": 50, "
                + "\"acceptedQuantity\": " + (rejected ? 42 : 50) + ", \"rejectedQuantity\": " + (rejected ? 8 : 0)
                + ", \"sampleFullyJudged\": true, \"unitOfMeasure\": \"EA\", \"defectCodes\": "
                + (rejected ? "[\"D-017\"]" : "[]") + ", \"inspectedAt\": \"2026-11-27T08:15:00+01:00\"}";
    }
}
