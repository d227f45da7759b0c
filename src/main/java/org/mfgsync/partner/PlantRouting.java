package org.mfgsync.partner;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.canonical.CanonicalJson;
import org.mfgsync.resilience.OutboundPolicy;

/**
 * Multi-ERP: the ERP instance that owns a plant, from {@code mappings/routing/plants.yaml}. A plant that is not
 * listed is refused with a clear reason; mfgsync never guesses an ERP.
 */
@ApplicationScoped
@Named("plantRouting")
public class PlantRouting {

    static final String TABLE = "routing/plants";
    /** Exchange property: the ERP instance a call goes to. */
    public static final String ERP_INSTANCE = "erpInstance";
    /** Exchange property: the plant the ERP instance was resolved for. */
    public static final String PLANT = "plant";

    private final WorkflowData data;

    @Inject
    public PlantRouting(WorkflowData data) {
        this.data = data;
    }

    public String erpFor(String plant) {
        if (plant == null || plant.isBlank()) {
            throw new BusinessRuleException("unknown-plant", "the event names no plant, so no ERP instance can be chosen");
        }
        PlantTable table = data.document(TABLE, PlantTable.class).orElseThrow(() -> new IllegalStateException(
                "no plant routing is in force: mappings/" + TABLE + ".yaml is missing or was rejected"));
        PlantTable.Plant entry = table.plants().get(plant);
        if (entry == null) {
            throw new BusinessRuleException("unknown-plant",
                    "plant " + plant + " is not routed to any ERP instance (mappings/" + TABLE + ".yaml)");
        }
        return entry.erp();
    }

    /**
     * Route step before an ERP call: the plant from the exchange property {@code plant}, else from the canonical
     * envelope or batch in the body; sets {@code erpInstance} and the resilience {@code target} to its ERP instance.
     */
    public void resolveErp(Exchange exchange) throws IOException {
        String plant = exchange.getProperty(PLANT, String.class);
        if (plant == null) {
            JsonNode body = CanonicalJson.MAPPER.readTree(exchange.getMessage().getBody(String.class));
            plant = body.path("plant").asText(null);
            exchange.setProperty(PLANT, plant);
        }
        String instance = erpFor(plant);
        exchange.setProperty(ERP_INSTANCE, instance);
        exchange.setProperty(OutboundPolicy.TARGET, instance);
    }
}
