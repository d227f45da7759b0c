package org.mfgsync.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;

/**
 * {@code mfgsync.resilience.*}: outbound policy per target, exception playbooks per workflow, and the auto-retry
 * schedule. A misspelled key under this prefix fails the start. Route files read the same keys as placeholders.
 */
@ConfigMapping(prefix = "mfgsync.resilience")
public interface ResilienceConfig {

    /** What happens to a dead letter when no playbook names its workflow and error class. */
    @WithDefault("manual-review")
    Decision defaultDecision();

    /**
     * Exception playbooks by workflow (the route group, e.g. {@code quality-containment}).
     * Example: {@code mfgsync.resilience.playbooks.quality-containment.errors.http-409=auto-retry}.
     */
    Map<String, Playbook> playbooks();

    /** Outbound call policy by target (e.g. {@code erp-cloud}); a target not named here gets the defaults. */
    @WithDefaults
    Map<String, TargetPolicy> targets();

    AutoRetry autoRetry();

    /** The leases that choose the one instance running the leader-only routes (resilience.LeaderElection). */
    Leader leader();

    /**
     * Workflow steps that go on after their delivery, by step name: the route (a {@code direct:} workflow route) that
     * the delivery route calls with the target's answer once the target took the work, e.g.
     * {@code mfgsync.resilience.continuations.scar-opened=direct:quality.scar-opened}. A step without one is only
     * recorded in the trace when delivered.
     */
    Map<String, String> continuations();

    Idempotency idempotency();

    /**
     * Records of one poll of a consuming step (a workflow step, not a delivery) worked on at once, each of another
     * Kafka key: one key's records always run in order, one at a time.
     */
    @WithDefault("4")
    int stepConcurrency();

    /**
     * Waiting deliveries a backlog query reads at most per target (GET /api/v1/targets/{target}/waiting): the impact it
     * counts is over these; beyond them the answer says it is incomplete.
     */
    @WithDefault("10000")
    int backlogScanLimit();

    interface Idempotency {
        /**
         * How long a step's claim on a key holds without being confirmed, in milliseconds. Claims of keys in flight
         * are renewed; a claim left by an instance that stopped mid-step is taken over once its lease has run out.
         */
        @WithDefault("300000")
        long leaseMillis();
    }

    /** What the playbook decides for a dead letter. */
    enum Decision {
        /** replayed on a schedule until it succeeds or the attempts run out, then left for review */
        AUTO_RETRY,
        /** waits for an operator to replay or discard it */
        MANUAL_REVIEW,
        /** raises {@code mfgsync.escalation-raised.v1} for the business owner, and waits like a manual review */
        BUSINESS_ESCALATION
    }

    interface Playbook {
        /** Decision for this workflow's dead letters whose error class has no entry in {@code errors}. */
        Optional<Decision> decision();

        /**
         * Decision by error class: {@code http-<status>} (e.g. {@code http-409}), {@code http-4xx},
         * {@code invalid-payload} (unreadable or schema-invalid message), {@code unexpected}; for the SLA watchdog's
         * breaches of the workflow, {@code sla-<kind>} (e.g. {@code sla-containment-not-blocked}), then {@code sla-breached}
         * (business escalation raises EscalationRaised; the other decisions only record the breach).
         */
        Map<String, Decision> errors();
    }

    interface TargetPolicy {
        /**
         * How long a failing call is redelivered in place, in milliseconds. Then the consumer goes back to Kafka for
         * the held record (its offset is not committed) and starts over, which keeps it in its consumer group: stay
         * well below the consumer's {@code max.poll.interval.ms} (5 minutes by default).
         */
        @WithDefault("120000")
        long holdRoundMillis();

        /** Delay before the first redelivery, in milliseconds. */
        @WithDefault("500")
        long initialDelayMillis();

        /** Each redelivery waits this many times longer than the one before. */
        @WithDefault("2.0")
        double multiplier();

        /** Upper bound of the delay between two calls, in milliseconds (also caps a target's Retry-After). */
        @WithDefault("30000")
        long maxDelayMillis();

        /** Random spread of each delay, as a fraction (0.2 = up to 20 % shorter or longer), so replicas do not retry in step. */
        @WithDefault("0.2")
        double jitter();

        /**
         * Deliveries to this target in flight at once, each for another order key (plant:item:lot, PO...): the work of
         * one key is always delivered in order, one at a time. 1 keeps the whole target in sequence.
         */
        @WithDefault("1")
        int concurrency();

        /**
         * Calls the circuit breaker looks at before it may open. With a failure ratio of 100 this is the number of
         * consecutive failed calls that opens it — a threshold that a target's single ordered consumer reaches in an
         * outage, where it calls seldom because of the backoff.
         */
        @WithDefault("5")
        int breakerRequestVolume();

        /** Failed share of those calls, in percent, that opens the circuit (100: all of them, i.e. consecutive failures). */
        @WithDefault("100")
        int breakerFailureRatio();

        /** How long an open circuit refuses calls before it lets a trial call through, in milliseconds. */
        @WithDefault("10000")
        long breakerOpenMillis();

        /**
         * The operations delivered to this target and the connector route that performs each, e.g.
         * {@code mfgsync.resilience.targets.erp-cloud.operations.inventory-status=direct:erp.erp-cloud.inventory-status}.
         * The allowlist of the target's delivery route: a delivery record names only a target and an operation, and one
         * whose operation is not listed here is refused to the exceptions. Only {@code direct:} endpoints are allowed.
         */
        Map<String, String> operations();
    }

    interface Leader {
        /**
         * How long a leader's lease runs without being renewed: when a leader stops without giving its lease up (killed,
         * partitioned from the database), another instance takes over this much later at most.
         */
        @WithDefault("PT10S")
        Duration lease();

        /** How often every instance tries to take or renew the lease; at most a third of the lease. */
        @WithDefault("PT2S")
        Duration renewInterval();
    }

    interface AutoRetry {
        /** How often the auto-retry playbook looks for dead letters that are due, in milliseconds. */
        @WithDefault("60000")
        long periodMillis();

        /** Delay before the first automatic replay; the n-th waits n times as long. In milliseconds. */
        @WithDefault("300000")
        long delayMillis();

        /** Automatic replays of one dead letter before it is left for manual review. */
        @WithDefault("5")
        int maxAttempts();
    }
}
