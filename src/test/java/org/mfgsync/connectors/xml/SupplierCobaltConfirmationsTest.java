package org.mfgsync.connectors.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.Archives;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.ManagementPort;
import org.mfgsync.testing.Schemas;
import org.mfgsync.testing.SupplierSftpServer;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * supplier-cobalt end to end: XML order confirmations on a real SFTP server whose host key is verified → XSLT 3
 * mapping → SupplierCommitChanged on a real Kafka broker; hostile XML is refused with its reason, unread.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class SupplierCobaltConfirmationsTest {

    static final String TOPIC = "mfgsync.supplier-commit-changed.v1";
    static final ObjectMapper JSON = new ObjectMapper();

    Path confirmations = SupplierSftpServer.root().resolve("confirmations");

    @Test
    void shouldPublishAnOrderConfirmationDeliveredOverSftpAsOneSupplierCommitChanged() throws IOException {
        String po = uniquePo();
        String name = "OC_" + po + ".xml";
        String content = confirmation(po, "OC-" + po);
        DropFiles.drop(confirmations, name, content.getBytes(StandardCharsets.UTF_8));

        List<ConsumerRecord<String, String>> events = awaitEvents(po, 1);
        ConsumerRecord<String, String> record = events.get(0);
        assertThat(Schemas.violations("supplier-commit-changed", record.value())).isEmpty();
        JsonNode event = JSON.readTree(record.value());
        assertThat(record.key()).isEqualTo(po);
        assertThat(event.path("source").path("instance").asText()).isEqualTo("supplier-cobalt");
        assertThat(event.path("plant").asText()).isEqualTo("3000");
        assertThat(event.path("idempotencyKey").asText()).isEqualTo("supplier:SUP-300:OC-" + po);
        JsonNode payload = event.path("payload");
        assertThat(payload.path("confirmationType").asText()).isEqualTo("CHANGE");
        assertThat(payload.path("level").asText()).isEqualTo("LINE");
        assertThat(payload.path("lines")).hasSize(2);
        assertThat(payload.path("lines").get(1).path("confirmedQuantity").decimalValue()).isEqualByComparingTo("1200.5");
        assertThat(payload.path("lines").get(1).path("reasonCode").asText()).isEqualTo("CAPACITY");
        assertThat(KafkaProbe.header(record, "correlationId")).isEqualTo(event.path("correlationId").asText()).isNotBlank();

        Path archived = Archives.awaitDelivery(confirmations.resolve(".done"), name);
        assertThat(confirmations.resolve(name)).doesNotExist();
        assertThat(Files.readString(archived)).isEqualTo(content);
    }

    @Test
    void shouldRefuseADoctypeWithExternalEntitiesWithoutReadingTheFileOrFetchingTheUrl() throws IOException {
        Path secret = Files.createTempFile("mfgsync-secret-", ".txt");
        String marker = "SECRET-" + ThreadLocalRandom.current().nextLong(1_000_000L, 9_999_999L);
        Files.writeString(secret, marker);
        AtomicInteger fetched = new AtomicInteger();
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] body = ("<!ENTITY leak '" + marker + "'>").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        try {
            String url = "http://127.0.0.1:" + attacker.getAddress().getPort();
            String po = uniquePo();
            // an external entity to a local file, one to a URL, and an external DTD subset on the URL
            String fileEntity = "OC_XXE_FILE_" + po + ".xml";
            String urlEntity = "OC_XXE_URL_" + po + ".xml";
            String externalDtd = "OC_XXE_DTD_" + po + ".xml";
            String billionLaughs = "OC_LAUGHS_" + po + ".xml";
            drop(fileEntity, "<?xml version=\"1.0\"?>\n<!DOCTYPE OrderConfirmation [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                    + confirmation(po, "&x;").substring(confirmation(po, "").indexOf('\n') + 1));
            drop(urlEntity, "<?xml version=\"1.0\"?>\n<!DOCTYPE OrderConfirmation [<!ENTITY x SYSTEM \"" + url + "/entity\">]>\n"
                    + confirmation(po, "&x;").substring(confirmation(po, "").indexOf('\n') + 1));
            drop(externalDtd, "<?xml version=\"1.0\"?>\n<!DOCTYPE OrderConfirmation SYSTEM \"" + url + "/order.dtd\">\n"
                    + confirmation(po, "OC-" + po).substring(confirmation(po, "").indexOf('\n') + 1));
            drop(billionLaughs, "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                    + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n"
                    + confirmation(po, "&d;").substring(confirmation(po, "").indexOf('\n') + 1));

            for (String name : List.of(fileEntity, urlEntity, externalDtd, billionLaughs)) {
                Path error = confirmations.resolve(".error");
                String reason = Files.readString(Archives.reason(Archives.awaitDelivery(error, name)));
                assertThat(reason).contains("REJECTED: DOCTYPE not allowed (line 2)").doesNotContain(marker);
                assertThat(confirmations.resolve(name)).doesNotExist();
            }
            assertThat(fetched).as("requests that reached the URL of an external entity or DTD").hasValue(0);
            assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
        } finally {
            attacker.stop(0);
            Files.deleteIfExists(secret);
        }
    }

    @Test
    void shouldRejectADocumentThatViolatesTheDialectSchemaNamingTheLines() throws IOException {
        String po = uniquePo();
        String name = "OC_BAD_" + po + ".xml";
        String content = confirmation(po, "OC-" + po).replace(">500<", ">five hundred<");
        drop(name, content);

        Path error = confirmations.resolve(".error");
        Path archived = Archives.awaitDelivery(error, name);
        assertThat(Files.readString(Archives.reason(archived)))
                .contains("REJECTED: 2 violations of the schema order-confirmation.xsd")
                .contains("line 14: column 59: cvc-datatype-valid.1.2.1: 'five hundred' is not a valid value for 'decimal'.");
        assertThat(Files.readString(archived)).isEqualTo(content);
        assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
    }

    @Test
    void shouldRefuseAServerWhoseHostKeyIsNotTheKnownOneAndTakeNothingFromIt() throws IOException {
        SupplierSftpServer.replaceHostKey();
        String po = uniquePo();
        String name = "OC_" + po + ".xml";
        try {
            drop(name, confirmation(po, "OC-" + po));
            // the poll fails on the host key: the partners' health names the connector and the reason; the app stays
            // ready
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    ManagementPort.given().get("/q/health/group/partners").then().statusCode(503).extract().body().asString())
                    .contains("suppliers.supplier-cobalt-confirmations-in").containsIgnoringCase("HostKey"));
            assertThat(ManagementPort.given().get("/q/health/ready").then().extract().body().asString()).startsWith("{\n    \"status\": \"UP\"");
            assertThat(confirmations.resolve(name)).exists();
            assertThat(KafkaProbe.records(TOPIC, r -> po.equals(r.key()))).isEmpty();
        } finally {
            SupplierSftpServer.restoreHostKey();
        }
        // the genuine server again: the file waiting there is taken
        awaitEvents(po, 1);
        Archives.awaitDelivery(confirmations.resolve(".done"), name);
    }

    private void drop(String name, String content) {
        DropFiles.drop(confirmations, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A detail confirmation of two lines, with the given confirmation number (text or an entity reference). */
    static String confirmation(String po, String confirmationNumber) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <OrderConfirmation xmlns="urn:cobalt-industrial:order-confirmation:1" version="1.2">
                  <Header>
                    <ConfirmationNumber>%s</ConfirmationNumber>
                    <ConfirmationDate>2026-11-27T09:40:00+01:00</ConfirmationDate>
                    <Type>detail</Type>
                    <OrderReference orderNumber="%s" revision="1"/>
                    <Supplier id="SUP-300"/>
                    <ShipTo plant="3000"/>
                  </Header>
                  <Items>
                    <Item lineNumber="10">
                      <Status>accept</Status>
                      <Quantity unitOfMeasure="EA">500</Quantity>
                      <DeliveryDate>2026-12-15</DeliveryDate>
                    </Item>
                    <Item lineNumber="20">
                      <Status>detail</Status>
                      <Quantity unitOfMeasure="KG">1200.5</Quantity>
                      <DeliveryDate>2027-01-20</DeliveryDate>
                      <ReasonCode>CAPACITY</ReasonCode>
                    </Item>
                  </Items>
                </OrderConfirmation>
                """.formatted(confirmationNumber, po);
    }

    static String uniquePo() {
        return "47" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
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
