package org.mfgsync.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;

/**
 * The work of one Kafka poll of a consuming step while {@link PollBatches} runs its records: what each record handed
 * over to Kafka (not yet acknowledged) and what each record does once its hand-overs are acknowledged. Records hand over
 * without waiting; the batch waits once for every acknowledgement before it confirms the claims and commits the
 * offsets, so a poll costs one round trip to the broker instead of one per record.
 */
public final class PollBatch {

    /** Exchange property of each record of a batch: the batch it belongs to. */
    public static final String PROPERTY = "mfgsyncPollBatch";

    private record Pending(int record, Future<?> handOver, Runnable afterHandOver) {
    }

    /** Exchange property of each record of a batch: its position in the poll. */
    static final String RECORD_INDEX = "mfgsyncPollRecord";

    private final List<Pending> pending = new ArrayList<>();

    /** The batch of the record being worked on, or null outside a batch (then hand-overs are awaited one by one). */
    public static PollBatch of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, PollBatch.class);
    }

    /** A hand-over of the exchange's record, acknowledged later. */
    void handedOver(Exchange exchange, Future<?> acknowledgement) {
        add(new Pending(indexOf(exchange), acknowledgement, null));
    }

    /**
     * Runs {@code action} once every hand-over of the exchange's record so far is acknowledged: state that says "handed
     * over" must not be written before it is true, or a hand-over lost with the broker would be skipped on the retry.
     */
    void afterHandOver(Exchange exchange, Runnable action) {
        add(new Pending(indexOf(exchange), null, action));
    }

    private synchronized void add(Pending p) {
        pending.add(p);
    }

    private static int indexOf(Exchange exchange) {
        return exchange.getProperty(RECORD_INDEX, Integer.class);
    }

    /**
     * Waits for the acknowledgements in the order they were asked for and runs the after-hand-over actions of the
     * records in {@code done}. A record whose hand-over or action failed is taken out of {@code done}, with its failure
     * in {@code failures}; a record's later actions are then not run.
     */
    synchronized void complete(long timeoutMillis, boolean[] done, Throwable[] failures) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Pending p : pending) {
            if (!done[p.record()]) {
                continue;
            }
            Throwable failure = null;
            try {
                if (p.handOver() != null) {
                    p.handOver().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } else {
                    p.afterHandOver().run();
                }
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (TimeoutException e) {
                failure = new org.apache.kafka.common.errors.TimeoutException(
                        "a hand-over was not acknowledged within " + timeoutMillis + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (RuntimeException e) {
                failure = e;
            }
            if (failure != null) {
                done[p.record()] = false;
                failures[p.record()] = failure;
            }
        }
    }
}
