package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.DropFiles;
import org.mfgsync.testing.DropFolders;
import org.mfgsync.testing.KafkaProbe;
import org.mfgsync.testing.TestStack;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.SmallRyeHealthReporter;

/**
 * The running app and a second instance that takes the leader's lease in the same state database: the pollers and
 * timers on the leader-only policy stop here while the other leads (the app stays ready, its Kafka consumers and APIs
 * go on), a file a partner drops meanwhile waits, and once the other's lease runs out without renewal (it died) this
 * instance takes over, starts them again, and the file is taken and published once.
 */
@QuarkusTest
@WithTestResource(TestStack.class)
class LeaderOnlyWorkTest {

    static final String COMMITS = "mfgsync.supplier-commit-changed.v1";
    static final String FILE_ROUTE = "supplier.supplier-acme.commits-in";

    @Inject
    CamelContext camel;
    @Inject
    DataSource dataSource;
    @Inject
    LeaderElection election;
    @Inject
    SmallRyeHealthReporter health;

    @Test
    void shouldStopLeaderOnlyWorkWhileAnotherInstanceLeadsAndTakeItOverWhenThatOneDies() throws Exception {
        ClusterLeases leases = new ClusterLeases(dataSource);
        await().atMost(Duration.ofSeconds(30)).until(() -> leases.holder(LeaderOnlyRoutes.NAMESPACE).equals(Optional.of(election.owner())));
        List<String> leaderOnly = List.of(FILE_ROUTE, "resilience.auto-retry", "resilience.replay-jobs", "resilience.retention-purge",
                "visibility.sla-watchdog", "purchasing.supplier-commit-batch-flush");
        assertThat(leaderOnly).allMatch(this::onLeaderOnlyPolicy);
        await().atMost(Duration.ofSeconds(30)).until(() -> leaderOnly.stream().allMatch(this::started));

        // another instance holds the lease (as if it had taken it while this one could not renew) for 12 s more
        takeLease("instance-elsewhere", OffsetDateTime.now().plusSeconds(12));
        await().atMost(Duration.ofSeconds(20)).until(() -> leaderOnly.stream().noneMatch(this::started));
        assertThat(health.getReadiness().getPayload().getString("status")).as("a follower stays ready").isEqualTo("UP");
        assertThat(camel.getRouteController().getRouteStatus("quality.contain-inspection").isStarted())
                .as("Kafka consumers run on every instance").isTrue();

        // a partner's file waits while the other instance leads
        String po = "47" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        Path inbound = DropFolders.root().resolve("supplier-acme/inbound");
        String name = "commits-" + po + ".csv";
        DropFiles.drop(inbound, name, ("PO_NUMBER,PO_LINE,SUPPLIER,ITEM,COMMITTED_QTY,UOM,COMMITTED_DATE,PREVIOUS_QTY,PREVIOUS_DATE,"
                + "REASON_CODE,PLANT,CONFIRMATION_TYPE,CONFIRMED_AT\n" + po + ",10,SUP-ACME,BRK-4711,500,EA,2026-12-15,,,,3000,ACCEPT,"
                + "2026-11-27T08:15:00+01:00\n").getBytes(StandardCharsets.UTF_8));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(inbound.resolve(name)));
        assertThat(KafkaProbe.records(COMMITS, r -> po.equals(r.key()))).isEmpty();

        // the other instance renews no more: once its lease ran out, this one leads again and takes the file, once
        await().atMost(Duration.ofSeconds(30)).until(() -> leaderOnly.stream().allMatch(this::started));
        assertThat(leases.holder(LeaderOnlyRoutes.NAMESPACE)).contains(election.owner());
        await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaProbe.records(COMMITS, r -> po.equals(r.key())).isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> KafkaProbe.records(COMMITS, r -> po.equals(r.key())).size() == 1);
    }

    boolean onLeaderOnlyPolicy(String routeId) {
        Route route = camel.getRoute(routeId);
        return route != null && route.getRoutePolicyList().stream().anyMatch(ClusteredRoutePolicy.class::isInstance);
    }

    boolean started(String routeId) {
        return camel.getRouteController().getRouteStatus(routeId).isStarted();
    }

    void takeLease(String owner, OffsetDateTime until) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement take = c.prepareStatement("UPDATE mfgsync_cluster_lease SET owner = ?, lease_until = ? WHERE name = ?")) {
            take.setString(1, owner);
            take.setObject(2, until);
            take.setString(3, LeaderOnlyRoutes.NAMESPACE);
            assertThat(take.executeUpdate()).isEqualTo(1);
        }
    }
}
