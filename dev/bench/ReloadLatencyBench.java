import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reload latency of the running app: time from a route file's write returning until the change is in force.
 *   java dev/bench/ReloadLatencyBench.java <app-url> <routes-dir> <admin-token> <edits>
 * HTTP route: until GET /bench/probe answers the new text. Kafka consumer route (quality.contain-inspection): until
 * the admin API reports the reload applied with that route restarted (the old consumer stopped gracefully and the
 * new one started). Prints a Markdown table and the figures as "RESULT key=value" lines.
 */
public class ReloadLatencyBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    static final Pattern RESTARTED_CONTAINMENT = Pattern.compile("\"restartedRoutes\":\\[[^\\]]*\"quality\\.contain-inspection\"");

    public static void main(String[] args) throws Exception {
        String app = args[0];
        Path routes = Path.of(args[1]);
        String token = args[2];
        int edits = Integer.parseInt(args[3]);

        Path probe = routes.resolve("bench/probe.camel.yaml");
        Files.createDirectories(probe.getParent());
        List<Long> http = new ArrayList<>();
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
            while (!answer.equals(get(app + "/bench/probe", null))) {
                Thread.sleep(5);
                timeout(written);
            }
            if (i > 0) { // the first one adds the file; count edits only
                http.add((System.nanoTime() - written) / 1_000_000);
            }
        }

        Path workflow = routes.resolve("workflows/quality-containment.camel.yaml");
        String original = Files.readString(workflow);
        // a step added to the inspection consumer's route: a change of the route itself, not of a comment
        String anchor = """
                      uri: "kafka:mfgsync.inspection-completed.v1"
                      parameters:
                        groupId: mfgsync-quality-containment
                      steps:
                """;
        if (!original.contains(anchor)) {
            System.err.println("The Kafka consumer route quality.contain-inspection no longer reads as this bench expects in "
                    + workflow + " (looked for its from: block); update dev/bench/ReloadLatencyBench.java");
            System.exit(2);
        }
        List<Long> kafka = new ArrayList<>();
        for (int i = 1; i <= edits; i++) {
            long before = latestSequence(app, token);
            Files.writeString(workflow, original.replace(anchor, anchor + """
                            - setProperty:
                                name: benchEdit
                                constant: "%d"
                    """.formatted(i)));
            long written = System.nanoTime();
            while (true) {
                String reloads = get(app + "/api/v1/admin/reloads", token);
                if (latest(reloads) > before && RESTARTED_CONTAINMENT.matcher(reloads).find()) {
                    break;
                }
                Thread.sleep(10);
                timeout(written);
            }
            kafka.add((System.nanoTime() - written) / 1_000_000);
        }
        Files.writeString(workflow, original);
        Files.delete(probe);

        System.out.println("| reload latency, write → in force (" + edits + " edits each) | median | max | all (ms) |");
        System.out.println("|---|---|---|---|");
        System.out.println(row("HTTP route (platform-http), GET answers the new version", http));
        System.out.println(row("Kafka consumer route (quality.contain-inspection), graceful stop + start", kafka));
        System.out.println("RESULT p5_http_median_ms=" + median(http));
        System.out.println("RESULT p5_http_max_ms=" + Collections.max(http));
        System.out.println("RESULT p5_kafka_median_ms=" + median(kafka));
        System.out.println("RESULT p5_kafka_max_ms=" + Collections.max(kafka));
    }

    static long median(List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    static String row(String what, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        return "| " + what + " | " + sorted.get(sorted.size() / 2) + " ms | " + sorted.get(sorted.size() - 1) + " ms | " + ms + " |";
    }

    static long latestSequence(String app, String token) throws Exception {
        return latest(get(app + "/api/v1/admin/reloads", token));
    }

    static long latest(String reloads) {
        Matcher m = SEQUENCE.matcher(reloads);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static void timeout(long since) {
        if (System.nanoTime() - since > 30_000_000_000L) {
            throw new IllegalStateException("change not in force after 30 s");
        }
    }

    static String get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : "";
    }
}
