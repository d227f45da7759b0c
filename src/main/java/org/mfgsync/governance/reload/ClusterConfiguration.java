package org.mfgsync.governance.reload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.jboss.logging.Logger;
import org.mfgsync.backbone.LogText;
import org.mfgsync.resilience.ClusterLeases;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * One configuration across the replicas. Each instance records the route and mapping set it runs (the digest of its
 * running snapshot) and its last reload's outcome in the state database (table {@code mfgsync_instance_configuration},
 * refreshed at every reload and every minute), as the gauge {@code mfgsync_configuration_info{digest}} and at
 * {@code GET /api/v1/admin/configuration}, so an operator sees whether all replicas run the same set and which one
 * could not apply a change, and why.
 * <p>
 * An admin reload ({@code POST /api/v1/admin/reloads}) reaches every replica: the instance that took the call reloads,
 * then publishes a request on the control topic {@value #CONTROL_TOPIC}; every other instance reads it (a consumer
 * group of its own, from the newest record) and reloads the same way, recording the outcome it got. Defined here, not
 * in {@code routes/}, so no reload can remove it.
 */
@ApplicationScoped
public class ClusterConfiguration extends RouteBuilder {

    public static final String CONTROL_TOPIC = "mfgsync.control.v1";
    /** Each instance's consumer group on the control topic: this prefix and the instance id. */
    public static final String GROUP_PREFIX = "mfgsync-control-";
    static final String TRIGGER = "cluster";
    /** A replica that reported within this is counted as running. */
    static final Duration CURRENT = Duration.ofMinutes(3);
    /** A replica silent for this long is gone (a pod replaced): its row is deleted. */
    static final Duration GONE = Duration.ofDays(1);
    private static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger("org.mfgsync.governance");

    private final HotReloader reloader;
    private final DataSource dataSource;
    private final MeterRegistry meters;
    private final String instance = ClusterLeases.instance();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mfgsync-configuration-report");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ReloadRecord last;
    private volatile Gauge gauge;

