package org.mfgsync.canonical.master;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

import org.mfgsync.canonical.Address;

/** Master data: a plant and the ERP instance that owns it (schemas/json/v1/plant.schema.json). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Plant(String plant, String name, String erpInstance, String timeZone, String currency, Address address) {
}
