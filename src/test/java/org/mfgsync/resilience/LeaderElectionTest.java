package org.mfgsync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfgsync.testing.StateDatabase;

/**
 * Two instances on one state database, each a Camel context of its own with a timer route under the leader-only policy
 * over {@link LeaderElection}: the route runs on exactly one of them; when the leader stops, or loses the database, the
 * other takes over within a few renew intervals, and the two never run the route at the same time.
 */
class LeaderElectionTest {

    static final Duration LEASE = Duration.ofMillis(900);
    static final Duration RENEW = Duration.ofMillis(150);

    DataSource db;
    final List<String> ticks = new CopyOnWriteArrayList<>();
    Instance a;
    Instance b;

    @BeforeEach
    void twoInstances() throws Exception {
        db = StateDatabase.create();
        a = new Instance("instance-a");
        b = new Instance("instance-b");
    }

    @AfterEach
    void stop() {
        a.stop();
        b.stop();
    }

    @Test
    void shouldRunTheLeaderOnlyRouteOnExactlyOneInstance() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 10);
        assertThat(a.leads() ^ b.leads()).as("exactly one leads").isTrue();
        String leader = a.leads() ? "instance-a" : "instance-b";
        assertThat(ticks).as("only the leader's route ran").containsOnly(leader);
        assertThat(new ClusterLeases(db).holder(LeaderOnlyRoutes.NAMESPACE)).contains(leader);
    }

    @Test
    void shouldHandOverAtOnceWhenTheLeaderStops() {
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leads() || b.leads());
        Instance leader = a.leads() ? a : b;
        Instance other = leader == a ? b : a;

        long stoppedAt = System.nanoTime();
        leader.stop();
        int before = ticks.size();
        await().atMost(Duration.ofSeconds(5)).until(other::leads);
        // the stopping leader gave its lease up: the other took it at its next try, not a lease later
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(LEASE);
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks.subList(before, ticks.size()).contains(other.name));
        assertThat(ticks.subList(before, ticks.size())).containsOnly(other.name);
    }

    @Test
    void shouldStepDownBeforeItsLeaseRunsOutWhenTheDatabaseIsAwaySoTheTwoNeverRunAtOnce() {
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leads() || b.leads());
        Instance leader = a.leads() ? a : b;
        Instance other = leader == a ? b : a;

        leader.database.away = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> !leader.leads());
        int stoppedAt = ticks.size();
        await().atMost(Duration.ofSeconds(5)).until(other::leads);
        await().atMost(Duration.ofSeconds(5)).until(() -> ticks.subList(stoppedAt, ticks.size()).contains(other.name));

        assertThat(ticks.subList(stoppedAt, ticks.size())).as("the old leader's route stopped before the new one started")
                .containsOnly(other.name);
        // once it reaches the database again it stays a follower: the lease is the other's
        leader.database.away = false;
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(3)).until(() -> !leader.leads() && other.leads());
    }

    @Test
    void shouldRefuseALeaseThatARenewalCouldMiss() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new LeaderElection(new ClusterLeases(db), Duration.ofSeconds(2), Duration.ofSeconds(1), Clock.systemUTC()));
    }

    /** One instance: its own database handle (which a test can take away), leases, election and Camel context. */
    final class Instance {
        final String name;
        final SwitchableDataSource database = new SwitchableDataSource(db);
        final LeaderElection election;
        final ClusteredRoutePolicy policy;
        final CamelContext camel = new DefaultCamelContext();

        Instance(String name) throws Exception {
            this.name = name;
            election = new LeaderElection(new ClusterLeases(database, Clock.systemUTC(), name), LEASE, RENEW, Clock.systemUTC());
            camel.addService(election);
            policy = ClusteredRoutePolicy.forNamespace(election, LeaderOnlyRoutes.NAMESPACE);
            policy.setCamelContext(camel);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:work?period=50").routeId("work").routePolicy(policy).process(exchange -> ticks.add(name));
                }
            });
            camel.start();
        }

        boolean leads() {
            return policy.isLeader() && camel.getRouteController().getRouteStatus("work").isStarted();
        }

        void stop() {
            camel.stop();
        }
    }

    /** A data source that can be made to fail as a database that does not answer does. */
    static final class SwitchableDataSource implements DataSource {
        private final DataSource delegate;
        volatile boolean away;

        SwitchableDataSource(DataSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (away) {
                throw new SQLTransientConnectionException("Connection refused", "08001");
            }
            return delegate.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
