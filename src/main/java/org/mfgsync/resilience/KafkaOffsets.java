package org.mfgsync.resilience;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;

/**
 * Commits a consumed Kafka record's offset once the record is done (delivered, skipped as duplicate, or
 * dead-lettered), on the consumer's own thread. A record whose work is held is never committed, so it is consumed
 * again, in order, after a restart or rebalance.
 */
@ApplicationScoped
@Named("kafkaOffsets")
public class KafkaOffsets {

    /** Exchange property holding the record's commit handle (taken from the consumer's header when the route starts). */
    public static final String COMMIT = "kafkaCommit";

    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getProperty(COMMIT, KafkaManualCommit.class);
        if (commit != null) {
            commit.commit();
        }
    }
}
