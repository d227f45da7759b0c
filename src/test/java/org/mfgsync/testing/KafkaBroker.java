package org.mfgsync.testing;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real single-node Kafka (KRaft, combined broker and controller) in the test JVM. */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {

    private static KafkaClusterTestKit cluster;

    @Override
    public Map<String, String> start() {
        try {
            cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    // one partition per topic: tests may rely on the order of everything they publish
                    .setConfigProp("num.partitions", 1)
                    .setConfigProp("offsets.topic.replication.factor", (short) 1)
                    .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka test broker did not start", e);
        }
        return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
    }

    @Override
    public void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            cluster = null;
        }
    }

    /** Stops the broker (the KRaft controller keeps running), as a broker outage would. */
    public static void stopBroker() {
        cluster.brokers().values().forEach(broker -> broker.shutdown());
    }

    /** Starts the stopped broker again on the same address. */
    public static void restartBroker() {
        try {
            cluster.brokers().values().forEach(broker -> broker.startup());
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka test broker did not restart", e);
        }
    }

    public static String bootstrapServers() {
        return cluster.bootstrapServers();
    }
}
