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

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.testing.Schemas;

/** Golden files under mappings/qms/tests: each QMS input maps to exactly the expected canonical event. */
class InspectionResultMapperTest {

    static final Path GOLDEN = Path.of("mappings/qms/tests");

    final InspectionResultMapper mapper = new InspectionResultMapper(
            Clock.fixed(Instant.parse("2026-11-27T07:16:30Z"), ZoneOffset.UTC),
            () -> UUID.fromString("00000000-0000-0000-0000-000000000001"), "qms-cloud");

    static Stream<String> goldenCases() throws IOException {
        try (Stream<Path> files = Files.list(GOLDEN)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("inspection-result-") && n.endsWith(".input.json"))
                    .map(n -> n.substring(0, n.length() - ".input.json".length()))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void shouldMapQmsInspectionResultToTheExpectedCanonicalEvent(String goldenCase) throws IOException {
        String input = Files.readString(GOLDEN.resolve(goldenCase + ".input.json"));
        String expected = Files.readString(GOLDEN.resolve(goldenCase + ".expected.json"));
        assertThat(Schemas.violations("qms-inspection-result", input)).as("input is a valid QMS result").isEmpty();

        var event = mapper.toEvent(CanonicalJson.MAPPER.readValue(input, QmsInspectionResult.class), "corr-golden-1");
        String actual = CanonicalJson.MAPPER.writeValueAsString(event);

        assertThat(CanonicalJson.MAPPER.readTree(actual)).isEqualTo(CanonicalJson.MAPPER.readTree(expected));
        assertThat(Schemas.violations("inspection-completed", actual)).as("output is a valid canonical event").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("goldenCases")
    void shouldKeyEventsOfOneLotToOnePartition(String goldenCase) throws IOException {
        String input = Files.readString(GOLDEN.resolve(goldenCase + ".input.json"));
        var result = CanonicalJson.MAPPER.readValue(input, QmsInspectionResult.class);
        var event = mapper.toEvent(result, "c");

        assertThat(InspectionResultMapper.partitionKey(event))
                .isEqualTo(result.plant() + ":" + result.item() + ":" + result.lot());
    }

    @org.junit.jupiter.api.Test
    void shouldGiveAChangedDecisionANewIdempotencyKey() throws IOException {
        var rejected = CanonicalJson.MAPPER.readValue(
                Files.readString(GOLDEN.resolve("inspection-result-rejected.input.json")), QmsInspectionResult.class);
        var accepted = new QmsInspectionResult(rejected.inspectionLot(), rejected.plant(), rejected.item(), rejected.lot(),
                rejected.supplier(), rejected.purchaseOrder(), rejected.poLine(), "ACCEPTED", rejected.lotQuantity(),
                rejected.sampledQuantity(), rejected.acceptedQuantity(), rejected.rejectedQuantity(),
                rejected.unitOfMeasure(), rejected.defectCodes(), rejected.inspectedAt());

        assertThat(InspectionResultMapper.idempotencyKey(rejected)).isEqualTo(InspectionResultMapper.idempotencyKey(rejected));
        assertThat(InspectionResultMapper.idempotencyKey(accepted)).isNotEqualTo(InspectionResultMapper.idempotencyKey(rejected));
    }
}
