package org.dispotify.crdt;

import java.util.Comparator;
import java.util.Objects;

/**
 * A hybrid logical clock timestamp (Kulkarni et al., 2014): wall-clock milliseconds, a counter that orders
 * events within one millisecond (or while the wall clock lags what this node has seen), and the node that
 * made it. The order is total: two writes never tie, so a last-writer-wins choice is the same on every
 * replica, whichever copy it merges first.
 *
 * @param millis  milliseconds since the epoch, as near the wall clock as causality allows
 * @param counter orders stamps with the same {@code millis}
 * @param node    the node that made the stamp (the last tie-break)
 */
public record Hlc(long millis, int counter, String node) implements Comparable<Hlc> {

    /** Earlier than any stamp a clock makes: the stamp of what was never written. */
    public static final Hlc ZERO = new Hlc(0, 0, "");

    private static final Comparator<Hlc> ORDER = Comparator.comparingLong(Hlc::millis)
            .thenComparingInt(Hlc::counter).thenComparing(Hlc::node);

    public Hlc {
        Objects.requireNonNull(node, "node");
        if (millis < 0 || counter < 0) {
            throw new IllegalArgumentException("an HLC stamp has no negative part: " + millis + "." + counter);
        }
    }

    @Override
    public int compareTo(Hlc other) {
        return ORDER.compare(this, other);
    }

    public boolean after(Hlc other) {
        return compareTo(other) > 0;
    }

    /** The later of two stamps. */
    public static Hlc max(Hlc a, Hlc b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code millis.counter@node}: sortable within one node, readable in logs. */
    @Override
    public String toString() {
        return millis + "." + counter + "@" + node;
    }
}
