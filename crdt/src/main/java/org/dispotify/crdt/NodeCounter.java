package org.dispotify.crdt;

import java.util.HashMap;
import java.util.Map;

/**
 * A grow-only counter kept per node (a G-counter): each node adds to its own count only, and a merge takes
 * each node's highest count. Play counts are these: two routers counting plays of one song at once both
 * count, and a copy merged twice counts once.
 *
 * @param counts each node's own count
 */
public record NodeCounter(Map<String, Long> counts) implements Mergeable<NodeCounter> {

    public NodeCounter {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        counts.values().forEach(count -> {
            if (count < 0) {
                throw new IllegalArgumentException("a node's count is never negative: " + count);
            }
        });
    }

    public static NodeCounter zero() {
        return new NodeCounter(Map.of());
    }

    /** This counter with {@code by} more counted by {@code node}. */
    public NodeCounter increment(String node, long by) {
        if (by < 0) {
            throw new IllegalArgumentException("a counter only grows; got " + by);
        }
        Map<String, Long> next = new HashMap<>(counts);
        next.merge(node, by, Math::addExact);
        return new NodeCounter(next);
    }

    public long value() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public NodeCounter merge(NodeCounter other) {
        Map<String, Long> merged = new HashMap<>(counts);
        other.counts.forEach((node, count) -> merged.merge(node, count, Math::max));
        return new NodeCounter(merged);
    }
}
