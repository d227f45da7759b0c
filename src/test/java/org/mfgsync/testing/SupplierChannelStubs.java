package org.mfgsync.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.camel.builder.RouteBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Stand-ins for supplier channel connectors (contract 3, {@code direct:supplier.<channel>.purchase-orders}) where a
 * test runs without the real one: each call is recorded with its idempotency key, so a test can count deliveries.
 * Active only for the channels a test profile lists in {@code test.supplier-channel-stubs}.
 */
@ApplicationScoped
public class SupplierChannelStubs extends RouteBuilder {

    /** One call of a stubbed channel. */
    public record Delivery(String channel, String idempotencyKey, String correlationId, String body) {
    }

    public static final List<Delivery> DELIVERIES = new CopyOnWriteArrayList<>();
    /** Channels that fail every call as unavailable (a transient failure), as a channel that is down does. */
    public static final java.util.Set<String> DOWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void configure() {
        String channels = ConfigProvider.getConfig().getOptionalValue("test.supplier-channel-stubs", String.class).orElse("");
        for (String channel : channels.split(",")) {
            if (channel.isBlank()) {
                continue;
            }
            from("direct:supplier." + channel.trim() + ".purchase-orders").routeId("test.supplier-stub." + channel.trim())
                    .errorHandler(noErrorHandler())
                    .process(e -> {
                        if (DOWN.contains(channel.trim())) {
                            throw new org.mfgsync.resilience.TargetUnavailableException(channel.trim());
                        }
                    })
                    .process(e -> DELIVERIES.add(new Delivery(channel.trim(), e.getProperty("idempotencyKey", String.class),
                            e.getProperty("correlationId", String.class), e.getMessage().getBody(String.class))));
        }
    }

    public static List<Delivery> deliveries(String idempotencyKey) {
        return DELIVERIES.stream().filter(d -> idempotencyKey.equals(d.idempotencyKey())).toList();
    }
}
