package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.SftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * erp-legacy-a end to end: CSV files on a real SFTP server (Apache MINA SSHD) → PurchaseOrderChanged on a real
 * Kafka broker, keyed by PO number; the input ends in .done/ or, with its reason, in .error/ — never lost.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class ErpLegacyAPurchaseOrdersTest {

    static final String TOPIC = "mfgsync.purchase-order-changed.v1";
    static final String HEADER = "PO_NUMBER;REVISION;ACTION;PLANT;VENDOR;PO_LINE;MATERIAL;QUANTITY;UOM;DELIVERY_DATE;NET_PRICE;CURRENCY\n";
    static final ObjectMapper JSON = new ObjectMapper();

    Path outbound = SftpServer.root().resolve("outbound");

    @Test
    void shouldPublishOnePurchaseOrderChangedPerPurchaseOrderAndMoveTheFileToDone() throws IOException {
        String po1 = uniquePo();
        String po2 = uniquePo();
        String name = "PO_" + po1 + ".csv";
        DropFiles.drop(outbound, name, (HEADER
                + po1 + ";2;U;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n"
                + po1 + ";2;U;3000;SUP-100;20;BRK-4712;20;EA;20261216;1.5;EUR\n"
                + po2 + ";0;N;3100;SUP-200;10;HYD-0815;40;EA;20261201;199.00;USD\n").getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> events = awaitEvents(po1, 1);
        ConsumerRecord<String, String> record = events.get(0);
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("eventType").asText()).isEqualTo("PurchaseOrderChanged");
        assertThat(event.path("schemaVersion").asText()).isEqualTo("1.0");
        assertThat(event.path("source").path("instance").asText()).isEqualTo("erp-legacy-a");
        assertThat(event.path("businessKeys").path("purchaseOrder").asText()).isEqualTo(po1);
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("erp-legacy-a:" + po1 + ":2");
        assertThat(event.path("payload").path("changeType").asText()).isEqualTo("REVISED");
        assertThat(event.path("payload").path("lines")).hasSize(2);
        assertThat(event.path("payload").path("lines").get(1).path("needDate").asText()).isEqualTo("2026-12-16");
        assertThat(event.path("eventId").asText()).isNotBlank();
        assertThat(KafkaProbe.header(record, "eventType")).isEqualTo("PurchaseOrderChanged");
        assertThat(KafkaProbe.header(record, "correlationId")).isEqualTo(event.path("correlationId").asText()).isNotBlank();
        assertThat(awaitEvents(po2, 1).get(0).key()).isEqualTo(po2);

        Archives.awaitDelivery(outbound.resolve(".done"), name);
        assertThat(outbound.resolve(name)).doesNotExist();
    }

    @Test
    void shouldRecogniseARedeliveredIdenticalFileAndNotPublishItTwice() {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        byte[] content = (HEADER + po + ";0;N;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n")
                .getBytes(StandardCharsets.UTF_8);
        DropFiles.drop(outbound, name, content);
        awaitEvents(po, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(outbound.resolve(name)));

        DropFiles.drop(outbound, name, content);
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(outbound.resolve(name)));
        // a later file is published: the one before it has been handled
        String sentinel = uniquePo();
        DropFiles.drop(outbound, "PO_" + sentinel + ".csv",
                (HEADER + sentinel + ";0;N;3000;SUP-100;10;BRK-4711;1;EA;20261215;1;EUR\n").getBytes(StandardCharsets.UTF_8));
        awaitEvents(sentinel, 1);

        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).hasSize(1);
        assertThat(Archives.deliveries(outbound.resolve(".done"), name)).as("the first delivery; the second, a duplicate, beside it")
                .hasSize(2);
    }

    @Test
    void shouldRejectAFileWithAnInvalidRecordWholeAndSayWhichLine() throws IOException {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        String content = HEADER + po + ";0;N;3000;SUP-100;10;BRK-4711;500;EA;20261215;12.50;EUR\n"
                + po + ";0;N;3000;SUP-100;20;BRK-4712;zwölf;EA;20261215;12.50;EUR\n";
        DropFiles.drop(outbound, name, content.getBytes(StandardCharsets.UTF_8));

        // the input follows its reason file into .error/
        Path archived = Archives.awaitDelivery(outbound.resolve(".error"), name);
        Path reason = Archives.reason(archived);
        assertThat(Files.readString(reason)).contains("1 of 2 records are invalid")
                .contains("line 3: field quantity 'zwölf'");
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    @Test
    void shouldRejectAFileInTheWrongEncodingNamingTheLine() throws IOException {
        String po = uniquePo();
        String name = "PO_" + po + ".csv";
        byte[] latin1 = (HEADER + po + ";0;N;3000;SUP-100;10;Bremsbeläge;5;EA;20261215;12.50;EUR\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        DropFiles.drop(outbound, name, latin1);

        Path archived = Archives.awaitDelivery(outbound.resolve(".error"), name);
        assertThat(Files.readString(Archives.reason(archived))).contains("Line 2 is not valid UTF-8 text");
        assertThat(Files.readAllBytes(archived)).isEqualTo(latin1);
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    static String uniquePo() {
        return "45" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
    }

    static List<ConsumerRecord<String, String>> awaitEvents(String po, int count) {
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> KafkaProbe.records(TOPIC, r -> po.equals(r.key())), found -> found.size() >= count);
    }

    static Path awaitFile(Path file) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
        return file;
    }
}
