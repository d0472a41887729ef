package org.dispotify.ring.message;

import java.util.Comparator;
import java.util.Objects;

/** Identifies an alert walk; of two concurrent walks the lower (epoch, initiator) wins. */
public record WalkId(long epoch, String initiator) implements Comparable<WalkId> {

    private static final Comparator<WalkId> ORDER =
            Comparator.comparingLong(WalkId::epoch).thenComparing(WalkId::initiator);

    public WalkId {
        Objects.requireNonNull(initiator, "initiator");
    }

    @Override
    public int compareTo(WalkId other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return epoch + "/" + initiator;
    }
}
