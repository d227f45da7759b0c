import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.mfgsync.visibility.TraceQuery;
import org.mfgsync.visibility.TraceSearch;

/**
 * make bench-trace: trace lookups on PostgreSQL through the product's own query code (visibility.TraceQuery, the class
 * behind GET /api/v1/traces), beside a plain-JDBC floor.
 * <ol>
 * <li>applies the app's migrations (src/main/resources/db/migration, in version order, as Flyway would);</li>
 * <li>fills workflow_step and trace_key with generate_series: FLOWS flow instances of 5 steps each over the last 30
 * days, 50,000 POs (20 flows each, each PO with one of 200 suppliers and one of 20 plants), 20,000 items, a lot per two
 * flows (its containment and its release), 6 keys per flow (7 for containments: their inspection lot). The secondary
 * indexes are dropped for the load and created again from their own definitions, then ANALYZE;</li>
 * <li>times LOOKUPS searches each (after a warm-up) of random existing keys: by purchase order and by lot (the API's
 * widest window, 31 days, first page of 50 flows, each flow with its keys, steps and exception records) and by
 * correlation id (the three bars), and by supplier (a full page of 50 of its 5,000 flows, for information); the floor is
 * the simplest indexed single-table SELECT (a flow's steps by correlation id).</li>
 * </ol>
 * Usage: java -cp CLASSES:POSTGRESQL TraceLookupBench.java JDBC_URL USER MIGRATIONS_DIR FLOWS LOOKUPS. Prints a markdown
 * table and, last, the flat figures as key=value for dev/bench/Results.java.
 */
public class TraceLookupBench {

    static final int STEPS_PER_FLOW = 5;
    static final int POS = 50_000;
    static final int SUPPLIERS = 200;
    static final int PLANTS = 20;
    static final int ITEMS = 20_000;
    static final Duration SPREAD = Duration.ofDays(30);

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        Path migrations = Path.of(args[2]);
        int flows = Integer.parseInt(args[3]);
        int lookups = Integer.parseInt(args[4]);

