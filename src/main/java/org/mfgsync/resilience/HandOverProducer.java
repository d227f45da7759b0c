package org.mfgsync.resilience;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka producer for work a step hands to the next (a delivery to a target's topic). Inside a poll batch
 * ({@link PollBatch}) the send is not awaited: the batch waits once for all of its acknowledgements. Outside one the
 * send is awaited before the step goes on. The client settings (brokers, acks, idempotence, security) are the Kafka
 * component's own ({@code camel.component.kafka.*}), so there is one place to configure the backbone.
 */
@ApplicationScoped
@Named("handOvers")
public class HandOverProducer {

    /** Longest wait for one acknowledgement outside a batch: the component's delivery timeout bounds it too. */
    static final long ACK_TIMEOUT_MILLIS = 15_000;

    private final CamelContext camel;
    private volatile Producer<String, String> producer;

    @Inject
    public HandOverProducer(CamelContext camel) {
        this.camel = camel;
    }

    /** Sends one record; in a batch the acknowledgement is awaited by the batch, else here. */
    public void send(Exchange exchange, String topic, String key, String value, Map<String, Object> headers)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, headerValue) -> {
            if (headerValue != null) {
                record.headers().add(name, headerValue.toString().getBytes(StandardCharsets.UTF_8));
            }
        });
        Future<?> acknowledgement = producer().send(record);
        PollBatch batch = PollBatch.of(exchange);
        if (batch != null) {
            batch.handedOver(exchange, acknowledgement);
        } else {
            acknowledgement.get(ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Route step before a stream of events from one input (a file's records): their sends are not awaited one by one;
     * {@link #awaitAll} waits once for all of them.
     */
    public void open(Exchange exchange) {
        exchange.setProperty(PollBatch.PROPERTY, new PollBatch());
        exchange.setProperty(PollBatch.RECORD_INDEX, 0);
    }

    /** Route step: sends the message (a canonical event: body, Kafka key and backbone headers) to {@code topic}. */
    public void publish(Exchange exchange, String topic) throws Exception {
        Message message = exchange.getMessage();
        Map<String, Object> headers = new LinkedHashMap<>();
        message.getHeaders().forEach((name, value) -> {
            if (value instanceof String && !name.startsWith("Camel") && !name.startsWith("kafka.")) {
                headers.put(name, value);
            }
        });
        send(exchange, topic, message.getHeader(KafkaConstants.KEY, String.class), message.getMandatoryBody(String.class), headers);
    }

    /** Route step after the stream: every send acknowledged, or the first failure thrown (the input is taken again). */
    public void awaitAll(Exchange exchange) throws Exception {
        PollBatch sends = PollBatch.of(exchange);
        exchange.removeProperty(PollBatch.PROPERTY);
        exchange.removeProperty(PollBatch.RECORD_INDEX);
        if (sends == null) {
            return;
        }
        boolean[] done = { true };
        Throwable[] failures = new Throwable[1];
        sends.complete(ACK_TIMEOUT_MILLIS, done, failures);
        if (!done[0]) {
            throw failures[0] instanceof Exception e ? e : new IllegalStateException(failures[0]);
        }
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(properties(), new StringSerializer(), new StringSerializer());
                }
                current = producer;
            }
        }
        return current;
    }

    private Properties properties() {
        KafkaConfiguration configuration = camel.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Properties properties = configuration.createProducerProperties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configuration.getBrokers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "mfgsync-hand-over");
        properties.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        properties.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return properties;
    }

    @PreDestroy
    void close() {
        Producer<String, String> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }
}
