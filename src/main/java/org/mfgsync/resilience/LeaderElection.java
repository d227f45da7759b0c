package org.mfgsync.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.jboss.logging.Logger;

/**
 * Camel's cluster service on the leases of the state database ({@link ClusterLeases}): one leader per namespace among
 * the instances that share the database — replicas in Kubernetes and processes on one machine alike, without access to
 * the Kubernetes API. Routes that must run on one instance at a time (pollers of shared folders and tables, timers)
 * carry the route policy {@code leaderOnly} (ClusteredRoutePolicy over this service); Camel starts them where this
 * instance leads and stops them when it does not.
 * <p>
 * Each view tries to take or renew its lease every {@code renewInterval} for {@code leaseDuration}. A leader that cannot
 * renew (the database away, the process paused) steps down one renew interval before its lease runs out, so it has
 * stopped before another instance can take the lease; the other takes it at its first try after that. A view that stops
 * (the app shuts down) gives its lease up at once.
 */
public class LeaderElection extends AbstractCamelClusterService<LeaderElection.LeaseView> {

    private static final Logger LOG = Logger.getLogger("org.mfgsync.resilience");

    private final ClusterLeases leases;
    private final Duration leaseDuration;
    private final Duration renewInterval;
    private final Clock clock;
    private ScheduledExecutorService rounds;
    /**
     * Leadership changes are handed to the listeners (Camel starting or stopping the leader-only routes, which can take
     * seconds: a connect, in-flight exchanges finishing) on a thread of their own, in order, so the renewals go on.
     */
    private ExecutorService changes;
    private final List<LeaseView> views = new CopyOnWriteArrayList<>();
    /** Set as the stop begins: no view takes or announces leadership any more. */
    private volatile boolean stopping;
    /** How long a stop waits for the leader-only routes to stop before it gives the lease up anyway. */
    private final Duration stopWait = Duration.ofSeconds(30);

    public LeaderElection(ClusterLeases leases, Duration leaseDuration, Duration renewInterval, Clock clock) {
        super("state-store-leases");
        if (renewInterval.multipliedBy(3).compareTo(leaseDuration) > 0) {
            // a leader must be able to miss a round and still step down before its lease runs out
            throw new IllegalArgumentException("The lease (" + leaseDuration + ") must last at least three renew intervals ("
                    + renewInterval + ")");
        }
        this.leases = leases;
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
        this.clock = clock;
    }

