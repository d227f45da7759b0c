package org.mfgsync.partner;

import java.util.Map;
import java.util.regex.Pattern;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code mappings/routing/plants.yaml}: which ERP instance owns each plant's stock and purchasing. */
@RegisterForReflection
public record PlantTable(Map<String, Plant> plants) implements WorkflowDataDocument {

    private static final Pattern PLANT_CODE = Pattern.compile("^[A-Za-z0-9]{1,10}$");
    private static final Pattern INSTANCE_ID = Pattern.compile("^[a-z][a-z0-9-]{1,62}$");

    @RegisterForReflection
    public record Plant(String name, String erp) {
    }

    @Override
    public void check() {
        if (plants == null || plants.isEmpty()) {
            throw new IllegalArgumentException("plants: at least one plant must be routed");
        }
        plants.forEach((code, plant) -> {
            if (!PLANT_CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("plants." + code + ": a plant code is 1 to 10 letters or digits");
            }
            if (plant == null || plant.erp() == null || !INSTANCE_ID.matcher(plant.erp()).matches()) {
                throw new IllegalArgumentException("plants." + code + ".erp: the ERP instance id is required "
                        + "(lower case, digits and dashes, e.g. erp-legacy-a)");
            }
        });
    }
}
