package org.dispotify.crdt;

import java.util.function.LongSupplier;

/**
 * Makes the {@link Hlc} stamps of one node: each later than every stamp this node made or has seen, and
 * as close to its wall clock as that allows. A wall clock that steps back (NTP, a VM resumed) does not
 * reorder this node's writes; the counter carries on until the wall clock catches up.
 * <p>
 * A stamp seen from another node is adopted only up to {@code maxAheadMillis} past this node's wall clock:
 * one node with a clock set days ahead would otherwise drag every clock, and with them every later write's
 * stamp, to its time. Writes after such a stamp may then lose to it (last writer wins by stamp), which is
 * why the limit is worth logging where it bites ({@link #observe} returns false).
 */
public final class HybridClock {

    private final String node;
    private final LongSupplier wallMillis;
    private final long maxAheadMillis;
    private long millis;
    private int counter;

    public HybridClock(String node, LongSupplier wallMillis, long maxAheadMillis) {
        if (node == null || node.isEmpty()) {
            throw new IllegalArgumentException("a clock needs its node's id");
        }
        if (maxAheadMillis < 0) {
            throw new IllegalArgumentException("maxAheadMillis must not be negative");
        }
        this.node = node;
        this.wallMillis = wallMillis;
        this.maxAheadMillis = maxAheadMillis;
    }

    /** A clock on the system's wall clock that adopts stamps at most a minute ahead of it. */
    public static HybridClock system(String node) {
        return new HybridClock(node, System::currentTimeMillis, 60_000);
    }

    /** A new stamp for a write here: later than any stamp made or seen before. */
    public synchronized Hlc now() {
        long wall = wallMillis.getAsLong();
        if (wall > millis) {
            millis = wall;
            counter = 0;
        } else {
            tick();
        }
        return new Hlc(millis, counter, node);
    }

    /**
     * Takes in a stamp from another node (a write merged here), so that this node's next stamp is later.
     * Returns false, adopting it only up to the limit, when it is further ahead of the wall clock than that.
     */
    public synchronized boolean observe(Hlc seen) {
        long limit = wallMillis.getAsLong() + maxAheadMillis;
        boolean withinLimit = seen.millis() <= limit;
        long seenMillis = Math.min(seen.millis(), limit);
        int seenCounter = withinLimit ? seen.counter() : 0;
        if (seenMillis > millis || (seenMillis == millis && seenCounter > counter)) {
            millis = seenMillis;
            counter = seenCounter;
        }
        return withinLimit;
    }

    private void tick() {
        if (counter == Integer.MAX_VALUE) {
            // Two billion stamps in one millisecond: borrow the next millisecond rather than wrap.
            millis++;
            counter = 0;
        } else {
            counter++;
        }
    }
}
