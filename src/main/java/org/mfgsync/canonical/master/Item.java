package org.mfgsync.canonical.master;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Master data: an item (material) as the owning ERP knows it (schemas/json/v1/item.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Item(
        String item,
        String description,
        ItemType itemType,
        String baseUnitOfMeasure,
        String revision,
        Boolean lotControlled,
        Boolean serialControlled,
        Boolean inspectionRequired,
        List<String> plants) {

    public enum ItemType {
        RAW_MATERIAL, COMPONENT, SEMI_FINISHED, FINISHED, PACKAGING, MRO
    }
}