    @Override
    protected void doStart() throws Exception {
        stopping = false;
        rounds = Executors.newSingleThreadScheduledExecutor(daemon("mfgsync-leader-election"));
        changes = Executors.newSingleThreadExecutor(daemon("mfgsync-leadership-change"));
        if (getCamelContext() != null && !getCamelContext().getManagementStrategy().getEventNotifiers().contains(atStop)) {
            getCamelContext().getManagementStrategy().addEventNotifier(atStop);
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (rounds != null) {
            rounds.shutdownNow();
            changes.shutdown();
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * At the start of a graceful stop: every view this instance leads stops its leader-only work and gives its lease up,
     * so another instance takes over within a renew interval instead of after this one's whole shutdown (in-flight work
     * finishing here stays claimed by this instance until it is done or released).
     */
    public void stepDown() {
        stopping = true;
        views.forEach(LeaseView::stepDown);
    }

    /**
     * The stop of the Camel context begins: step down before Camel shuts the routes down, so that no leadership change is
     * being carried out (a route starting) while Camel stops that same route.
     */
    private final EventNotifierSupport atStop = new EventNotifierSupport() {
        @Override
        public boolean isEnabled(CamelEvent event) {
            return event.getType() == CamelEvent.Type.CamelContextStopping;
        }

        @Override
        public void notify(CamelEvent event) {
            stepDown();
        }
    };

    /** Hands a leadership change to the listeners on the change thread, after the changes before it. */
    private Future<?> deliver(LeaseView view, Optional<CamelClusterMember> leader) {
        return changes.submit(() -> {
            if (leader.isPresent() && stopping) {
                return; // stepping down for the stop: no route starts any more
            }
            view.fire(leader);
        });
    }

    @Override
    protected LeaseView createView(String namespace) {
        LeaseView view = new LeaseView(namespace);
        views.add(view);
        return view;
    }

    /** The owner this instance's leases are held under. */
    public String owner() {
        return leases.owner();
    }

    /** True while this instance leads {@code namespace} (holds its lease and has not stepped down). */
    public boolean leads(String namespace) {
        for (LeaseView view : views) {
            if (view.getNamespace().equals(namespace) && view.isLeader()) {
                return true;
            }
        }
        return false;
    }

    /** One namespace: this instance leads it while it holds the namespace's lease. */
    public final class LeaseView extends AbstractCamelClusterView {

        private final CamelClusterMember local = new Member(leases.owner(), true);
        private volatile boolean leader;
        /** Until when the last lease this view took or renewed runs. */
        private volatile Instant heldUntil = Instant.MIN;
        /** The last round could not reach the database (logged once per outage). */
        private boolean unreachable;
        /** Stopped or stepped down for a stop: never leads again. */
        private boolean stopped;
        private ScheduledFuture<?> round;

        LeaseView(String namespace) {
            super(LeaderElection.this, namespace);
        }

        @Override
        protected synchronized void doStart() {
            stopped = false;
            round = rounds.scheduleWithFixedDelay(this::round, 0, renewInterval.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void doStop() {
            stepDown();
        }

        synchronized void stepDown() {
            stopped = true;
            if (round != null) {
                round.cancel(false);
            }
            if (leader) {
                leader = false;
                // after any change still being carried out, and waited for: the routes stop before the lease is given up
                try {
                    deliver(this, Optional.empty()).get(stopWait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
                    LOG.warnf("Leader-only routes not stopped before the lease is given up namespace=%s: %s", getNamespace(),
                            String.valueOf(e));
                }
                try {
                    leases.release(getNamespace());
                    LOG.infof("Leadership given up (stopping) namespace=%s instance=%s", getNamespace(), leases.owner());
                } catch (RuntimeException e) {
                    LOG.warnf("Leadership not given up, another instance takes it once the lease ran out namespace=%s: %s",
                            getNamespace(), e.getMessage());
                }
            }
        }

        /** One try to take or renew the lease; leadership follows its outcome. */
        synchronized void round() {
            if (stopped || stopping) {
                return;
            }
            Instant now = clock.instant();
            boolean held;
            try {
                held = leases.tryHold(getNamespace(), leaseDuration);
                if (held) {
                    heldUntil = now.plus(leaseDuration);
                }
                unreachable = false;
            } catch (RuntimeException e) {
                // the database did not answer: lead on only while the lease surely still runs
                held = leader && now.plus(renewInterval).isBefore(heldUntil);
                if (!unreachable) {
                    unreachable = true;
                    LOG.warnf("Lease not taken or renewed, the state database did not answer namespace=%s: %s", getNamespace(),
                            e.getMessage());
                }
            }
            if (held != leader) {
                leader = held;
                LOG.infof("Leadership %s namespace=%s instance=%s", held ? "taken" : "lost", getNamespace(), leases.owner());
                deliver(this, held ? Optional.of(local) : Optional.empty());
            }
        }

        void fire(Optional<CamelClusterMember> leader) {
            fireLeadershipChangedEvent(leader);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            if (leader) {
                return Optional.of(local);
            }
            try {
                return leases.holder(getNamespace()).map(owner -> new Member(owner, false));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            // the leases know the leader only; instances that wait are not recorded anywhere
            return getLeader().filter(member -> !member.isLocal()).map(member -> List.of(local, member)).orElse(List.of(local));
        }

        boolean isLeader() {
            return leader;
        }

        private final class Member implements CamelClusterMember {
            private final String id;
            private final boolean isLocal;

            Member(String id, boolean isLocal) {
                this.id = id;
                this.isLocal = isLocal;
            }

            @Override
            public String getId() {
                return id;
            }

            @Override
            public boolean isLeader() {
                return isLocal ? leader : true;
            }

            @Override
            public boolean isLocal() {
                return isLocal;
            }
        }
    }
}
