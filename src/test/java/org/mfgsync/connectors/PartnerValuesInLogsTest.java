package org.mfgsync.connectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mfgsync.testing.SignedWebhooks.signed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Values a partner chose — a file name, a QMS lot number — reach the plain-text log lines escaped: a line break cannot
 * forge a second log line, a terminal escape sequence is shown, not run. The log records are taken from the loggers
 * themselves (a handler added for the test), not from a log file.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class PartnerValuesInLogsTest {

    static final String FORGED = "\u001b[2J\nINFO forged line";

    final List<String> lines = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && record.getParameters().length > 0 && message != null) {
                message = String.format(message, record.getParameters());
            }
            lines.add(message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("org.mfgsync.connectors").addHandler(capture);
        Logger.getLogger("org.mfgsync.quality").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("org.mfgsync.connectors").removeHandler(capture);
        Logger.getLogger("org.mfgsync.quality").removeHandler(capture);
    }

    List<String> linesAbout(String marker) {
        return lines.stream().filter(line -> line != null && line.contains(marker)).toList();
    }

    @Test
    void shouldEscapeControlCharactersOfAFileNameInTheRefusalLogLine() throws IOException {
        String marker = "ESC" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
        String name = "commits-" + marker + FORGED + ".csv";
        var inbound = DropFolders.root().resolve("supplier-acme/inbound");

        DropFiles.drop(inbound, name, "x".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> linesAbout(marker).stream().anyMatch(l -> l.startsWith("File name refused")));
        assertThat(linesAbout(marker)).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\u001b")
                .contains(marker + "\\u001b[2J\\nINFO forged line.csv"));
        // a refused name is left where it is for the operator, unread; the test then removes it, as an operator would
        assertThat(inbound.resolve(name)).exists();
        Files.delete(inbound.resolve(name));
    }

    @Test
    void shouldEscapeControlCharactersOfAQmsLotInTheAcceptanceLogLine() {
        String marker = "L-ESC-" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
        String lot = marker + FORGED.replace("\u001b", "\\u001b").replace("\n", "\\n");
        String result = "{\"inspectionLot\": \"IL-" + marker + "\", \"plant\": \"3000\", \"item\": \"BRK-4711\", \"lot\": \"" + lot
                + "\", \"supplier\": \"SUP-100\", \"result\": \"ACCEPTED\", \"lotQuantity\": 500, \"sampledQuantity\": 50, "
                + "\"acceptedQuantity\": 50, \"rejectedQuantity\": 0, \"unitOfMeasure\": \"EA\", "
                + "\"inspectedAt\": \"2026-11-27T08:15:00+01:00\"}";

        signed().contentType("application/json").body(result.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/qms/inspection-results").then().statusCode(202);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> linesAbout(marker).stream().anyMatch(l -> l.startsWith("Inspection result accepted")));
        assertThat(linesAbout(marker)).filteredOn(l -> l.startsWith("Inspection result accepted"))
                .allSatisfy(line -> assertThat(line).doesNotContain("\n", "\u001b")
                        .contains("key=3000:BRK-4711:" + marker + "\\u001b[2J\\nINFO forged line"));
    }
}