    public ClusterConfiguration(HotReloader reloader, DataSource dataSource, MeterRegistry meters) {
        this.reloader = reloader;
        this.dataSource = dataSource;
        this.meters = meters;
        reloader.onReload(record -> {
            last = record;
            // on the report thread: the reload thread does not wait for the state database
            heartbeat.execute(this::report);
        });
        heartbeat.scheduleWithFixedDelay(this::report, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        heartbeat.shutdownNow();
    }

    @Override
    public void configure() {
        // every record reaches every instance: a group per instance, from the newest record on (a request made before
        // this instance started is in the folders it loaded at start anyway)
        from("kafka:" + CONTROL_TOPIC + "?groupId=" + GROUP_PREFIX + instance
                + "&autoOffsetReset=latest&autoCommitEnable=true&allowManualCommit=false&breakOnFirstError=false")
                .routeId("governance.cluster-reload")
                .process(this::onControl);
    }

    /** After a reload by the admin API here: the other instances do the same. */
    public void requestClusterReload(ProducerTemplate producer, String actor) throws Exception {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("action", "reload");
        request.put("origin", instance);
        request.put("actor", actor == null ? "unknown" : actor);
        request.put("requestedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        producer.sendBody("kafka:" + CONTROL_TOPIC, JSON.writeValueAsString(request));
    }

    void onControl(Exchange exchange) throws Exception {
        JsonNode request;
        try {
            request = JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (Exception e) {
            LOG.warnf("Control record not readable, ignored: %s", e.getMessage());
            return;
        }
        String origin = request.path("origin").asText("");
        if (!"reload".equals(request.path("action").asText()) || origin.equals(instance)) {
            return;
        }
        String actor = request.path("actor").asText("unknown") + " via " + origin;
        if (!reloader.enabled()) {
            LOG.warnf("Reload requested by another instance not done: hot reload is disabled here origin=%s actor=%s",
                    LogText.escape(origin), LogText.escape(actor));
            return;
        }
        ReloadRecord outcome = reloader.reloadNow(TRIGGER, actor);
        LOG.infof("Reload requested by another instance done result=%s origin=%s digest=%s", outcome.result(),
                LogText.escape(origin), reloader.runningDigest());
    }

    /** This instance's row: the set it runs now and its last reload's outcome. */
    void report() {
        String digest = reloader.runningDigest();
        ReloadRecord record = last;
        if (digest == null || record == null) {
            return;
        }
        updateGauge(digest);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            String reason = reason(record);
            try (PreparedStatement update = c.prepareStatement("UPDATE mfgsync_instance_configuration SET digest = ?, "
                    + "last_sequence = ?, last_trigger = ?, last_result = ?, last_reason = ?, reported_at = ? WHERE instance = ?")) {
                bind(update, digest, record, reason, now, instance);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO mfgsync_instance_configuration (digest, "
                            + "last_sequence, last_trigger, last_result, last_reason, reported_at, instance) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        bind(insert, digest, record, reason, now, instance);
                        insert.executeUpdate();
                    }
                }
            }
            try (PreparedStatement gone = c.prepareStatement("DELETE FROM mfgsync_instance_configuration WHERE reported_at < ?")) {
                gone.setObject(1, now.minus(GONE));
                gone.executeUpdate();
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Configuration of this instance not reported (reported again at the next reload or within a minute): %s",
                    e.getMessage());
        }
    }

    /** Every instance that reported, with whether it runs now and whether it runs what this one runs. */
    public Map<String, Object> replicas() throws SQLException {
        String digest = reloader.runningDigest();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Map<String, Object>> replicas = new ArrayList<>();
        boolean consistent = true;
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement("SELECT instance, digest, "
                + "last_sequence, last_trigger, last_result, last_reason, reported_at FROM mfgsync_instance_configuration ORDER BY instance");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                OffsetDateTime reported = rs.getObject(7, OffsetDateTime.class);
                boolean running = !reported.isBefore(now.minus(CURRENT));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("instance", rs.getString(1));
                row.put("digest", rs.getString(2));
                row.put("sameAsThis", rs.getString(2).equals(digest));
                row.put("running", running);
                row.put("lastReload", Map.of("sequence", rs.getLong(3), "trigger", rs.getString(4), "result", rs.getString(5),
                        "reason", rs.getString(6) == null ? "" : rs.getString(6)));
                row.put("reportedAt", reported.withOffsetSameInstant(ZoneOffset.UTC).toString());
                replicas.add(row);
                if (running && !rs.getString(2).equals(digest)) {
                    consistent = false;
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("instance", instance);
        answer.put("digest", digest);
        answer.put("consistent", consistent);
        answer.put("replicas", replicas);
        return answer;
    }

    private void updateGauge(String digest) {
        String tag = shortDigest(digest);
        Gauge current = gauge;
        if (current != null && tag.equals(current.getId().getTag("digest"))) {
            return;
        }
        if (current != null) {
            meters.remove(current);
        }
        gauge = Gauge.builder("mfgsync.configuration.info", () -> 1).tag("digest", tag)
                .description("The route and mapping set this instance runs (digest); replicas that differ show different digests")
                .register(meters);
    }

    static String shortDigest(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) : digest;
    }

    private static String reason(ReloadRecord record) {
        List<String> reasons = new ArrayList<>();
        record.heldBack().forEach(h -> reasons.add(h.toString()));
        if (reasons.isEmpty()) {
            record.rejections().forEach(r -> reasons.add(String.valueOf(r)));
        }
        String joined = String.join("; ", reasons);
        return joined.length() > 2000 ? joined.substring(0, 1997) + "..." : joined;
    }

    private static void bind(PreparedStatement statement, String digest, ReloadRecord record, String reason, OffsetDateTime now,
            String instance) throws SQLException {
        statement.setString(1, digest);
        statement.setLong(2, record.sequence());
        statement.setString(3, record.trigger());
        statement.setString(4, record.result());
        statement.setString(5, reason.isEmpty() ? null : reason);
        statement.setObject(6, now);
        statement.setString(7, instance);
    }
}
