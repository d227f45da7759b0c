package org.mfgsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The application with nothing around it: its own settings as shipped (every connector instance disabled, as
 * everywhere until configured) and a Kafka backbone that cannot be reached (a closed port), which a send gives up on
 * after 1 s instead of the shipped 5 s (the same refusal, sooner). No test resources: for the
 * tests of what the app does before anything is configured or while the backbone is down, with
 * {@code @TestProfile(NoPeers.class)} and nothing else. Every other end-to-end test uses {@link TestStack}.
 */
public class NoPeers implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("kafka.bootstrap.servers", "localhost:" + closedPort(), "camel.component.kafka.max-block-ms", "1000");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
