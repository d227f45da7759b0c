import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Open-loop load on the thin quality flow: posts rejected inspection results at a fixed rate (a new request every
 * 1/rate s whether or not earlier ones finished) and measures
 *  - API latency: request sent until 202 received (client clock, nanoseconds),
 *  - end-to-end latency: request sent until the ERP simulator logged the stock block (wall clock, the simulator's
 *    journal has millisecond resolution; both run on this machine),
 *  - whether the backlog grows: the median end-to-end latency of the last third of the run against the first third.
 * Modes (figures as "RESULT key=value" lines, a table row on stdout):
 *   flow   APP_URL ERP_URL RATE SECONDS WARMUP      the product, one rate
 *   plain  URL RATE SECONDS WARMUP                  the plain-Java floor (PlainHttpServer), API latency only
 *   search APP_URL ERP_URL STEP_SECONDS RATE...     the highest of the rates whose e2e p99 stays <= 250 ms
 */
public class ThinFlowBench {

    static final ObjectMapper JSON = new ObjectMapper();
    // HTTP/1.1: the JDK client's h2c upgrade against the simulators' Jetty ended runs with GOAWAY; daemon threads, so a
    // failed run ends the process instead of leaving it waiting on the pool
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(16, task -> {
                Thread thread = new Thread(task, "bench-http");
                thread.setDaemon(true);
                return thread;
            })).build();

    /**
     * The QMS's webhook secret (dev/stack.sh exports it; the first of the list). Every call is signed as the QMS signs
     * it (README "Signed webhooks"): the cost stays on the client, one HMAC per request from a Mac initialised once
     * per thread with the key.
     */
    static final String SECRET = System.getenv().getOrDefault("QMS_WEBHOOK_SECRETS", "local-qms-webhook-secret-0001")
            .split(",")[0].trim();
    static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The request, signed: X-Mfgsync-Timestamp, X-Mfgsync-Delivery-Id, X-Mfgsync-Signature: v1=HMAC(ts + "." + body). */
    static HttpRequest signedPost(String url, String correlationId, byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = MAC.get();
        mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        String signature = "v1=" + HexFormat.of().formatHex(mac.doFinal(body)); // doFinal resets the Mac for the next call
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                .header("X-Mfgsync-Timestamp", timestamp).header("X-Mfgsync-Delivery-Id", correlationId)
                .header("X-Mfgsync-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    record Sent(long sentMillis, long sentNanos) {
    }

    record Run(int rate, int seconds, int measured, int failed, int delivered, double apiP50, double apiP99, long e2eP50,
            long e2eP99, long e2eMax, boolean backlogGrowing) {

        boolean clean() {
            return failed == 0 && delivered == measured;
        }

        String row() {
            return String.format("| %d/s for %d s | %d | %d | %d | %.1f ms | %.1f ms | %d ms | %d ms | %d ms | %s |", rate, seconds,
                    measured, failed, delivered, apiP50, apiP99, e2eP50, e2eP99, e2eMax, backlogGrowing ? "growing" : "steady");
        }
    }

    static final String HEADER = "| rate | measured | failed | blocks at ERP | API p50 | API p99 | e2e p50 | e2e p99 | e2e max | backlog |\n"
            + "|---|---|---|---|---|---|---|---|---|---|";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "flow" -> {
                Run run = run(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                System.out.println(HEADER);
                System.out.println(run.row());
                System.out.printf("RESULT p3_rate=%d%nRESULT p3_e2e_p50_ms=%d%nRESULT p3_e2e_p99_ms=%d%nRESULT p3_api_p99_ms=%.1f%n"
                        + "RESULT p3_backlog_growing=%b%nRESULT p3_delivered_all=%b%n", run.rate(), run.e2eP50(), run.e2eP99(),
                        run.apiP99(), run.backlogGrowing() || !run.clean(), run.clean());
            }
            case "plain" -> {
                Run run = run(args[1], null, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                System.out.printf("| plain one-hop HTTP (JDK server + Jackson), %d/s for %d s | %d | %d | - | %.1f ms | %.1f ms | - | - | - | - |%n",
                        run.rate(), run.seconds(), run.measured(), run.failed(), run.apiP50(), run.apiP99());
                System.out.printf("RESULT p3_plain_http_p99_ms=%.1f%n", run.apiP99());
            }
            case "search" -> {
                int stepSeconds = Integer.parseInt(args[3]);
                int best = 0;
                System.out.println(HEADER);
                for (int i = 4; i < args.length; i++) {
                    Run run = run(args[1], args[2], Integer.parseInt(args[i]), stepSeconds, 3);
                    System.out.println(run.row());
                    if (!run.clean() || run.e2eP99() > 250) {
                        break;
                    }
                    best = run.rate();
                }
                System.out.printf("RESULT p3_max_rate_p99_under_250ms=%d%n", best);
            }
            default -> throw new IllegalArgumentException("mode flow|plain|search");
        }
        System.exit(0);
    }

    /** One open-loop run; with erp == null only the API answer is measured. */
    static Run run(String app, String erp, int rate, int seconds, int warmup) throws Exception {
        int total = rate * (seconds + warmup), warmupCount = rate * warmup;
        String run = Long.toString(System.nanoTime(), 36);
        if (erp != null) {
            HTTP.send(HttpRequest.newBuilder(URI.create(erp + "/__admin/requests")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        }
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        List<Long> apiNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;
        String url = erp == null ? app : app + "/api/v1/qms/inspection-results";

        scheduler.scheduleAtFixedRate(() -> {
            int n = next.getAndIncrement();
            if (n >= total) {
                return;
            }
            String correlationId = "bench-" + run + "-" + n;
            String body = """
                    {"inspectionLot":"IL-%s","plant":"3000","item":"BRK-4711","lot":"L-%s","supplier":"SUP-100",
                     "result":"REJECTED","lotQuantity":500,"unitOfMeasure":"EA","defectCodes":["D-017"],
                     "inspectedAt":"2026-11-27T08:15:00+01:00"}""".formatted(correlationId, correlationId);
            var request = signedPost(url, correlationId, body.getBytes(StandardCharsets.UTF_8));
            Sent at = new Sent(System.currentTimeMillis(), System.nanoTime());
            if (n >= warmupCount) {
                sent.put(correlationId, at);
            }
            HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null || response.statusCode() != 202) {
                    failures.incrementAndGet();
                } else if (n >= warmupCount) {
                    apiNanos.add(System.nanoTime() - at.sentNanos());
                }
                answered.countDown();
            });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);

        answered.await(seconds + warmup + 60L, TimeUnit.SECONDS);
        scheduler.shutdownNow();
        List<Long> api = new ArrayList<>(apiNanos);
        Collections.sort(api);
        if (erp == null) {
            return new Run(rate, seconds, sent.size(), failures.get(), 0, pct(api, 50) / 1e6, pct(api, 99) / 1e6, -1, -1, -1, false);
        }

        // wait until every measured request's block reached the ERP (or give up after 60 s): the simulator counts its
        // journal (cheap) until it holds them all, then the journal is read once; reading it all every round made the
        // simulator serialize megabytes twice a second while the app was still draining
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && blockCalls(erp, run) < total) {
            TimeUnit.MILLISECONDS.sleep(250);
        }
        Map<String, Long> blockedAt = new HashMap<>();
        var journal = HTTP.send(HttpRequest.newBuilder(URI.create(erp + "/__admin/requests")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        for (JsonNode entry : JSON.readTree(journal.body()).path("requests")) {
            String id = entry.path("request").path("headers").path("X-Correlation-Id").asText();
            if (sent.containsKey(id)) {
                blockedAt.put(id, entry.path("request").path("loggedDate").asLong());
            }
        }

        List<Long> endToEnd = new ArrayList<>();
        blockedAt.forEach((id, at) -> endToEnd.add(at - sent.get(id).sentMillis()));
        Collections.sort(endToEnd);
        return new Run(rate, seconds, sent.size(), failures.get(), blockedAt.size(), pct(api, 50) / 1e6, pct(api, 99) / 1e6,
                pct(endToEnd, 50), pct(endToEnd, 99), endToEnd.isEmpty() ? -1 : endToEnd.get(endToEnd.size() - 1),
                growing(sent, blockedAt));
    }

    /** How many calls of this run (warm-up included) the ERP simulator logged. */
    static long blockCalls(String erp, String run) throws Exception {
        var count = HTTP.send(HttpRequest.newBuilder(URI.create(erp + "/__admin/requests/count"))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"method":"ANY","urlPattern":".*","headers":{"X-Correlation-Id":{"matches":"bench-%s-.*"}}}"""
                        .formatted(run))).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(count.body()).path("count").asLong();
    }

    /** The backlog grows when the last third of the run waits clearly longer than the first third. */
    static boolean growing(Map<String, Sent> sent, Map<String, Long> blockedAt) {
        List<Map.Entry<String, Sent>> bySendTime = new ArrayList<>(sent.entrySet());
        bySendTime.sort((a, b) -> Long.compare(a.getValue().sentNanos(), b.getValue().sentNanos()));
        int third = bySendTime.size() / 3;
        if (third == 0) {
            return false;
        }
        long first = medianLatency(bySendTime.subList(0, third), blockedAt);
        long last = medianLatency(bySendTime.subList(bySendTime.size() - third, bySendTime.size()), blockedAt);
        return last > 2 * first + 50;
    }

    static long medianLatency(List<Map.Entry<String, Sent>> requests, Map<String, Long> blockedAt) {
        List<Long> latencies = new ArrayList<>();
        for (var request : requests) {
            Long at = blockedAt.get(request.getKey());
            latencies.add(at == null ? Long.MAX_VALUE / 4 : at - request.getValue().sentMillis());
        }
        Collections.sort(latencies);
        return pct(latencies, 50);
    }

    static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
