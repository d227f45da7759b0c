package org.mfgsync.canonical;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Net price per {@code priceUnit} units (1 when absent) in an ISO 4217 currency (common.schema.json#/$defs/price). */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Price(BigDecimal amount, String currency, BigDecimal priceUnit) {
}
