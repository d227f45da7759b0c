package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

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
 * The shipped supplier-echo instance over SFTP: its own CSV dialect (German headers in its own order, an extra column,
 * {@code ;}, windows-1252, decimal comma, dd.MM.yyyy) is read by header name through the standard commit layout and
 * mapping, with no Java of its own; a file without a required column is refused naming it, and nothing of it published.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SupplierEchoCommitsTest {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    static final String HEADER = "Werk;Bestellnummer;Position;Bemerkung;Lieferant;Material;Menge;Einheit;Liefertermin;"
            + "Menge alt;Liefertermin alt;Grund;Art;Bestätigt am\r\n";

    static Path inbound() throws IOException {
        return Files.createDirectories(SftpServer.root().resolve("supplier-echo/inbound"));
    }

    static List<ConsumerRecord<String, String>> published(List<String> pos) {
        Set<String> wanted = Set.copyOf(pos);
        return KafkaProbe.records(TOPIC, r -> wanted.contains(r.key()));
    }

    @Test
    void shouldPublishTheCommitsOfItsOwnDialectAsStandardEvents() throws IOException {
        List<String> pos = CompleteDeliveryTest.uniquePos(2);
        String name = "Lieferavis_" + pos.get(0) + ".csv";
        String content = HEADER
                + "3000;" + pos.get(0) + ";10;\"Härterei; später\";SUP-100;BRK-4711;1.200,5;KG;20.01.2027;800;10.01.2027;CAPACITY;CHANGE;2026-11-27T08:15:00+01:00\r\n"
                + "3100;" + pos.get(1) + ";20;;SUP-100;BRK-4714;25;EA;15.02.2027;;;NO-STOCK;BACKORDERED;2026-11-27T14:02:31Z\r\n";

        DropFiles.drop(inbound(), name, content.getBytes(WINDOWS_1252));

        Archives.awaitDelivery(inbound().resolve(".done"), name);
        await().atMost(Duration.ofSeconds(30)).until(() -> published(pos).size() >= 2);
        List<ConsumerRecord<String, String>> events = published(pos);
        assertThat(events).hasSize(2);
        String first = events.stream().filter(e -> e.key().equals(pos.get(0))).findFirst().orElseThrow().value();
        assertThat(first).contains("\"instance\":\"supplier-echo\"", "\"confirmedQuantity\":1200.5",
                "\"deliveryDate\":\"2027-01-20\"", "\"plant\":\"3000\"");
        assertThat(events.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).isEqualTo(Set.copyOf(pos));
    }

    @Test
    void shouldRefuseAFileWithoutARequiredColumnNamingIt() throws IOException {
        List<String> pos = CompleteDeliveryTest.uniquePos(1);
        String name = "Lieferavis_" + pos.get(0) + ".csv";
        String content = HEADER.replace("Liefertermin;", "")
                + "3000;" + pos.get(0) + ";10;;SUP-100;BRK-4711;5;EA;;;;ACCEPT;2026-11-27T08:15:00+01:00\r\n";

        DropFiles.drop(inbound(), name, content.getBytes(WINDOWS_1252));

        Path rejected = Archives.awaitDelivery(inbound().resolve(".error"), name);
        assertThat(Files.readAllBytes(rejected)).isEqualTo(content.getBytes(WINDOWS_1252));
        assertThat(Files.readString(Archives.reason(rejected))).contains(
                "REJECTED: The header has no column 'Liefertermin' (COMMITTED_DATE), required by the dialect commits.dialect.properties");
        assertThat(published(pos)).isEmpty();
    }
}
