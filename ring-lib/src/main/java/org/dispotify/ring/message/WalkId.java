package org.dispotify.ring.message;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identifies an alert walk; of two concurrent walks the lower (epoch, initiator) wins. {@code life} tells its
 * initiator's process lives apart (the ring node's start on its monotonic clock): a restarted process counts epochs
 * from the start again, and without it its first walks had the ids of walks its earlier life sent, which every member had seen and so dropped (simulator
 * seed 2324: a restarted node's balance check never came back, and the ring ended with 3 data nodes and 1 router).
 */
public record WalkId(long epoch, String initiator, long life) implements Comparable<WalkId> {

    private static final Comparator<WalkId> ORDER = Comparator.comparingLong(WalkId::epoch)
            .thenComparing(WalkId::initiator).thenComparingLong(WalkId::life);

    public WalkId {
        Objects.requireNonNull(initiator, "initiator");
    }

    /** A walk of a process whose life is not told apart (tests, and messages of members that send none). */
    public WalkId(long epoch, String initiator) {
        this(epoch, initiator, 0);
    }

    @Override
    public int compareTo(WalkId other) {
        return ORDER.compare(this, other);
    }

    /** {@code epoch/initiator}, and {@code .life} in hex when the initiator told its life. */
    @Override
    public String toString() {
        return life == 0 ? epoch + "/" + initiator : epoch + "/" + initiator + "." + Long.toHexString(life);
    }
}
