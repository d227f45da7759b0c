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

    private final List<Pending> pending = new ArrayList<>();
    private int current;

    /** The batch of the record being worked on, or null outside a batch (then hand-overs are awaited one by one). */
    public static PollBatch of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, PollBatch.class);
    }

    void startRecord(int index) {
        current = index;
    }

    /** A hand-over of the current record, acknowledged later. */
    void handedOver(Future<?> acknowledgement) {
        pending.add(new Pending(current, acknowledgement, null));
    }

    /**
     * Runs {@code action} once every hand-over of the current record so far is acknowledged: state that says "handed
     * over" must not be written before it is true, or a hand-over lost with the broker would be skipped on the retry.
     */
    public void afterHandOver(Runnable action) {
        pending.add(new Pending(current, null, action));
    }

    /**
     * Waits for the acknowledgements in order and runs the after-hand-over actions. Answers the index of the first
     * record whose hand-over or action failed (that record and every later one are not done), or -1 when all are.
     */
    int complete(long timeoutMillis, Throwable[] failure) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Pending p : pending) {
            try {
                if (p.handOver() != null) {
                    p.handOver().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } else {
                    p.afterHandOver().run();
                }
            } catch (ExecutionException e) {
                failure[0] = e.getCause();
                return p.record();
            } catch (TimeoutException e) {
                failure[0] = new org.apache.kafka.common.errors.TimeoutException("a hand-over was not acknowledged within " + timeoutMillis + " ms");
                return p.record();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure[0] = e;
                return p.record();
            } catch (RuntimeException e) {
                failure[0] = e;
                return p.record();
            }
        }
        return -1;
    }
}
