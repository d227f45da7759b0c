import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Open-loop load on the thin flow: posts rejected inspection results at a fixed rate (a new request every
 * 1/rate s whether or not earlier ones finished) and measures
 *  - API latency: request sent until 202 received (client clock, nanoseconds),
 *  - end-to-end latency: request sent until the ERP simulator logged the stock block (wall clock, the
 *    simulator's journal has millisecond resolution; both run on this machine).
 * Usage: java -cp JACKSON ThinFlowBench.java APP_URL ERP_URL RATE_PER_S SECONDS WARMUP_SECONDS
 */
public class ThinFlowBench {

    record Sent(long sentMillis, long sentNanos) {
    }

    public static void main(String[] args) throws Exception {
        String app = args[0], erp = args[1];
        int rate = Integer.parseInt(args[2]), seconds = Integer.parseInt(args[3]), warmup = Integer.parseInt(args[4]);
        int total = rate * (seconds + warmup), warmupCount = rate * warmup;
        String run = Long.toString(System.currentTimeMillis(), 36);

        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        List<Long> apiNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch answered = new CountDownLatch(total);
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long periodNanos = 1_000_000_000L / rate;

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
            var request = HttpRequest.newBuilder(URI.create(app + "/api/v1/qms/inspection-results"))
                    .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            Sent at = new Sent(System.currentTimeMillis(), System.nanoTime());
            if (n >= warmupCount) {
                sent.put(correlationId, at);
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
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

        // wait until every measured request's block reached the ERP (or give up after 60 s)
        ObjectMapper json = new ObjectMapper();
        Map<String, Long> blockedAt = new HashMap<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            blockedAt.clear();
            var journal = http.send(HttpRequest.newBuilder(URI.create(erp + "/__admin/requests")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode entry : json.readTree(journal.body()).path("requests")) {
                String id = entry.path("request").path("headers").path("X-Correlation-Id").asText();
                if (sent.containsKey(id)) {
                    blockedAt.put(id, entry.path("request").path("loggedDate").asLong());
                }
            }
            if (blockedAt.size() >= sent.size()) {
                break;
            }
            Thread.sleep(500);
        }

        List<Long> endToEndMillis = new ArrayList<>();
        blockedAt.forEach((id, at) -> endToEndMillis.add(at - sent.get(id).sentMillis()));
        Collections.sort(endToEndMillis);
        List<Long> api = new ArrayList<>(apiNanos);
        Collections.sort(api);

        System.out.printf("| rate | measured requests | failed | blocks at ERP | API p50 | API p99 | e2e p50 | e2e p99 | e2e max |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
        System.out.printf("| %d/s for %d s | %d | %d | %d | %.1f ms | %.1f ms | %d ms | %d ms | %d ms |%n", rate, seconds,
                sent.size(), failures.get(), blockedAt.size(), pct(api, 50) / 1e6, pct(api, 99) / 1e6,
                pct(endToEndMillis, 50), pct(endToEndMillis, 99),
                endToEndMillis.isEmpty() ? -1 : endToEndMillis.get(endToEndMillis.size() - 1));
        System.exit(failures.get() == 0 && blockedAt.size() == sent.size() ? 0 : 1);
    }

    static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
