package org.mfgsync.connectors.flatfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mfgsync.connectors.ConnectorsConfig;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class CompleteDeliveriesTest {

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-27T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();

    static ConnectorsConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ConnectorsConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(io.quarkus.runtime.configuration.MemorySize.class, 200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(ConnectorsConfig.class);
    }

    CompleteDeliveries deliveries(Map<String, String> properties) {
        return new CompleteDeliveries(config(properties), clock);
    }

    static CompleteDeliveries.Observation file(long size, long modified) {
        return new CompleteDeliveries.Observation("acme", "acme|/in/PO_1.csv", size, modified);
    }

    @Test
    void shouldTakeAFileWithoutConventionOnlyOnceUnchangedForThirtySecondsByDefault() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.enabled", "true"));
        CompleteDeliveries.Settings settings = deliveries.settings("acme");
        assertThat(settings.completion()).isEqualTo(ConnectorsConfig.Completion.STABLE);
        assertThat(settings.stableFor()).isEqualTo(Duration.ofSeconds(30));

        assertThat(deliveries.stable(settings, file(100, 1000))).as("first seen").isFalse();
        clock.advance(Duration.ofSeconds(29));
        assertThat(deliveries.stable(settings, file(100, 1000))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(deliveries.stable(settings, file(100, 1000))).as("30 s unchanged").isTrue();
    }

    @Test
    void shouldStartTheWaitAgainWhenSizeOrTimeChanges() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.intake.stable-for", "5s"));
        CompleteDeliveries.Settings settings = deliveries.settings("acme");
        deliveries.stable(settings, file(100, 1000));
        clock.advance(Duration.ofSeconds(4));
        assertThat(deliveries.stable(settings, file(200, 1000))).as("grew").isFalse();
        clock.advance(Duration.ofSeconds(4));
        assertThat(deliveries.stable(settings, file(200, 2000))).as("touched, same size").isFalse();
        clock.advance(Duration.ofSeconds(4));
        assertThat(deliveries.stable(settings, file(200, 2000))).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(deliveries.stable(settings, file(200, 2000))).isTrue();
    }

    @Test
    void shouldNeverTakeTemporaryHiddenOrMarkerNames() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.intake.completion", "marker",
                "mfgsync.connectors.endpoints.acme.intake.marker-file", "{base}.ok"));
        CompleteDeliveries.Settings settings = deliveries.settings("acme");
        assertThat(deliveries.neverTaken(settings, "PO_1.csv.part")).contains("temporary name");
        assertThat(deliveries.neverTaken(settings, "PO_1.CSV.TMP")).contains("temporary name");
        assertThat(deliveries.neverTaken(settings, "PO_1.csv~")).contains("temporary name");
        assertThat(deliveries.neverTaken(settings, ".PO_1.csv")).contains("hidden name");
        assertThat(deliveries.neverTaken(settings, "PO_1.ok")).contains("marker file");
        assertThat(deliveries.neverTaken(settings, "PO_1.csv")).isEmpty();
        assertThat(settings.markerFor("PO_1.csv")).isEqualTo("PO_1.ok");
    }

    @Test
    void shouldRefuseAMarkerThatDoesNotNameItsFileAndAnInstanceWithoutSettings() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.intake.completion", "marker",
                "mfgsync.connectors.endpoints.acme.intake.marker-file", "READY"));
        assertThatThrownBy(() -> deliveries.settings("acme")).hasMessageContaining(
                "mfgsync.connectors.endpoints.acme.intake.marker-file 'READY' must name the file it marks with {name} or {base}");
        assertThatThrownBy(() -> deliveries.settings("bolt"))
                .hasMessageContaining("Connector instance 'bolt' has no settings under mfgsync.connectors.endpoints.bolt.*");
    }

    @Test
    void shouldHoldAnIncompleteFileUntilItChangesOrItsDeadlinePasses() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.intake.incomplete-deadline", "10m"));
        CompleteDeliveries.Settings settings = deliveries.settings("acme");
        Instant first = clock.instant();
        assertThat(deliveries.foundIncomplete(file(100, 1000))).isEqualTo(first);
        assertThat(deliveries.heldIncomplete(settings, file(100, 1000))).isTrue();
        assertThat(deliveries.heldIncomplete(settings, file(150, 1500))).as("changed: looked at again").isFalse();

        clock.advance(Duration.ofMinutes(4));
        assertThat(deliveries.foundIncomplete(file(150, 1500))).as("the deadline runs from the first finding").isEqualTo(first);
        clock.advance(Duration.ofMinutes(6));
        assertThat(deliveries.heldIncomplete(settings, file(150, 1500))).as("deadline passed: taken to be rejected").isFalse();
    }

    @Test
    void shouldBoundEveryInstancesFilesByDefaultAndTakeItsOwnLimits() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.enabled", "true",
                "mfgsync.connectors.endpoints.bolt.intake.max-file-size", "512M",
                "mfgsync.connectors.endpoints.bolt.intake.max-line-length", "4096",
                "mfgsync.connectors.endpoints.bolt.intake.max-records", "1000"));

        assertThat(deliveries.settings("acme").limits()).isEqualTo(new FileLimits(2L << 30, 65_536, 10_000_000));
        assertThat(deliveries.settings("bolt").limits()).isEqualTo(new FileLimits(512L << 20, 4096, 1000));
    }

    @Test
    void shouldRefuseALimitThatIsNotPositiveNamingTheInstance() {
        CompleteDeliveries deliveries = deliveries(Map.of("mfgsync.connectors.endpoints.acme.intake.max-records", "0"));

        assertThatThrownBy(() -> deliveries.settings("acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mfgsync.connectors.endpoints.acme.intake.*").hasMessageContaining("max-records 0");
    }
}
