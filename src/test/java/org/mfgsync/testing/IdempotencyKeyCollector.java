package org.mfgsync.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from its start on a thread of its own for as long as a packaged-app test runs, keeping each record's
 * key and its event's idempotency key, read once here rather than at every look of the test (which looks every few
 * milliseconds while the app publishes). For counting what a crash, a restart or a takeover published, and how often.
 */
public final class IdempotencyKeyCollector implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: its key and its event's idempotency key, or why its value could not be read. */
    record Seen(String key, String idempotencyKey, RuntimeException unreadable) {

        static Seen of(ConsumerRecord<String, String> record) {
            try {
                return new Seen(record.key(), JSON.readTree(record.value()).path("idempotencyKey").asText(), null);
            } catch (IOException | RuntimeException e) {
                return new Seen(record.key(), null, new IllegalStateException(e));
            }
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicBoolean collecting = new AtomicBoolean(true);
    private final Thread collector;

    public IdempotencyKeyCollector(String bootstrapServers, String topic) {
        collector = new Thread(() -> collect(bootstrapServers, topic), "idempotency-key-collector");
        collector.start();
    }

    /** The distinct idempotency keys seen so far of the records whose key starts with {@code prefix}. */
    public Set<String> keysOf(String prefix) {
        Set<String> keys = new HashSet<>();
        for (Seen record : seen) {
            if (record.key() != null && record.key().startsWith(prefix)) {
                if (record.unreadable() != null) {
                    throw record.unreadable();
                }
                keys.add(record.idempotencyKey());
            }
        }
        return keys;
    }

    /** How many records (repeats included) whose key starts with {@code prefix} are on the topic so far. */
    public long recordsOf(String prefix) {
        return seen.stream().filter(r -> r.key() != null && r.key().startsWith(prefix)).count();
    }

    @Override
    public void close() throws InterruptedException {
        collecting.set(false);
        collector.join(10_000);
    }

    private void collect(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "idempotency-key-collector-" + System.nanoTime());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (collecting.get()) {
                List<Seen> polled = new ArrayList<>();
                consumer.poll(Duration.ofMillis(100)).forEach(record -> polled.add(Seen.of(record)));
                seen.addAll(polled);
            }
        }
    }
}
