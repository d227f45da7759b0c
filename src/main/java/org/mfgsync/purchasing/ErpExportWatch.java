package org.mfgsync.purchasing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.mfgsync.resilience.StateStore;
import org.mfgsync.visibility.sla.SlaBreach;
import org.mfgsync.visibility.sla.SlaWatch;

/**
 * SLA watch, the ERPs' heartbeat: an ERP instance named in {@code mfgsync.sla.erp-export.within} whose export has not
 * arrived within its window.
 * <p>
 * "Arrived" is the later of two facts the state database keeps: a file of the instance taken in to its end (the file
 * intake's DONE claim, step {@code connectors.file-intake}, keyed {@code <instance>:<name>:<sha256>}; for the
 * file-exporting ERPs such as erp-legacy-a, and it counts an export that changed no PO), and the latest PO booked from
 * the instance (the PO book's {@code erp_instance}; for every ERP kind, files, staging tables, webhooks). An instance
 * that never exported since the state database began is measured from when this instance first watched it.
 */
@ApplicationScoped
public class ErpExportWatch implements SlaWatch {

    static final String KIND = "erp-export-missing";
    static final String WORKFLOW = "po-revision";
    static final String EXPECTED_STEP = "export-arrived";
    /** The file connector's claims step (connectors.flatfile.FileIntakeClaims), whose keys start with the instance. */
    static final String FILE_INTAKE_STEP = "connectors.file-intake";
    static final String NEVER = "never";

    private final DataSource dataSource;
    private final ErpExportSlaConfig config;
    private final OffsetDateTime watchingSince;

    @Inject
    public ErpExportWatch(DataSource dataSource, ErpExportSlaConfig config) {
        this(dataSource, config, Clock.systemUTC());
    }

    ErpExportWatch(DataSource dataSource, ErpExportSlaConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.watchingSince = OffsetDateTime.now(clock);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String workflow() {
        return WORKFLOW;
    }

    @Override
    public String expectedStep() {
        return EXPECTED_STEP;
    }

    @Override
    public List<Overdue> overdue(OffsetDateTime now, OffsetDateTime horizon) {
        List<Overdue> overdue = new ArrayList<>();
        config.within().forEach((instance, within) -> overdue(instance, lastArrival(instance), within, watchingSince, now)
                .ifPresent(overdue::add));
        return overdue;
    }

    /** The decision: nothing arrived within the window since the last export (or since watching began, if none). */
    static Optional<Overdue> overdue(String instance, Optional<OffsetDateTime> lastArrival, Duration within,
            OffsetDateTime watchingSince, OffsetDateTime now) {
        OffsetDateTime since = lastArrival.orElse(watchingSince);
        OffsetDateTime due = since.plus(within);
        if (!now.isAfter(due)) {
            return Optional.empty();
        }
        return Optional.of(new Overdue(subjectOf(instance, lastArrival), due, null, null, Map.of(), instance + ": no export "
                + lastArrival.map(at -> "since " + at).orElse("seen yet (watching since " + watchingSince + ")")
                + ", expected at least every " + within));
    }

    @Override
    public Map<String, String> settled(List<SlaBreach> open, OffsetDateTime now) {
        Map<String, String> settled = new HashMap<>();
        for (SlaBreach breach : open) {
            String instance = breach.subject().substring(0, breach.subject().indexOf('@'));
            settledReason(breach.subject(), instance, config.within().containsKey(instance), lastArrival(instance))
                    .ifPresent(reason -> settled.put(breach.id(), reason));
        }
        return settled;
    }

    /**
     * The decision on an open breach of {@code subject} (instance@last arrival): settled once a later export arrived, or
     * once the instance has no heartbeat configured any more.
     */
    static Optional<String> settledReason(String subject, String instance, boolean stillWatched,
            Optional<OffsetDateTime> lastArrival) {
        if (!stillWatched) {
            return Optional.of("no heartbeat is configured for " + instance + " any more");
        }
        if (lastArrival.isPresent() && !subject.equals(subjectOf(instance, lastArrival))) {
            return Optional.of("export arrived at " + lastArrival.get());
        }
        return Optional.empty();
    }

    /** The gap after one arrival (or before the first): a later gap is another subject. */
    static String subjectOf(String instance, Optional<OffsetDateTime> lastArrival) {
        return instance + "@" + lastArrival.map(at -> at.withOffsetSameInstant(ZoneOffset.UTC).toString()).orElse(NEVER);
    }

    /** The later of the instance's last complete file intake and the last PO booked from it. */
    Optional<OffsetDateTime> lastArrival(String instance) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement files = c.prepareStatement("SELECT MAX(createdAt) FROM CAMEL_MESSAGEPROCESSED WHERE "
                        + "processorName = ? AND state = 'DONE' AND messageId LIKE ? ESCAPE '!'");
                PreparedStatement orders = c.prepareStatement("SELECT MAX(updated_at) FROM purchase_order_book "
                        + "WHERE erp_instance = ?")) {
            files.setString(1, FILE_INTAKE_STEP);
            files.setString(2, likePrefix(instance + ":"));
            orders.setString(1, instance);
            return later(max(files), max(orders));
        } catch (SQLException e) {
            throw StateStore.failure("Could not read the last export of " + instance, e);
        }
    }

    /** A LIKE pattern matching what starts with {@code prefix}, its wildcards taken literally (escape character '!'). */
    static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    static Optional<OffsetDateTime> later(Optional<OffsetDateTime> a, Optional<OffsetDateTime> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isAfter(b.get()) ? a : b;
    }

    private static Optional<OffsetDateTime> max(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            Timestamp at = rs.next() ? rs.getTimestamp(1) : null;
            // whole milliseconds, so that the subject written from one round is read back equal in the next
            return Optional.ofNullable(at).map(t -> t.toInstant().atOffset(ZoneOffset.UTC).withNano(
                    t.toInstant().atOffset(ZoneOffset.UTC).getNano() / 1_000_000 * 1_000_000));
        }
    }
}
