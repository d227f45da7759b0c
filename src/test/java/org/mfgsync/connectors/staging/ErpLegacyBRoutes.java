package org.mfgsync.connectors.staging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * erp-legacy-b's instance wiring and tables as the tests use them: the statements are read from
 * {@code routes/erp/erp-legacy-b.camel.yaml} (not copied), the tables created from the simulator's DDL.
 */
final class ErpLegacyBRoutes {

    static final Path ROUTES = Path.of("routes/erp/erp-legacy-b.camel.yaml");
    static final Path DDL = Path.of("dev/simulators/erp-legacy-b/staging-tables.sql");

    private ErpLegacyBRoutes() {
    }

    /** The parameters of the templated route with that id. */
    @SuppressWarnings("unchecked")
    static Map<String, String> parameters(String routeId) {
        try {
            List<Object> items = (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(ROUTES));
            for (Object item : items) {
                Map<String, Object> templated = (Map<String, Object>) ((Map<String, Object>) item).get("templatedRoute");
                if (templated != null && routeId.equals(templated.get("routeId"))) {
                    Map<String, String> parameters = new LinkedHashMap<>();
                    for (Object p : (List<Object>) templated.get("parameters")) {
                        Map<String, Object> parameter = (Map<String, Object>) p;
                        parameters.put((String) parameter.get("name"), String.valueOf(parameter.get("value")));
                    }
                    return parameters;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("No templated route " + routeId + " in " + ROUTES);
    }

    static StagingClaim.Queries purchaseOrderQueries() {
        Map<String, String> p = parameters("erp-legacy-b.purchase-orders-in");
        return new StagingClaim.Queries(p.get("claimQuery"), p.get("itemsQuery"), p.get("keyColumn"),
                p.get("markPublished"), p.get("markFailed"));
    }

    /** Runs the DDL statement by statement (comments dropped), as a DBA would; twice does no harm. */
    static void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            StringBuilder sql = new StringBuilder();
            for (String line : Files.readAllLines(DDL)) {
                int comment = line.indexOf("--");
                sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
            }
            for (String command : sql.toString().split(";")) {
                if (!command.isBlank()) {
                    statement.execute(command);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
