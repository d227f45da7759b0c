package org.mfgsync.visibility;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.mfgsync.testing.StateDatabase;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Throughput of the trace's batch path (record → queue → writer → one transaction per batch) on an in-memory H2 state
 * database: workflow instances of 5 steps with 7 business keys each, recorded in rounds below the writer's buffer and
 * flushed. A measurement, not a test: {@code mvn test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.mfgsync.visibility.TraceWriterBench [-Dexec.args="ROUNDS STEPS_PER_ROUND"]}.
 */
public final class TraceWriterBench {

    // held so the level set on it is not lost to garbage collection
    private static java.util.logging.Logger workflowLog;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        int stepsPerRound = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        // the one INFO line per step would measure the console, not the writer: JDK logging, steps at WARN
        System.setProperty("org.jboss.logging.provider", "jdk");
        workflowLog = java.util.logging.Logger.getLogger("org.mfgsync.workflow");
        workflowLog.setLevel(Level.WARNING);
        DataSource db = StateDatabase.create();
        SlaConfig config = () -> Map.of("bench", Map.of("step-2", Duration.ofSeconds(60)));
        WorkflowTrace trace = new WorkflowTrace(db, config, new SimpleMeterRegistry());
        CamelContext camel = new DefaultCamelContext();
        List<Double> perSecond = new ArrayList<>();
        int instance = 0;
        for (int round = 0; round < rounds; round++) {
            List<Exchange> instances = new ArrayList<>();
            for (int i = 0; i < stepsPerRound / 5; i++) {
                instances.add(started(camel, trace, instance++));
            }
            long start = System.nanoTime();
            for (int step = 0; step < 5; step++) {
                for (Exchange exchange : instances) {
                    trace.record(exchange, "step-" + step, WorkflowTrace.DONE);
                }
            }
            if (!trace.flush(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the writer did not catch up within 2 minutes");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            perSecond.add(instances.size() * 5 / seconds);
            System.out.printf("round %d: %d steps in %.3f s = %.0f steps/s%n", round, instances.size() * 5, seconds,
                    instances.size() * 5 / seconds);
        }
        // the first rounds warm the JIT and H2 up
        List<Double> measured = new ArrayList<>(perSecond.subList(Math.min(2, perSecond.size() - 1), perSecond.size()));
        measured.sort(null);
        System.out.printf("trace writer: median %.0f steps/s over %d rounds of %d steps%n", measured.get(measured.size() / 2),
                measured.size(), stepsPerRound);
        System.exit(0);
    }

    private static Exchange started(CamelContext camel, WorkflowTrace trace, int n) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody("""
                {"eventId":"e-%1$d","eventType":"InspectionCompleted","schemaVersion":"1.0","occurredAt":"%2$s",
                 "correlationId":"corr-%1$d","plant":"%3$d",
                 "businessKeys":{"inspectionLot":"IL-%1$d","supplier":"SUP-%4$d","purchaseOrder":"45%5$08d","poLine":"10",
                  "item":"ITEM-%6$d","lot":"L-%1$d"},"payload":{}}""".formatted(n, OffsetDateTime.now(ZoneOffset.UTC),
                1000 + n % 20, n % 200, n % 50_000, n % 5_000));
        trace.start(exchange, "bench");
        return exchange;
    }
}
