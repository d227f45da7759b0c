package org.mfgsync.partner;



import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.governance.reload.MappingValidator;
import org.mfgsync.governance.reload.SourceFile;
import org.mfgsync.testing.ValidatedMappings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plant → ERP routing as an integration engineer edits it in mappings/routing/plants.yaml. */
class PlantRoutingTest {

    @Test
    void theShippedTableRoutesEachPlantToItsErpInstance() {
        PlantRouting routing = new PlantRouting(new WorkflowData(ValidatedMappings.loadedFrom(Path.of("mappings"))));

        assertThat(routing.erpFor("1000")).isEqualTo("erp-legacy-a");
        assertThat(routing.erpFor("2000")).isEqualTo("erp-legacy-b");
        assertThat(routing.erpFor("3000")).isEqualTo("erp-cloud");
    }

    @Test
    void anUnknownPlantIsRefusedWithItsReasonNeverGuessed() {
        PlantRouting routing = new PlantRouting(new WorkflowData(ValidatedMappings.loadedFrom(Path.of("mappings"))));

        assertThatThrownBy(() -> routing.erpFor("9999"))
                .isInstanceOfSatisfying(BusinessRuleException.class, e -> assertThat(e.errorClass()).isEqualTo("unknown-plant"))
                .hasMessage("plant 9999 is not routed to any ERP instance (mappings/routing/plants.yaml)");
        assertThatThrownBy(() -> routing.erpFor(null)).isInstanceOf(BusinessRuleException.class)
                .hasMessageContaining("names no plant");
    }

    @Test
    void aMisspelledKeyIsRejectedWithItsLineAndTheFileStaysOutOfForce() {
        var result = validate("""
                plants:
                  "1000":
                    name: Stuttgart
                    erp_instance: erp-legacy-a
                """);

        assertThat(result.valid()).isFalse();
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.toString()).contains("mappings/routing/plants.yaml").contains("erp_instance");
            assertThat(r.line()).isEqualTo(4);
        });
        assertThat(result.mappings()).doesNotContainKey("routing/plants");
    }

    @Test
    void aPlantWithoutAnErpInstanceIsRejectedNamingThePlant() {
        var result = validate("""
                plants:
                  "2000":
                    name: Brno
                """);

        assertThat(result.rejections()).singleElement().satisfies(r ->
                assertThat(r.toString()).contains("plants.2000.erp: the ERP instance id is required"));
    }

    @Test
    void yamlInAnUnknownPlaceIsRejectedNamingTheKnownPlaces() {
        var result = new MappingValidator().validate(Map.of("routing/plant.yaml",
                SourceFile.of("routing/plant.yaml", null, "plants: {}\n")), null);

        assertThat(result.rejections()).singleElement().satisfies(r ->
                assertThat(r.toString()).contains("no workflow data is kept at routing/plant.yaml").contains("routing/plants.yaml"));
    }

    private static MappingValidator.Result validate(String plantsYaml) {
        return new MappingValidator().validate(Map.of("routing/plants.yaml", SourceFile.of("routing/plants.yaml", null, plantsYaml)), null);
    }
}
