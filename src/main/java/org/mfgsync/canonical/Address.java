package org.mfgsync.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Postal address of a supplier or plant (common.schema.json#/$defs/address). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Address(String street, String postalCode, String city, String region, String country) {
}
