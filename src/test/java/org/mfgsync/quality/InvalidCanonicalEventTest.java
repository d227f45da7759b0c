package org.mfgsync.quality;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.github.tomakehurst.wiremock.client.WireMock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.ErpSimulator;
import org.mfgsync.testing.KafkaBroker;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A canonical event from the backbone that breaks its schema is refused by the validation service and never acted on. */
@QuarkusTest
@WithTestResource(TestStack.class)
class InvalidCanonicalEventTest {

    @Test
    void eventBreakingItsSchemaIsDeadLetteredAndBlocksNothing() throws Exception {
        String lot = InspectionToStockBlockTest.uniqueLot();
        String key = "qms:3000:IL-" + lot + ":REJECTED";
        String event = Files.readString(Path.of("mappings/qms/tests/inspection-result-rejected.expected.json"))
                .replace("L-88231", lot).replace("IL-2026-000123", "IL-" + lot)
                .replace("\"lotQuantity\": 500", "\"lotQuantity\": -500").replace("\"EA\"", "\"each\"");

        publish(InspectionToStockBlockTest.TOPIC, "3000:BRK-4711:" + lot, event, key);

        List<ConsumerRecord<String, String>> deadLetters = await().atMost(Duration.ofSeconds(45))
                .until(() -> KafkaProbe.records(InspectionToStockBlockTest.DEAD_LETTERS,
                        r -> key.equals(KafkaProbe.header(r, "idempotencyKey"))), found -> !found.isEmpty());
        assertThat(deadLetters.get(0).value()).contains("\"lotQuantity\": -500");
        assertThat(KafkaProbe.header(deadLetters.get(0), "error")).contains("SchemaViolationException")
                .contains("$.payload.lotQuantity");
        assertThat(ErpSimulator.server().findAll(postRequestedFor(urlEqualTo(InspectionToStockBlockTest.BLOCKS))
                .withHeader("Idempotency-Key", WireMock.equalTo(key)))).isEmpty();
    }

    private static void publish(String topic, String partitionKey, String value, String idempotencyKey) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            var record = new ProducerRecord<>(topic, partitionKey, value);
            record.headers().add("idempotencyKey", idempotencyKey.getBytes(StandardCharsets.UTF_8));
            record.headers().add("correlationId", ("corr-" + partitionKey).replace(':', '-').getBytes(StandardCharsets.UTF_8));
            record.headers().add("eventType", "InspectionCompleted".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }
}
