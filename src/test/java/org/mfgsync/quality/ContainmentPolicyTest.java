package org.mfgsync.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mfgsync.canonical.InventoryStatusChanged.StockStatus;
import org.mfgsync.canonical.LotDispositionDecided.LotDisposition;
import org.mfgsync.governance.reload.MappingValidator;
import org.mfgsync.governance.reload.SourceFile;

/** mappings/quality/containment-policy.yaml as an integration engineer edits it. */
class ContainmentPolicyTest {

    static final String PLACE = "quality/containment-policy.yaml";

    @Test
    void theShippedPolicyIsValidAndMapsEachDispositionToItsStatus() throws Exception {
        var result = validate(Files.readString(Path.of("mappings", PLACE)));

        assertThat(result.rejections()).isEmpty();
        ContainmentPolicy policy = (ContainmentPolicy) result.mappings().get("quality/containment-policy").compiled();
        assertThat(policy.release()).containsExactlyInAnyOrderEntriesOf(Map.of(
                LotDisposition.USE_AS_IS, StockStatus.UNRESTRICTED, LotDisposition.REWORK, StockStatus.QUALITY_INSPECTION,
                LotDisposition.RETURN_TO_SUPPLIER, StockStatus.BLOCKED, LotDisposition.SCRAP, StockStatus.BLOCKED));
    }

    @Test
    void aPolicyMissingADispositionIsRejectedNamingIt() throws Exception {
        String shipped = Files.readString(Path.of("mappings", PLACE));
        var result = validate(shipped.replace("  SCRAP: BLOCKED\n", ""));

        assertThat(result.rejections()).singleElement().satisfies(r ->
                assertThat(r.toString()).contains(PLACE).contains("release.SCRAP: missing"));
    }

    @Test
    void anUnknownStatusIsRejectedWithItsLine() throws Exception {
        String shipped = Files.readString(Path.of("mappings", PLACE));
        var result = validate(shipped.replace("USE_AS_IS: UNRESTRICTED", "USE_AS_IS: FREE"));

        assertThat(result.rejections()).singleElement().satisfies(r -> assertThat(r.toString()).contains("FREE"));
    }

    private static MappingValidator.Result validate(String yaml) {
        return new MappingValidator().validate(Map.of(PLACE, SourceFile.of(PLACE, null, yaml)), null);
    }
}
