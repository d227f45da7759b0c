package org.mfgsync.resilience;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mfgsync.canonical.CanonicalJson;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.health.api.Wellness;

/**
 * The work waiting on each target, read from where it waits: the target's delivery topic beyond what its consumer
 * group has committed. Operations see which lots, purchase orders and suppliers wait on which ERP, supplier channel or
 * QMS, and since when ("23 lots and 4 POs waiting on erp-cloud since 10:42"), whether the work is held because the
 * target is down or merely queued. Only configured targets are answered: the topic read is derived from the allowlist,
 * never from the request.
 */
@ApplicationScoped
public class TargetBacklog {

    /** Longest wait for the broker in one request: an operator's question must not hang on a broker outage. */
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);

    /** One target's backlog in short: how much waits, since when, and whether the target holds it. */
    @RegisterForReflection
    public record TargetSummary(String target, String topic, long waiting, OffsetDateTime oldestWaitingSince,
            OffsetDateTime heldSince, String breaker) {
    }

    /** A delivery waiting on its target: what it is for, not the document itself. */
    @RegisterForReflection
    public record WaitingDelivery(String operation, String workflow, String step, String plant,
            Map<String, String> businessKeys, String correlationId, String idempotencyKey, OffsetDateTime requestedAt,
            int partition, long offset) {
    }

    /** The business entities the waiting work touches, counted over the deliveries read. */
    @RegisterForReflection
    public record Impact(int lots, int purchaseOrders, int suppliers, Set<String> plants, String summary) {
    }

    /**
     * A target's waiting work: {@code deliveries} lists the first {@code limit} in offset order; the impact counts
     * every waiting delivery read ({@code read}), all of them unless {@code complete} is false (more than the scan
     * limit wait).
     */
    @RegisterForReflection
    public record Backlog(TargetSummary target, Impact impact, long read, boolean complete, List<WaitingDelivery> deliveries) {
    }

    /** The part of a delivery record this view needs (the record also carries the document and the context). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record DeliveryHeader(String operation, String workflow, String step, String plant, Map<String, String> businessKeys,
            String correlationId, String idempotencyKey, OffsetDateTime requestedAt) {
    }

    private final CamelContext camel;
    private final ResilienceConfig config;
    private final TargetHolds holds;
    private final CircuitBreakers breakers;
    private volatile Admin admin;

    @Inject
    public TargetBacklog(CamelContext camel, ResilienceConfig config, TargetHolds holds, @Wellness CircuitBreakers breakers) {
        this.camel = camel;
        this.config = config;
        this.holds = holds;
        this.breakers = breakers;
    }

    /** Whether {@code target} is a configured target (the only ones answered). */
    public boolean isTarget(String target) {
        return target != null && config.targets().containsKey(target);
    }

    /** Every configured target's backlog in short, by target name. */
    public List<TargetSummary> summaries() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, String> breakerStates = breakers.states();
        Map<String, Instant> held = holds.held();
        List<TargetSummary> summaries = new ArrayList<>();
        for (String target : new TreeSet<>(config.targets().keySet())) {
            Waiting waiting = waiting(target);
            OffsetDateTime oldest = waiting.count() == 0 ? null : oldestOf(target, waiting);
            summaries.add(summary(target, waiting.count(), oldest, held, breakerStates));
        }
        return summaries;
    }

    /**
     * The waiting work of one configured target: its deliveries in offset order (the first {@code limit}), and the
     * lots, POs and suppliers it touches over up to the scan limit of waiting records.
     */
    public Backlog backlog(String target, int limit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isTarget(target)) {
            throw new IllegalArgumentException("no target " + target + " is configured");
        }
        Waiting waiting = waiting(target);
        List<WaitingDelivery> read = waiting.count() == 0 ? List.of() : read(waiting, config.backlogScanLimit());
        OffsetDateTime oldest = read.stream().map(WaitingDelivery::requestedAt).filter(t -> t != null).min(OffsetDateTime::compareTo)
                .orElse(null);
        TargetSummary summary = summary(target, waiting.count(), oldest, holds.held(), breakers.states());
        return new Backlog(summary, impactOf(target, read, oldest), read.size(), read.size() >= waiting.count(),
                read.subList(0, Math.min(limit, read.size())));
    }

    private static TargetSummary summary(String target, long waiting, OffsetDateTime oldest, Map<String, Instant> held,
            Map<String, String> breakerStates) {
        Instant heldSince = held.get(target);
        return new TargetSummary(target, TargetDeliveries.topicOf(target), waiting, oldest,
                heldSince == null ? null : heldSince.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS),
                breakerStates.get(target));
    }

    /** Lots (plant + item + lot), POs and suppliers named by the waiting deliveries, and the sentence operations read. */
    static Impact impactOf(String target, List<WaitingDelivery> waiting, OffsetDateTime since) {
        Set<String> lots = new LinkedHashSet<>(), orders = new LinkedHashSet<>(), suppliers = new LinkedHashSet<>();
        Set<String> plants = new TreeSet<>();
        for (WaitingDelivery delivery : waiting) {
            Map<String, String> keys = delivery.businessKeys() == null ? Map.of() : delivery.businessKeys();
            if (keys.get("lot") != null) {
                lots.add(delivery.plant() + "/" + keys.get("item") + "/" + keys.get("lot"));
            }
            if (keys.get("purchaseOrder") != null) {
                orders.add(keys.get("purchaseOrder"));
            }
            if (keys.get("supplier") != null) {
                suppliers.add(keys.get("supplier"));
            }
            if (delivery.plant() != null) {
                plants.add(delivery.plant());
            }
        }
        String summary;
        if (waiting.isEmpty()) {
            summary = "nothing waiting on " + target;
        } else {
            List<String> parts = new ArrayList<>();
            if (!lots.isEmpty()) {
                parts.add(count(lots.size(), "lot"));
            }
            if (!orders.isEmpty()) {
                parts.add(count(orders.size(), "PO"));
            }
            if (parts.isEmpty()) {
                parts.add(count(waiting.size(), "delivery"));
            }
            summary = String.join(" and ", parts) + " waiting on " + target
                    + (since == null ? "" : " since " + since.truncatedTo(ChronoUnit.SECONDS));
        }
        return new Impact(lots.size(), orders.size(), suppliers.size(), plants, summary);
    }

    private static String count(int n, String noun) {
        return n + " " + (n == 1 ? noun : noun.equals("delivery") ? "deliveries" : noun + "s");
    }

    /** Per partition of the target's topic: the group's committed offset and the end; their difference waits. */
    private record Waiting(String topic, Map<TopicPartition, long[]> ranges) {
        long count() {
            return ranges.values().stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
        }
    }

    private Waiting waiting(String target) throws InterruptedException, ExecutionException, TimeoutException {
        String topic = TargetDeliveries.topicOf(target);
        Admin admin = admin();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        try {
            var description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return new Waiting(topic, Map.of()); // nothing was ever handed to this target
            }
            throw e;
        }
        var ends = admin.listOffsets(latest).all().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupOf(target))
                .partitionsToOffsetAndMetadata().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, long[]> ranges = new LinkedHashMap<>();
        ends.forEach((partition, end) -> {
            OffsetAndMetadata done = committed.get(partition);
            // a group that never committed on the partition starts at its beginning (auto-offset-reset earliest)
            ranges.put(partition, new long[] { done == null ? -1 : done.offset(), end.offset() });
        });
        if (ranges.values().stream().anyMatch(r -> r[0] < 0)) {
            var earliest = new HashMap<TopicPartition, OffsetSpec>();
            ranges.forEach((partition, range) -> earliest.put(partition, OffsetSpec.earliest()));
            var starts = admin.listOffsets(earliest).all().get(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ranges.forEach((partition, range) -> {
                if (range[0] < 0) {
                    range[0] = starts.get(partition).offset();
                }
            });
        }
        return new Waiting(topic, ranges);
    }

    /** The consumer group of a target's delivery route (routes/resilience/target-delivery.camel.yaml). */
    static String groupOf(String target) {
        return "mfgsync-delivery-" + target;
    }

    private OffsetDateTime oldestOf(String target, Waiting waiting) {
        // the first waiting record of each partition is the oldest there
        Map<TopicPartition, long[]> firsts = new LinkedHashMap<>();
        waiting.ranges().forEach((partition, range) -> {
            if (range[1] > range[0]) {
                firsts.put(partition, new long[] { range[0], range[0] + 1 });
            }
        });
        return read(new Waiting(waiting.topic(), firsts), firsts.size()).stream().map(WaitingDelivery::requestedAt)
                .filter(t -> t != null).min(OffsetDateTime::compareTo).orElse(null);
    }

    /** Reads up to {@code max} waiting records, partition by partition in offset order, without joining any group. */
    private List<WaitingDelivery> read(Waiting waiting, int max) {
        List<WaitingDelivery> read = new ArrayList<>();
        Map<TopicPartition, long[]> open = new HashMap<>();
        waiting.ranges().forEach((partition, range) -> {
            if (range[1] > range[0]) {
                open.put(partition, range);
            }
        });
        if (open.isEmpty()) {
            return read;
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(open.keySet());
            open.forEach((partition, range) -> consumer.seek(partition, range[0]));
            long deadline = System.nanoTime() + BROKER_TIMEOUT.toNanos();
            while (!open.isEmpty() && read.size() < max && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    long[] range = open.get(partition);
                    if (range == null || record.offset() >= range[1] || read.size() >= max) {
                        continue;
                    }
                    read.add(waitingOf(record));
                    if (record.offset() + 1 >= range[1]) {
                        open.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
            }
        }
        return read;
    }

    private static WaitingDelivery waitingOf(ConsumerRecord<String, String> record) {
        DeliveryHeader header;
        try {
            header = CanonicalJson.MAPPER.readValue(record.value(), DeliveryHeader.class);
        } catch (Exception unreadable) {
            // a record the delivery route will refuse to the exceptions: still waiting, shown as unreadable
            header = new DeliveryHeader("unreadable", null, null, null, Map.of(), null, null, null);
        }
        return new WaitingDelivery(header.operation(), header.workflow(), header.step(), header.plant(),
                header.businessKeys(), header.correlationId(), header.idempotencyKey(), header.requestedAt(),
                record.partition(), record.offset());
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties properties = consumerProperties();
                    Properties adminProperties = new Properties();
                    for (String name : AdminClientConfig.configNames()) {
                        if (properties.containsKey(name)) {
                            adminProperties.put(name, properties.get(name));
                        }
                    }
                    adminProperties.put(AdminClientConfig.CLIENT_ID_CONFIG, "mfgsync-target-backlog");
                    admin = Admin.create(adminProperties);
                }
                current = admin;
            }
        }
        return current;
    }

    /** The Kafka component's own client settings (brokers, security), for a reader outside any consumer group. */
    private Properties consumerProperties() {
        KafkaConfiguration configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties properties = configuration.createConsumerProperties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "mfgsync-target-backlog");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
        properties.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
        return properties;
    }

    @PreDestroy
    void close() {
        Admin current = admin;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