        try (Connection c = DriverManager.getConnection(url, user, "")) {
            long start = System.nanoTime();
            migrate(c, migrations);
            fill(c, flows);
            log("loaded and analyzed in %.0f s", (System.nanoTime() - start) / 1e9);
            long rows = count(c, "SELECT COUNT(*) FROM workflow_step");
            long keyRows = count(c, "SELECT COUNT(*) FROM trace_key");
            log("workflow_step: %,d rows; trace_key: %,d rows", rows, keyRows);

            // the app borrows an open connection from its pool for each query; here one open connection stands for it
            TraceQuery query = new TraceQuery(shared(c), 1000, 500);
            Instant now = Instant.now();
            TraceSearch.Limits limits = new TraceSearch.Limits() {
                public Duration defaultWindow() {
                    return Duration.ofDays(7);
                }

                public Duration maxWindow() {
                    return Duration.ofDays(31);
                }

                public int defaultPageSize() {
                    return 50;
                }

                public int maxPageSize() {
                    return 200;
                }
            };
            String window = "&from=" + now.minus(Duration.ofDays(31)) + "&to=" + now;
            Random random = new Random(42);

            double[] po = measure(lookups, random, i -> {
                TraceQuery.Page page = query.search(TraceSearch.parse("purchaseOrder=" + po(i % POS) + window, limits, now));
                return expectFlows(page, "purchaseOrder " + po(i % POS));
            }, flows);
            double[] lot = measure(lookups, random, i -> {
                TraceQuery.Page page = query.search(TraceSearch.parse("lot=" + lot(i) + window, limits, now));
                return expectFlows(page, "lot " + lot(i));
            }, flows);
            double[] correlation = measure(lookups, random, i -> {
                TraceQuery.Page page = query.search(TraceSearch.parse("correlationId=" + correlationId(i), limits, now));
                return expectFlows(page, "correlation id of flow " + i);
            }, flows);
            // not one of the three bars: a supplier has 5,000 flows in the window, so this is a full page of 50
            double[] supplier = measure(lookups, random, i -> {
                String id = "SUP-" + String.format("%04d", (i % POS) % SUPPLIERS);
                TraceQuery.Page page = query.search(TraceSearch.parse("supplier=" + id + window, limits, now));
                return expectFlows(page, "supplier " + id);
            }, flows);
            PreparedStatement plain = c.prepareStatement("SELECT id, step, outcome, recorded_at FROM workflow_step WHERE correlation_id = ?");
            double[] floor = measure(lookups, random, i -> {
                try {
                    plain.setString(1, correlationId(i));
                    int found = 0;
                    try (ResultSet rs = plain.executeQuery()) {
                        while (rs.next()) {
                            found++;
                        }
                    }
                    if (found != STEPS_PER_FLOW) {
                        throw new IllegalStateException("flow " + i + " has " + found + " steps");
                    }
                    return found;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, flows);

            System.out.println();
            System.out.println("| lookup (" + lookups + " each, random existing keys) | flows found (mean) | p50 ms | p99 ms |");
            System.out.println("|---|---|---|---|");
            row("by purchase order (TraceQuery, 31-day window, page of 50)", po);
            row("by lot (TraceQuery, 31-day window)", lot);
            row("by correlation id (TraceQuery)", correlation);
            row("by supplier (TraceQuery, 31-day window, a full page of 50)", supplier);
            row("plain JDBC floor: one flow's steps by correlation id", floor);
            System.out.println();
            double worst = Math.max(po[2], Math.max(lot[2], correlation[2]));
            System.out.printf("trace_rows=%d%n", rows);
            System.out.printf("trace_key_rows=%d%n", keyRows);
            System.out.printf("trace_lookup_p99_ms=%.2f%n", worst);
            System.out.printf("trace_lookup_po_p99_ms=%.2f%n", po[2]);
            System.out.printf("trace_lookup_po_p50_ms=%.2f%n", po[1]);
            System.out.printf("trace_lookup_lot_p99_ms=%.2f%n", lot[2]);
            System.out.printf("trace_lookup_lot_p50_ms=%.2f%n", lot[1]);
            System.out.printf("trace_lookup_correlation_p99_ms=%.2f%n", correlation[2]);
            System.out.printf("trace_lookup_correlation_p50_ms=%.2f%n", correlation[1]);
            System.out.printf("trace_lookup_supplier_p99_ms=%.2f%n", supplier[2]);
            System.out.printf("trace_lookup_supplier_p50_ms=%.2f%n", supplier[1]);
            System.out.printf("trace_plain_p99_ms=%.2f%n", floor[2]);
            System.out.printf("trace_plain_p50_ms=%.2f%n", floor[1]);
        }
    }

    // ---- the data: the same formulas in SQL (the load) and in Java (the keys looked up) ----------------------------

    static String po(long n) {
        return Long.toString(4_500_000_000L + n);
    }

    static String lot(long flow) {
        return "L-" + (flow / 2);
    }

    /** Correlation ids are random-looking like the app's: PostgreSQL's md5 of the flow number (hex), computed here alike. */
    static String correlationId(long flow) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(Long.toString(flow).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void fill(Connection c, int flows) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '256MB'");
            s.execute("SET synchronous_commit = off");
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('workflow_step', 'trace_key') "
                    + "AND indexname NOT LIKE 'pk_%' AND indexname NOT LIKE '%_pkey'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                }
            }
            for (String definition : indexes) {
                s.execute("DROP INDEX " + definition.replaceAll("^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
            }
            c.commit();
            // flow f (0 = oldest) starts at now - 30 days + f * spread/flows; its steps follow a few seconds apart.
            // PO, supplier and plant: PO = f mod 50,000, supplier = PO mod 200, plant = PO mod 20; lot = f / 2.
            String flow = "SELECT f, md5(f::text) AS corr, (4500000000 + f % " + POS + ")::text AS po, "
                    + "'SUP-' || lpad(((f % " + POS + ") % " + SUPPLIERS + ")::text, 4, '0') AS supplier, "
                    + "(1000 + (f % " + POS + ") % " + PLANTS + ")::text AS plant, 'ITEM-' || (f % " + ITEMS + ") AS item, "
                    + "'L-' || (f / 2) AS lot, CASE f % 3 WHEN 0 THEN 'po-revision' WHEN 1 THEN 'quality-containment' "
                    + "ELSE 'supplier-commit' END AS workflow, "
                    + "now() - interval '" + SPREAD.toDays() + " days' + (f * " + SPREAD.toSeconds() + ".0 / " + flows + ") * interval '1 second' AS t "
                    + "FROM generate_series(0, " + (flows - 1) + ") AS f";
            log("loading %,d flows x %d steps into workflow_step", flows, STEPS_PER_FLOW);
            s.execute("INSERT INTO workflow_step (correlation_id, workflow, step, outcome, target, event_id, event_type, plant, "
                    + "purchase_order, supplier, item, lot, detail, started_at, recorded_at, elapsed_millis, sla_millis, sla_breached) "
                    + "SELECT corr, workflow, 'step-' || k, CASE WHEN k = 4 AND f % 50 = 0 THEN 'FAILED' ELSE 'DONE' END, "
                    + "CASE k WHEN 0 THEN NULL WHEN 1 THEN 'erp-cloud' WHEN 2 THEN 'qms-cloud' ELSE 'supplier-cobalt' END, "
                    + "md5(f::text || '-event'), CASE workflow WHEN 'po-revision' THEN 'PurchaseOrderChanged' "
                    + "WHEN 'quality-containment' THEN 'InspectionCompleted' ELSE 'SupplierCommitChanged' END, "
                    + "plant, po, supplier, item, lot, NULL, t, t + k * interval '3 seconds', k * 3000, 60000, f % 997 = 0 "
                    + "FROM (" + flow + ") flows CROSS JOIN generate_series(0, " + (STEPS_PER_FLOW - 1) + ") AS k");
            c.commit();
            log("loading their business keys into trace_key");
            s.execute("INSERT INTO trace_key (correlation_id, key_name, key_value, first_seen_at) "
                    + "SELECT corr, key.name, key.value, t FROM (" + flow + ") flows CROSS JOIN LATERAL (VALUES "
                    + "('purchaseOrder', po), ('poLine', '10'), ('supplier', supplier), ('plant', plant), ('item', item), "
                    + "('lot', lot), ('inspectionLot', CASE WHEN workflow = 'quality-containment' THEN 'IL-' || f END)) "
                    + "AS key(name, value) WHERE key.value IS NOT NULL");
            c.commit();
            log("creating the %d secondary indexes again", indexes.size());
            for (String definition : indexes) {
                s.execute(definition);
                c.commit();
            }
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE workflow_step");
            s.execute("VACUUM ANALYZE trace_key");
        }
    }

    static void migrate(Connection c, Path folder) throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        }
        try (Statement s = c.createStatement()) {
            for (Path file : files) {
                StringBuilder sql = new StringBuilder();
                for (String line : Files.readString(file).split("\n")) {
                    if (!line.trim().startsWith("--")) {
                        sql.append(line).append('\n');
                    }
                }
                for (String command : sql.toString().split(";")) {
                    if (!command.isBlank()) {
                        s.execute(command);
                    }
                }
            }
        }
        log("applied %d migrations (%s .. %s)", files.size(), files.get(0).getFileName(), files.get(files.size() - 1).getFileName());
    }

    // ---- measuring -------------------------------------------------------------------------------------------------

    /** [mean result, p50 ms, p99 ms] over {@code lookups} random flows, after a warm-up of a fifth as many. */
    static double[] measure(int lookups, Random random, IntFunction<Integer> lookup, int flows) {
        for (int i = 0; i < lookups / 5; i++) {
            lookup.apply(random.nextInt(flows));
        }
        long[] nanos = new long[lookups];
        long found = 0;
        for (int i = 0; i < lookups; i++) {
            int flow = random.nextInt(flows);
            long start = System.nanoTime();
            found += lookup.apply(flow);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return new double[] { (double) found / lookups, nanos[(int) Math.ceil(lookups * 0.50) - 1] / 1e6,
                nanos[(int) Math.ceil(lookups * 0.99) - 1] / 1e6 };
    }

    static int expectFlows(TraceQuery.Page page, String what) {
        if (page.flows().isEmpty()) {
            throw new IllegalStateException("no flow found by " + what);
        }
        for (TraceQuery.Flow flow : page.flows()) {
            if (flow.steps().size() != STEPS_PER_FLOW || flow.businessKeys().isEmpty()) {
                throw new IllegalStateException("flow " + flow.correlationId() + " found by " + what + " is incomplete");
            }
        }
        return page.flows().size();
    }

    static void row(String what, double[] figures) {
        System.out.printf("| %s | %.1f | %.2f | %.2f |%n", what, figures[0], figures[1], figures[2]);
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A DataSource handing out the one open connection, whose close() returns it (as a pool would) instead of closing it. */
    static DataSource shared(Connection connection) {
        Connection borrowed = (Connection) Proxy.newProxyInstance(TraceLookupBench.class.getClassLoader(),
                new Class<?>[] { Connection.class }, (proxy, method, args) -> method.getName().equals("close") ? null
                        : invoke(method, connection, args));
        return (DataSource) Proxy.newProxyInstance(TraceLookupBench.class.getClassLoader(), new Class<?>[] { DataSource.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return borrowed;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("[bench-trace] " + format + "%n", args);
    }
}
