package org.mfgsync.connectors.qms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.testing.Schemas;

/**
 * Golden files under mappings/qms/tests for the nonconformance and lot-disposition webhooks: each QMS input maps to
 * exactly the expected canonical event, and both sides are valid against their schemas.
 */
class QmsReleaseAndNonconformanceMappersTest {

    static final Path GOLDEN = Path.of("mappings/qms/tests");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T07:16:30Z"), ZoneOffset.UTC);
    static final UUID EVENT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    final NonconformanceMapper ncrMapper = new NonconformanceMapper(CLOCK, () -> EVENT_ID, "qms-cloud");
    final LotDispositionMapper dispositionMapper = new LotDispositionMapper(CLOCK, () -> EVENT_ID, "qms-cloud");

    static Stream<String> nonconformanceCases() throws IOException {
        return cases("nonconformance-");
    }

    static Stream<String> lotDispositionCases() throws IOException {
        return cases("lot-disposition-");
    }

    @ParameterizedTest
    @MethodSource("nonconformanceCases")
    void shouldMapAQmsNonconformanceToTheExpectedNonconformanceRaised(String goldenCase) throws IOException {
        String input = Files.readString(GOLDEN.resolve(goldenCase + ".input.json"));
        assertThat(Schemas.violations("qms-nonconformance", input)).as("input is a valid QMS NCR").isEmpty();

        var event = ncrMapper.toEvent(CanonicalJson.MAPPER.readValue(input, QmsNonconformance.class), "corr-golden-1");

        assertGolden(goldenCase, CanonicalJson.MAPPER.writeValueAsString(event), "nonconformance-raised");
    }

    @ParameterizedTest
    @MethodSource("lotDispositionCases")
    void shouldMapAQmsLotDispositionToTheExpectedLotDispositionDecided(String goldenCase) throws IOException {
        String input = Files.readString(GOLDEN.resolve(goldenCase + ".input.json"));
        assertThat(Schemas.violations("qms-lot-disposition", input)).as("input is a valid QMS release").isEmpty();

        var event = dispositionMapper.toEvent(CanonicalJson.MAPPER.readValue(input, QmsLotDisposition.class), "corr-golden-1");

        assertGolden(goldenCase, CanonicalJson.MAPPER.writeValueAsString(event), "lot-disposition-decided");
    }

    @Test
    void shouldGiveAnotherDispositionOfTheSameLotANewIdempotencyKey() throws IOException {
        var useAsIs = CanonicalJson.MAPPER.readValue(Files.readString(GOLDEN.resolve("lot-disposition-use-as-is.input.json")),
                QmsLotDisposition.class);
        var scrap = new QmsLotDisposition(useAsIs.plant(), useAsIs.item(), useAsIs.lot(), "SCRAP", useAsIs.decidedAt(),
                null, null, null, null, null, null, null, null);

        assertThat(LotDispositionMapper.idempotencyKey(scrap)).isNotEqualTo(LotDispositionMapper.idempotencyKey(useAsIs));
        assertThat(LotDispositionMapper.idempotencyKey(useAsIs)).isEqualTo("qms:3000:BRK-4711:L-88231:disposition:USE_AS_IS");
    }

    @Test
    void shouldKeyANonconformanceToItsLotsPartition() throws IOException {
        var ncr = CanonicalJson.MAPPER.readValue(Files.readString(GOLDEN.resolve("nonconformance-supplier-major.input.json")),
                QmsNonconformance.class);

        assertThat(NonconformanceMapper.partitionKey(ncr)).isEqualTo("3000:BRK-4711:L-88231");
    }

    private static void assertGolden(String goldenCase, String actual, String schema) throws IOException {
        String expected = Files.readString(GOLDEN.resolve(goldenCase + ".expected.json"));
        assertThat(CanonicalJson.MAPPER.readTree(actual)).isEqualTo(CanonicalJson.MAPPER.readTree(expected));
        assertThat(Schemas.violations(schema, actual)).as("output is a valid canonical event").isEmpty();
    }

    private static Stream<String> cases(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".input.json"))
                    .map(n -> n.substring(0, n.length() - ".input.json".length()))
                    .sorted().toList().stream();
        }
    }
}
