package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.StateDatabase;

/**
 * A graceful stop: the leadership is given up as the stop begins, and once the routes have stopped the instance's
 * unfinished (PENDING) claims are released — its own only, never a DONE one, never another instance's.
 */
class ClaimsAtShutdownTest {

    DataSource db;

    @BeforeEach
    void freshDatabase() throws Exception {
        db = StateDatabase.create();
    }

    @Test
    void shouldGiveTheLeadershipUpAndReleaseOnlyThisInstancesUnfinishedClaimsWhenCamelStops() throws Exception {
        String self = LeasedIdempotentRepository.INSTANCE;
        claim("file-a", self + "/c1", "PENDING");
        claim("file-b", self + "/c2", "DONE");
        claim("file-c", "other-instance/c3", "PENDING");
        // an instance whose name only looks like a pattern of this one's is not this one
        claim("file-d", self.substring(0, self.length() - 1) + "_/c4", "PENDING");

        ClusterLeases leases = new ClusterLeases(db);
        LeaderElection election = new LeaderElection(leases, Duration.ofSeconds(3), Duration.ofMillis(200), Clock.systemUTC());
        CamelContext camel = new DefaultCamelContext();
        camel.addService(election);
        ClaimsAtShutdown atShutdown = new ClaimsAtShutdown(db);
        camel.getManagementStrategy().addEventNotifier(atShutdown);
        camel.start();
        election.getView(LeaderOnlyRoutes.NAMESPACE);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> leases.holder(LeaderOnlyRoutes.NAMESPACE).isPresent());

        camel.stop();

        assertThat(leases.holder(LeaderOnlyRoutes.NAMESPACE)).as("the lease given up").isEmpty();
        assertThat(claims()).containsExactlyInAnyOrder("file-b DONE", "file-c PENDING", "file-d PENDING");
    }

    void claim(String key, String owner, String state) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED "
                + "(processorName, messageId, createdAt, state, leaseUntil, owner) VALUES ('connectors.file-intake', ?, ?, ?, ?, ?)")) {
            insert.setString(1, key);
            insert.setObject(2, OffsetDateTime.now());
            insert.setString(3, state);
            insert.setObject(4, OffsetDateTime.now().plusMinutes(5));
            insert.setString(5, owner);
            insert.executeUpdate();
        }
    }

    List<String> claims() throws Exception {
        List<String> claims = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT messageId, state FROM CAMEL_MESSAGEPROCESSED"); ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                claims.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return claims;
    }
}
