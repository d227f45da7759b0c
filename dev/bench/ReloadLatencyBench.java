import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

/**
 * Reload latency of the running app: time from a route file's write returning until the change is in force, seen
 * in the app's behaviour (never in a log line or the reload record).
 *   java dev/bench/ReloadLatencyBench.java <app-url> <routes-dir> <edits>
 * HTTP route: a platform-http route added for the bench; in force when GET /bench/probe answers the new text.
 * Kafka consumer route: the product's inspection consumer (quality.contain-inspection, wherever it lives under the
 * routes folder) gets a first step that wire-taps each consumed record to an HTTP observer of this bench, naming the
 * edit; in force when a rejected inspection posted to the QMS API reaches the observer through the edited version.
 * Prints a Markdown table and the figures as "RESULT key=value" lines; a failure prints one line saying what and
 * why, and exits non-zero.
 */
public class ReloadLatencyBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final long IN_FORCE_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    static final String KAFKA_ROUTE = "quality.contain-inspection";

    /** A failure the bench can explain in one line. */
    static final class BenchFailure extends Exception {
        BenchFailure(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java dev/bench/ReloadLatencyBench.java <app-url> <routes-dir> <edits>");
            System.exit(2);
        }
        try {
            run(args[0], Path.of(args[1]), Integer.parseInt(args[2]));
        } catch (BenchFailure e) {
            System.err.println("bench-reload failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(String app, Path routes, int edits) throws Exception {
        List<Long> http = httpRouteEdits(app, routes, edits);
        List<Long> kafka = kafkaRouteEdits(app, routes, edits);

        System.out.println("| reload latency, write → in force (" + edits + " edits each) | median | max | all (ms) |");
        System.out.println("|---|---|---|---|");
        System.out.println(row("HTTP route (platform-http): GET answers the new version", http));
        System.out.println(row("Kafka consumer route (" + KAFKA_ROUTE + "): a new record runs through the new version", kafka));
        System.out.println("RESULT p5_http_median_ms=" + median(http));
        System.out.println("RESULT p5_http_max_ms=" + Collections.max(http));
        System.out.println("RESULT p5_kafka_median_ms=" + median(kafka));
        System.out.println("RESULT p5_kafka_max_ms=" + Collections.max(kafka));
    }

    static List<Long> httpRouteEdits(String app, Path routes, int edits) throws Exception {
        Path probe = routes.resolve("bench/probe.camel.yaml");
        Files.createDirectories(probe.getParent());
        List<Long> latencies = new ArrayList<>();
        try {
            for (int i = 0; i <= edits; i++) {
                String answer = "v" + i + "-" + System.nanoTime();
                Files.writeString(probe, """
                        - route:
                            id: bench.probe
                            from:
                              uri: platform-http:/bench/probe
                              steps:
                                - setBody:
                                    constant: %s
                        """.formatted(answer));
                long written = System.nanoTime();
                String seen = "";
                while (!answer.equals(seen)) {
                    seen = get(app + "/bench/probe");
                    awaitMore(written, "edit " + i + " of the HTTP probe route " + probe, "GET /bench/probe answers '"
                            + abbreviate(seen) + "', expected '" + answer + "'");
                }
                if (i > 0) { // the first write adds the file; count edits only
                    latencies.add(millisSince(written));
                }
            }
        } finally {
            Files.deleteIfExists(probe);
        }
        return latencies;
    }

    static List<Long> kafkaRouteEdits(String app, Path routes, int edits) throws Exception {
        Path workflow = fileDefining(routes, KAFKA_ROUTE);
        String original = Files.readString(workflow);
        ConcurrentMap<String, Long> seen = new ConcurrentHashMap<>(); // edit → when its version first consumed a record
        HttpServer observer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        observer.createContext("/seen/", exchange -> {
            String edit = exchange.getRequestURI().getPath().substring("/seen/".length());
            seen.putIfAbsent(edit, System.nanoTime());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        observer.start();
        String observerUrl = "http://127.0.0.1:" + observer.getAddress().getPort() + "/seen/";
        List<Long> latencies = new ArrayList<>();
        try {
            for (int i = 1; i <= edits; i++) {
                String edit = "edit-" + i + "-" + System.nanoTime();
                Files.writeString(workflow, withWireTap(original, workflow, observerUrl + edit));
                long written = System.nanoTime();
                // one inspection at a time, the next once the last was consumed or after 100 ms: no backlog builds up
                long lastPost = 0;
                while (!seen.containsKey(edit)) {
                    if (System.nanoTime() - lastPost > 100_000_000L) {
                        postRejectedInspection(app);
                        lastPost = System.nanoTime();
                    }
                    awaitMore(written, "edit " + i + " of " + KAFKA_ROUTE + " in " + workflow,
                            "no inspection posted since the write reached the edited route's wire tap");
                }
                latencies.add((seen.get(edit) - written) / 1_000_000);
            }
        } finally {
            Files.writeString(workflow, original);
            observer.stop(0);
        }
        return latencies;
    }

    /** The route file under {@code routes} that defines the route {@code id}. */
    static Path fileDefining(Path routes, String id) throws IOException, BenchFailure {
        try (Stream<Path> files = Files.walk(routes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                if (Files.readString(file).lines().anyMatch(l -> l.trim().equals("id: " + id))) {
                    return file;
                }
            }
        }
        throw new BenchFailure("no route file under " + routes + " defines the route " + id
                + "; update KAFKA_ROUTE in dev/bench/ReloadLatencyBench.java to the inspection consumer's route id");
    }

    /** The file with a wire tap to {@code url} as the first step of the route {@code KAFKA_ROUTE}. */
    static String withWireTap(String yaml, Path file, String url) throws BenchFailure {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        int route = -1;
        for (int i = 0; i < lines.size() && route < 0; i++) {
            if (lines.get(i).trim().equals("id: " + KAFKA_ROUTE)) {
                route = i;
            }
        }
        for (int i = route + 1; route >= 0 && i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().startsWith("- route:")) {
                break;
            }
            if (line.trim().equals("steps:")) {
                String indent = " ".repeat(line.indexOf("steps:") + 2);
                lines.add(i + 1, indent + "- wireTap:");
                // a GET carries no body: the consumer's first step sees a whole poll (a list of records), not one
                lines.add(i + 2, indent + "    uri: \"" + url + "?httpMethod=GET\"");
                return String.join("\n", lines) + "\n";
            }
        }
        throw new BenchFailure("the route " + KAFKA_ROUTE + " in " + file + " has no 'steps:' block after its id;"
                + " update withWireTap in dev/bench/ReloadLatencyBench.java");
    }

    static void postRejectedInspection(String app) throws Exception {
        String lot = "BENCH-" + System.nanoTime();
        String body = """
                {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"%s","supplier":"SUP-100",
                 "purchaseOrder":"4500004711","poLine":"10","result":"REJECTED","lotQuantity":500,
                 "sampledQuantity":50,"acceptedQuantity":42,"rejectedQuantity":8,"unitOfMeasure":"EA",
                 "defectCodes":["D-017"],"inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(lot, lot);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        // signed as the QMS signs it (README "Signed webhooks"), with the stack's QMS secret (dev/stack.sh exports it)
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(System.getenv().getOrDefault("QMS_WEBHOOK_SECRETS", "local-qms-webhook-secret-0001")
                .split(",")[0].trim().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(URI.create(app + "/api/v1/qms/inspection-results"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .header("X-Mfgsync-Timestamp", timestamp).header("X-Mfgsync-Delivery-Id", lot)
                .header("X-Mfgsync-Signature", "v1=" + HexFormat.of().formatHex(mac.doFinal(bytes)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 202) {
            throw new BenchFailure("POST /api/v1/qms/inspection-results answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
    }

    static void awaitMore(long since, String what, String state) throws Exception {
        if (System.nanoTime() - since > IN_FORCE_TIMEOUT_NANOS) {
            throw new BenchFailure(what + " not in force 30 s after the write (" + state
                    + "); the app's log says why (GET /api/v1/admin/reloads shows the reload outcomes)");
        }
        Thread.sleep(5); // polling a running app, not a test
    }

    static String get(String url) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build());
        return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode();
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new BenchFailure("cannot reach the app at " + request.uri() + " (" + e.getMessage() + "); did it stop?");
        }
    }

    static long median(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String row(String what, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return "| " + what + " | " + median(ms) + " ms | " + sorted.get(sorted.size() - 1) + " ms | " + ms + " |";
    }

    static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    static String abbreviate(String text) {
        String flat = text == null ? "" : text.replaceAll("\\s+", " ");
        return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
    }
}
