package org.mfgsync.connectors.rest;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.canonical.CanonicalJson;

/**
 * The cloud ERP's stock status API: a canonical {@code InventoryStatusChanged} envelope becomes the request body (the
 * payload: plant, item, lot, quantity, unitOfMeasure, status, reason, reference) and the resource it goes to —
 * {@code BLOCKED} to {@code /api/v1/stock-blocks}, {@code UNRESTRICTED} and {@code QUALITY_INSPECTION} (a release out
 * of blocked stock into that status) to {@code /api/v1/stock-releases}.
 */
@ApplicationScoped
@Named("cloudErpStockRequests")
public class CloudErpStockRequests {

    /** Exchange property set by {@link #toRequest}: the stock status the request posts. */
    public static final String STOCK_STATUS = "stockStatus";

    public void toRequest(Exchange exchange) throws IOException {
        JsonNode envelope = CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        JsonNode payload = envelope.path("payload");
        String status = payload.path("status").asText("");
        if (!payload.isObject() || status.isEmpty()) {
            throw new IllegalArgumentException("not an InventoryStatusChanged envelope: no payload.status");
        }
        exchange.setProperty(STOCK_STATUS, status);
        exchange.getMessage().setBody(CanonicalJson.MAPPER.writeValueAsString(payload));
    }
}
