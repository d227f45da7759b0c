import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The core event path against the bench's broker, product and plain-Java floor side by side.
 *   core  BOOTSTRAP SAMPLE N TIMEOUT_S   N canonical InspectionCompleted events onto mfgsync.inspection-completed.v1, then
 *                                        the time until the product's containment route has handed N stock blocks to
 *                                        mfgsync.delivery.erp-cloud.v1 (validation, mapping, claim, trace, Kafka)
 *   plain BOOTSTRAP SAMPLE N             the floor: N events onto a scratch topic, then a plain consumer → Jackson
 *                                        remap → producer loop (acks=all, idempotent, commits pipelined) moves them
 * Figures as "RESULT key=value" lines.
 */
public class KafkaFloor {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String INSPECTIONS = "mfgsync.inspection-completed.v1";
    static final String ERP_DELIVERIES = "mfgsync.delivery.erp-cloud.v1";

    public static void main(String[] args) throws Exception {
        String bootstrap = args[1];
        JsonNode file = JSON.readTree(Files.readString(Path.of(args[2])));
        JsonNode sample = file.has("document") ? file.path("document") : file;
        int n = Integer.parseInt(args[3]);
        String run = Long.toString(System.nanoTime(), 36);
        if (args[0].equals("core")) {
            long before = endOffsets(bootstrap, ERP_DELIVERIES);
            long started = System.nanoTime();
            produce(bootstrap, INSPECTIONS, sample, n, run);
            long deadline = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000;
            long reached;
            while ((reached = endOffsets(bootstrap, ERP_DELIVERIES) - before) < n && System.currentTimeMillis() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("| product: inspection event → containment (validate, map, claim, trace) → ERP delivery topic | %d of %d | %.1f s | %.0f events/s |%n",
                    reached, n, seconds, reached / seconds);
            System.out.printf("RESULT p1_events_per_s=%.0f%nRESULT p1_events=%d%n", reached / seconds, reached);
        } else {
            String source = "bench.floor-in." + run, target = "bench.floor-out." + run;
            produce(bootstrap, source, sample, n, run);
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            double seconds = plainLoop(bootstrap, source, target, n);
            double cpuMillisPerEvent = (os.getProcessCpuTime() - cpuBefore) / 1e6 / n;
            System.out.printf("| plain Java: consume → Jackson remap → produce (acks=all, pipelined commits) | %d of %d | %.1f s | %.0f events/s |%n",
                    n, n, seconds, n / seconds);
            System.out.printf("RESULT p1_plain_events_per_s=%.0f%nRESULT p1_plain_cpu_ms_per_event=%.3f%n", n / seconds,
                    cpuMillisPerEvent);
        }
    }

    static void produce(String bootstrap, String topic, JsonNode sample, int n, String run) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
            for (int i = 0; i < n; i++) {
                ObjectNode event = sample.deepCopy();
                String lot = "L-" + run + "-" + i, inspectionLot = "IL-" + run + "-" + i;
                String key = "qms:3000:" + inspectionLot + ":REJECTED", correlationId = "p1-" + run + "-" + i;
                event.put("eventId", UUID.randomUUID().toString()).put("correlationId", correlationId).put("idempotencyKey", key);
                ((ObjectNode) event.path("businessKeys")).put("lot", lot).put("inspectionLot", inspectionLot);
                ((ObjectNode) event.path("payload")).put("lot", lot).put("inspectionLot", inspectionLot);
                var record = new ProducerRecord<>(topic, "3000:BRK-4711:" + lot, JSON.writeValueAsString(event));
                header(record, "correlationId", correlationId);
                header(record, "eventId", event.path("eventId").asText());
                header(record, "eventType", "InspectionCompleted");
                header(record, "schemaVersion", "1.0");
                header(record, "idempotencyKey", key);
                producer.send(record);
            }
            producer.flush();
        }
    }

    static double plainLoop(String bootstrap, String source, String target, int n) throws Exception {
        Properties consumerConfig = new Properties();
        consumerConfig.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG,
                "bench-floor-" + source, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500"));
        AtomicLong acked = new AtomicLong();
        // the clock starts with the first record, after the group join: the product's consumer is joined already
        long started = 0;
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
                var producer = new KafkaProducer<String, String>(producerConfig(bootstrap))) {
            consumer.subscribe(List.of(source));
            long moved = 0;
            while (moved < n) {
                var polled = consumer.poll(Duration.ofMillis(200));
                if (started == 0 && !polled.isEmpty()) {
                    started = System.nanoTime();
                }
                for (ConsumerRecord<String, String> in : polled) {
                    JsonNode event = JSON.readTree(in.value());
                    ObjectNode block = JSON.createObjectNode();
                    block.put("eventId", UUID.randomUUID().toString()).put("eventType", "InventoryStatusChanged")
                            .put("correlationId", event.path("correlationId").asText())
                            .put("idempotencyKey", event.path("idempotencyKey").asText());
                    block.putObject("payload").put("plant", event.path("plant").asText())
                            .put("item", event.path("payload").path("item").asText())
                            .put("lot", event.path("payload").path("lot").asText()).put("status", "BLOCKED");
                    producer.send(new ProducerRecord<>(target, in.key(), JSON.writeValueAsString(block)),
                            (metadata, error) -> acked.incrementAndGet());
                    moved++;
                }
                consumer.commitAsync();
            }
            producer.flush();
            consumer.commitSync();
        }
        return (System.nanoTime() - started) / 1e9;
    }

    static long endOffsets(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long sum = 0;
            for (var info : admin.listOffsets(latest).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        }
    }

    static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(), ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        return config;
    }

    static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
