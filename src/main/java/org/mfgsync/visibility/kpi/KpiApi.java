package org.mfgsync.visibility.kpi;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.apache.camel.Exchange;
import org.mfgsync.backbone.BusinessRuleException;
import org.mfgsync.governance.ProblemDetails;
import org.mfgsync.partner.PlantRouting;
import org.mfgsync.visibility.kpi.KpiPeriod.InvalidPeriodException;

/**
 * The KPI and supplier scorecard APIs (routes/api/kpis.camel.yaml), behind the admin credential: each operation writes
 * the HTTP answer. Bad input is refused with problem+json naming the parameter (400), an unknown supplier with 404.
 * Nothing is logged here: a query names suppliers and plants, and a query is no business event.
 */
@ApplicationScoped
@Named("kpiApi")
public class KpiApi {

    /** Exchange property: the supplier of a scorecard request (the route moves the path parameter here). */
    public static final String SUPPLIER = "scorecardSupplier";

    private final KpiStore store;
    private final KpiConfig config;
    private final PlantRouting plants;
    private final Clock clock;

    @Inject
    public KpiApi(KpiStore store, KpiConfig config, PlantRouting plants) {
        this(store, config, plants, Clock.systemUTC());
    }

    KpiApi(KpiStore store, KpiConfig config, PlantRouting plants, Clock clock) {
        this.store = store;
        this.config = config;
        this.plants = plants;
        this.clock = clock;
    }

    /** GET /api/v1/kpis?from=&to=&plant= */
    public void kpis(Exchange exchange) throws IOException {
        KpiPeriod period;
        try {
            period = KpiPeriod.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class),
                    KpiPeriod.KPI_PARAMETERS, config, clock.instant());
            if (period.plant() != null) {
                requireKnownPlant(period.plant());
            }
        } catch (InvalidPeriodException invalid) {
            invalid(exchange, "Invalid KPI query", invalid);
            return;
        }
        respond(exchange, Kpis.of(period, store.kpiFacts(period)));
    }

    /** GET /api/v1/suppliers/{id}/scorecard?from=&to= */
    public void scorecard(Exchange exchange) throws IOException {
        String supplier = exchange.getProperty(SUPPLIER, String.class);
        KpiPeriod period;
        try {
            if (supplier == null || !supplier.matches("[A-Za-z0-9._-]{1,20}")) {
                throw new InvalidPeriodException("id", "The supplier id must be 1 to 20 letters, digits, '.', '-' or '_'");
            }
            period = KpiPeriod.parse(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class),
                    KpiPeriod.SCORECARD_PARAMETERS, config, clock.instant());
        } catch (InvalidPeriodException invalid) {
            invalid(exchange, "Invalid scorecard query", invalid);
            return;
        }
        if (!store.knowsSupplier(supplier)) {
            problem(exchange, 404, "not-found", "No such supplier", "mfgsync has no purchase order, commit or containment of "
                    + "this supplier", List.of(new ProblemDetails.Violation("id", "known-supplier", "unknown supplier")));
            return;
        }
        respond(exchange, Scorecard.of(supplier, period, store.scorecardFacts(supplier, period)));
    }

    private void requireKnownPlant(String plant) {
        try {
            plants.erpFor(plant);
        } catch (BusinessRuleException unknown) {
            throw new InvalidPeriodException("plant", "Plant '" + plant + "' is not a known plant (mappings/routing/plants.yaml)");
        }
    }

    private static void invalid(Exchange exchange, String title, InvalidPeriodException invalid) throws IOException {
        List<ProblemDetails.Violation> violations = new ArrayList<>();
        violations.add(new ProblemDetails.Violation(invalid.parameter(), "query-parameter", invalid.getMessage()));
        problem(exchange, 400, "invalid-query", title, invalid.getMessage(), violations);
    }

    private static void respond(Exchange exchange, Object body) throws IOException {
        ProblemDetails.answerJson(exchange, 200, body);
    }

    private static void problem(Exchange exchange, int status, String type, String title, String detail,
            List<ProblemDetails.Violation> violations) throws IOException {
        ProblemDetails.answerProblem(exchange, status, type, title, detail, violations);
    }
}
